package io.daft.logical;

import io.daft.core.DaftException;
import io.daft.core.Schema;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** Skips {@code offset} rows then keeps at most {@code limit}. Row order is the input's. */
public final class Limit extends LogicalPlan {
    private final LogicalPlan input;
    private final long limit;
    private final long offset;

    public Limit(LogicalPlan input, long limit, long offset) {
        this.input = requireNonNull(input, "input");
        if (limit < 0 || offset < 0) {
            throw new DaftException("limit and offset must be >= 0, got limit " + limit + " offset " + offset);
        }
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
    public List<LogicalPlan> children() {
        return List.of(input);
    }

    @Override
    public LogicalPlan withChildren(List<LogicalPlan> children) {
        return new Limit(children.get(0), limit, offset);
    }

    @Override
    public String describe() {
        return "Limit: " + limit + (offset > 0 ? " offset " + offset : "");
    }
}
