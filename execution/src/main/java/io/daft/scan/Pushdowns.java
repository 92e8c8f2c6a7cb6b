package io.daft.scan;

import io.daft.dsl.Expr;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the optimizer pushed into a scan: the columns to read (absent: all), a filter (readers may use it to
 * skip row groups and must still return every row that passes; the scan applies it exactly afterwards) and a
 * row limit (only pushed when no filter is).
 */
public record Pushdowns(Optional<List<String>> columns, Optional<Expr> filter, OptionalLong limit) implements Serializable {
    public static Pushdowns none() {
        return new Pushdowns(Optional.empty(), Optional.empty(), OptionalLong.empty());
    }

    public Pushdowns {
        columns = columns.map(List::copyOf);
    }

    public Pushdowns withColumns(List<String> cols) {
        return new Pushdowns(Optional.of(cols), filter, limit);
    }

    public Pushdowns withFilter(Expr f) {
        return new Pushdowns(columns, Optional.of(f), limit);
    }

    public Pushdowns withLimit(long n) {
        return new Pushdowns(columns, filter, OptionalLong.of(n));
    }

    public boolean isEmpty() {
        return columns.isEmpty() && filter.isEmpty() && limit.isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        columns.ifPresent(c -> sb.append("columns=").append(c));
        filter.ifPresent(f -> sb.append(sb.length() > 0 ? ", " : "").append("filter=").append(f));
        limit.ifPresent(l -> sb.append(sb.length() > 0 ? ", " : "").append("limit=").append(l));
        return sb.toString();
    }
}
