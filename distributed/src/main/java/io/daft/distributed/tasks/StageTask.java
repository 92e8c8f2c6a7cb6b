package io.daft.distributed.tasks;

import io.daft.distributed.shuffle.MapOutputDescriptor;
import io.daft.execution.stages.Stage;
import io.daft.execution.stages.StageId;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One task of a stage, as the driver sends it to a worker: the stage (its fragment and execution config), which
 * partition to compute, where every input lives (the map outputs of each stage it reads, and the partitions of
 * in-memory sets, each served by the node holding it), and the step of a RANGE or ORDERED exchange. Self-contained:
 * a worker needs nothing else from the driver.
 */
public final class StageTask implements Serializable {
    private static final long serialVersionUID = 1L;

    /** What the task does with its rows. */
    public enum Step {
        /** Computes the partition and stores it split over the stage output's partitions (one for broadcast and result). */
        RUN,
        /** RANGE/ORDERED exchange, step 1: keeps the partition on the worker, returns its row count and key sample. */
        BUFFER,
        /** RANGE/ORDERED exchange, step 3: splits the kept partition at the driver's cuts and stores the pieces. */
        SPLIT
    }

    private final String queryId;
    private final Stage stage;
    private final int task;
    private final int attempt;
    private final Step step;
    private final Map<StageId, List<MapOutputDescriptor>> stageInputs;
    private final Map<String, List<MapOutputDescriptor>> partitionSets;
    private final byte[] cuts;   // SPLIT only (Optional is not serializable)

    public StageTask(String queryId, Stage stage, int task, int attempt, Step step,
                     Map<StageId, List<MapOutputDescriptor>> stageInputs, Map<String, List<MapOutputDescriptor>> partitionSets,
                     Optional<byte[]> cuts) {
        this.queryId = requireNonNull(queryId, "queryId");
        this.stage = requireNonNull(stage, "stage");
        if (task < 0 || task >= stage.numTasks()) {
            throw new IllegalArgumentException("task " + task + " of " + stage.id() + ", which has " + stage.numTasks());
        }
        this.task = task;
        this.attempt = attempt;
        this.step = requireNonNull(step, "step");
        this.stageInputs = Map.copyOf(stageInputs);
        this.partitionSets = Map.copyOf(partitionSets);
        this.cuts = cuts.orElse(null);
        if ((step == Step.SPLIT) != (this.cuts != null)) {
            throw new IllegalArgumentException("cuts go with the SPLIT step only: " + step);
        }
    }

    public String queryId() {
        return queryId;
    }

    public Stage stage() {
        return stage;
    }

    public int task() {
        return task;
    }

    /** 0 for the first try; retries count up. */
    public int attempt() {
        return attempt;
    }

    public Step step() {
        return step;
    }

    /** Per stage read, the map outputs of all its tasks in task order. */
    public Map<StageId, List<MapOutputDescriptor>> stageInputs() {
        return stageInputs;
    }

    /** Per in-memory partition set read (by id), one stored output per partition, in partition order. */
    public Map<String, List<MapOutputDescriptor>> partitionSets() {
        return partitionSets;
    }

    /** The exchange's cuts, encoded by {@link ExchangeCuts}, for the SPLIT step. */
    public Optional<byte[]> cuts() {
        return Optional.ofNullable(cuts);
    }

    @Override
    public String toString() {
        return queryId + " " + stage.id() + " task " + task + " (" + step.name().toLowerCase(java.util.Locale.ROOT)
                + (attempt > 0 ? ", attempt " + (attempt + 1) : "") + ")";
    }
}
