package io.daft.execution.stages;

import io.daft.micropartition.MicroPartition;
import io.daft.micropartition.PartitionSetRef;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A query cut into a DAG of {@link Stage}s at exchanges and broadcast builds, in dependency order: every stage
 * comes after the stages it reads, and the last one produces the result. Built by {@link StagePlanner}.
 */
public final class StagePlan {
    private final List<Stage> stages;
    private final Map<StageId, Stage> byId = new HashMap<>();
    /** The in-memory partition sets the plan reads, resolved in the JVM that planned it; held while the plan is. */
    private final Map<PartitionSetRef, List<MicroPartition>> partitionSets;

    StagePlan(List<Stage> stages, Map<PartitionSetRef, List<MicroPartition>> partitionSets) {
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a stage plan needs at least the result stage");
        }
        this.stages = List.copyOf(stages);
        this.partitionSets = Map.copyOf(partitionSets);
        for (Stage s : this.stages) {
            for (StageId in : s.inputs()) {
                if (!byId.containsKey(in)) {
                    throw new IllegalArgumentException(s.id() + " reads " + in + ", which does not come before it");
                }
            }
            byId.put(s.id(), s);
        }
    }

    /** Every stage, each after the stages it reads; the result stage last. */
    public List<Stage> stages() {
        return stages;
    }

    public Stage stage(StageId id) {
        Stage s = byId.get(requireNonNull(id, "id"));
        if (s == null) {
            throw new IllegalArgumentException("no " + id + " in this plan");
        }
        return s;
    }

    /** The stage whose output is the query's result. */
    public Stage resultStage() {
        return stages.get(stages.size() - 1);
    }

    /** The stages that read {@code id}'s output. */
    public List<Stage> consumers(StageId id) {
        List<Stage> out = new ArrayList<>();
        for (Stage s : stages) {
            if (s.inputs().contains(id)) {
                out.add(s);
            }
        }
        return out;
    }

    /** The partitions of an in-memory set the plan reads, as resolved when it was planned. */
    public Optional<List<MicroPartition>> partitionSet(PartitionSetRef ref) {
        return Optional.ofNullable(partitionSets.get(ref));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Stage s : stages) {
            sb.append(s).append('\n');
        }
        return sb.toString();
    }
}
