package io.daft.physical;

import io.daft.core.Schema;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** Per partition: skips {@code offset} rows and keeps {@code limit}; stops pulling its input once done. */
public final class LimitPlan extends PhysicalPlan {
    private static final long serialVersionUID = 1L;

    private final PhysicalPlan input;
    private final long limit;
    private final long offset;

    public LimitPlan(PhysicalPlan input, long limit, long offset) {
        this.input = requireNonNull(input, "input");
        this.limit = limit;
        this.offset = offset;
    }

    public long limit() {
        return limit;
    }

    public long offset() {
        return offset;
    }

    @Override
    public Schema schema() {
        return input.schema();
    }

    @Override
    public List<PhysicalPlan> children() {
        return List.of(input);
    }

    @Override
    public int numPartitions() {
        return input.numPartitions();
    }

    @Override
    public String describe() {
        return "Limit: " + limit + (offset > 0 ? " offset " + offset : "");
    }
}
