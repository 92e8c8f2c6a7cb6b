package io.daft.execution.stages;

import io.daft.core.Schema;
import io.daft.physical.HashJoinPlan;
import io.daft.physical.PhysicalPlan;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Where a stage fragment reads the output of another stage: partition i of this node is partition i of stage
 * {@link #stage()}'s output (an exchange's reduce side), or, at the build side of a broadcast join, the whole
 * output the join builds its table from. Replaces the cut subtree, so a fragment holds nothing of other stages.
 */
public final class StageRead extends PhysicalPlan {
    private static final long serialVersionUID = 1L;

    private final StageId stage;
    private final Schema schema;
    private final int numPartitions;
    private final String source;

    public StageRead(StageId stage, Schema schema, int numPartitions, String source) {
        this.stage = requireNonNull(stage, "stage");
        this.schema = requireNonNull(schema, "schema");
        this.numPartitions = numPartitions;
        this.source = requireNonNull(source, "source");
    }

    public StageId stage() {
        return stage;
    }

    /** The stage a broadcast join builds its table from: the one its build side reads. */
    public static StageId broadcastStage(HashJoinPlan join) {
        PhysicalPlan side = join.strategy() == HashJoinPlan.Strategy.BROADCAST_LEFT ? join.left() : join.right();
        return readOf(side).orElseThrow(() -> new IllegalStateException(
                "the build side of " + join.describe() + " is not a stage input: plan the query into stages first"));
    }

    private static Optional<StageId> readOf(PhysicalPlan node) {
        return node instanceof StageRead ? Optional.of(((StageRead) node).stage) : Optional.empty();
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public List<PhysicalPlan> children() {
        return List.of();
    }

    @Override
    public int numPartitions() {
        return numPartitions;
    }

    @Override
    public String describe() {
        return "StageRead: " + stage + " (" + source + ")";
    }
}
