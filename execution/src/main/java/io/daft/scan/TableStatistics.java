package io.daft.scan;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * What file metadata says about a table, for planning: its exact row count and, for integer-valued columns
 * (integers, dates, timestamps) whose every file has bounds, the range of values. A range bounds the number of
 * distinct values, which is what join ordering needs to estimate how many rows a join makes.
 */
public record TableStatistics(long rowCount, Map<String, LongRange> ranges) {
    /** The closed range {@code [min, max]} of a column's non-null values. */
    public record LongRange(long min, long max) {
        LongRange union(LongRange o) {
            return new LongRange(Math.min(min, o.min), Math.max(max, o.max));
        }

        /** Values in the range, saturating at Long.MAX_VALUE. */
        long width() {
            long w = max - min + 1;
            return w <= 0 ? Long.MAX_VALUE : w;
        }
    }

    public TableStatistics {
        if (rowCount < 0) {
            throw new IllegalArgumentException("rowCount < 0: " + rowCount);
        }
        ranges = Map.copyOf(requireNonNull(ranges, "ranges"));
    }

    /** An upper bound on the distinct non-null values of {@code column}, when its range is known. */
    public OptionalLong distinctUpperBound(String column) {
        LongRange r = ranges.get(column);
        return r == null ? OptionalLong.empty() : OptionalLong.of(Math.min(rowCount, r.width()));
    }

    /** Statistics of two sets of files together: rows add up, a column keeps a range only if both have one. */
    public TableStatistics union(TableStatistics o) {
        Map<String, LongRange> merged = new HashMap<>();
        for (Map.Entry<String, LongRange> e : ranges.entrySet()) {
            LongRange other = o.ranges.get(e.getKey());
            if (other != null) {
                merged.put(e.getKey(), e.getValue().union(other));
            }
        }
        return new TableStatistics(rowCount + o.rowCount, merged);
    }

    /** Statistics of a table's files, when each file has them (empty when any file does not). */
    static Optional<TableStatistics> ofFiles(Iterable<String> files, FormatReader reader) {
        TableStatistics all = null;
        for (String f : files) {
            Optional<TableStatistics> s = reader.statistics(f);
            if (s.isEmpty()) {
                return Optional.empty();
            }
            all = all == null ? s.get() : all.union(s.get());
        }
        return Optional.ofNullable(all);
    }
}
