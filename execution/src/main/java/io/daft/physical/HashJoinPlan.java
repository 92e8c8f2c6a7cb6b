package io.daft.physical;

import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.dsl.Expr;
import io.daft.ops.join.JoinType;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Hash join on key columns. BROADCAST builds one table from every partition of the broadcast side and probes
 * it with each partition of the other side; PARTITIONED joins partition i with partition i (both sides
 * hash-partitioned on the keys), building from the side {@link Strategy} names. Output: left columns then right columns (SEMI/ANTI: left only).
 */
public final class HashJoinPlan extends PhysicalPlan {
    private static final long serialVersionUID = 1L;

    /**
     * How the sides meet. PARTITIONED builds each partition's table from the right side and probes it with the
     * left; PARTITIONED_BUILD_LEFT builds from the left (the smaller side of a semi or anti join) and probes with
     * the right, emitting the left rows that (never) matched when the partition is done.
     */
    public enum Strategy {
        BROADCAST_LEFT, BROADCAST_RIGHT, PARTITIONED, PARTITIONED_BUILD_LEFT;

        /** Whether one side is built into a single table shared by every partition of the other. */
        public boolean broadcast() {
            return this == BROADCAST_LEFT || this == BROADCAST_RIGHT;
        }
    }

    private final PhysicalPlan left;
    private final PhysicalPlan right;
    private final List<String> leftKeys;
    private final List<String> rightKeys;
    private final JoinType joinType;
    private final Strategy strategy;
    /** Nullable rather than Optional, which does not serialize. */
    private final Expr residual;
    private final Schema schema;

    public HashJoinPlan(PhysicalPlan left, PhysicalPlan right, List<String> leftKeys, List<String> rightKeys,
                        JoinType joinType, Strategy strategy, Optional<Expr> residual) {
        this.left = requireNonNull(left, "left");
        this.right = requireNonNull(right, "right");
        this.leftKeys = List.copyOf(leftKeys);
        this.rightKeys = List.copyOf(rightKeys);
        this.joinType = requireNonNull(joinType, "joinType");
        this.strategy = requireNonNull(strategy, "strategy");
        this.residual = residual.orElse(null);
        if (!strategy.broadcast() && left.numPartitions() != right.numPartitions()) {
            throw new IllegalArgumentException("partitioned join needs equal partition counts, got "
                    + left.numPartitions() + " and " + right.numPartitions());
        }
        this.schema = joinType == JoinType.SEMI || joinType == JoinType.ANTI ? left.schema() : joinedSchema();
    }

    /** Left columns then right columns: the row the residual sees. */
    public Schema joinedSchema() {
        List<Field> fields = new ArrayList<>(left.schema().fields());
        for (Field f : right.schema().fields()) {
            fields.add(new Field(f.name(), f.dataType(), true));
        }
        List<Field> nullable = new ArrayList<>();
        for (Field f : fields) {
            nullable.add(new Field(f.name(), f.dataType(), true));
        }
        return new Schema(nullable);
    }

    public PhysicalPlan left() {
        return left;
    }

    public PhysicalPlan right() {
        return right;
    }

    public List<String> leftKeys() {
        return leftKeys;
    }

    public List<String> rightKeys() {
        return rightKeys;
    }

    public JoinType joinType() {
        return joinType;
    }

    public Strategy strategy() {
        return strategy;
    }

    public Optional<Expr> residual() {
        return Optional.ofNullable(residual);
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public List<PhysicalPlan> children() {
        return List.of(left, right);
    }

    @Override
    public int numPartitions() {
        switch (strategy) {
            case BROADCAST_LEFT: return right.numPartitions();
            case BROADCAST_RIGHT: return left.numPartitions();
            default: return left.numPartitions();
        }
    }

    @Override
    public String describe() {
        return "HashJoin(" + strategy + "): " + joinType + " on " + leftKeys + " = " + rightKeys
                + (residual == null ? "" : " and " + residual);
    }
}
