package io.daft.physical;

import io.daft.core.Schema;

import java.util.List;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * Sorts each partition on key columns; with a limit, keeps only the first {@code limit} rows after skipping
 * {@code offset} (top-N, which never holds more than limit + offset rows).
 */
public final class SortPlan extends PhysicalPlan {
    private static final long serialVersionUID = 1L;

    private final PhysicalPlan input;
    private final List<String> keys;
    private final boolean[] descending;
    private final boolean[] nullsFirst;
    /** Negative for none: OptionalLong does not serialize. */
    private final long limit;
    private final long offset;

    public SortPlan(PhysicalPlan input, List<String> keys, boolean[] descending, boolean[] nullsFirst, OptionalLong limit, long offset) {
        this.input = requireNonNull(input, "input");
        this.keys = List.copyOf(keys);
        this.descending = descending.clone();
        this.nullsFirst = nullsFirst.clone();
        this.limit = limit.isPresent() ? limit.getAsLong() : -1;
        this.offset = offset;
    }

    public List<String> keys() {
        return keys;
    }

    public int[] keyIndices() {
        return input.schema().indicesOf(keys);
    }

    public boolean[] descending() {
        return descending.clone();
    }

    public boolean[] nullsFirst() {
        return nullsFirst.clone();
    }

    public OptionalLong limit() {
        return limit < 0 ? OptionalLong.empty() : OptionalLong.of(limit);
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
        StringBuilder sb = new StringBuilder(limit >= 0 ? "TopN: " : "Sort: ");
        for (int i = 0; i < keys.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(keys.get(i)).append(descending[i] ? " DESC" : " ASC").append(nullsFirst[i] ? " NULLS FIRST" : " NULLS LAST");
        }
        if (limit >= 0) {
            sb.append(" limit ").append(limit);
        }
        if (offset > 0) {
            sb.append(" offset ").append(offset);
        }
        return sb.toString();
    }
}
