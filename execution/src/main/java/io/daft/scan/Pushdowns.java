package io.daft.scan;

import io.daft.dsl.Expr;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the optimizer pushed into a scan: the columns to read (absent: all), a filter (readers may use it to
 * skip row groups and must still return every row that passes; the scan applies it exactly afterwards) and a
 * row limit (only pushed when no filter is). Serializable: scan tasks travel to other JVMs.
 */
public final class Pushdowns implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Nullable fields rather than Optionals, which do not serialize. */
    private final ArrayList<String> columns;
    private final Expr filter;
    private final Long limit;

    public Pushdowns(Optional<List<String>> columns, Optional<Expr> filter, OptionalLong limit) {
        this.columns = columns.map(ArrayList::new).orElse(null);
        this.filter = filter.orElse(null);
        this.limit = limit.isPresent() ? limit.getAsLong() : null;
    }

    public static Pushdowns none() {
        return new Pushdowns(Optional.empty(), Optional.empty(), OptionalLong.empty());
    }

    public Optional<List<String>> columns() {
        return Optional.ofNullable(columns).map(List::copyOf);
    }

    public Optional<Expr> filter() {
        return Optional.ofNullable(filter);
    }

    public OptionalLong limit() {
        return limit == null ? OptionalLong.empty() : OptionalLong.of(limit);
    }

    public Pushdowns withColumns(List<String> cols) {
        return new Pushdowns(Optional.of(cols), filter(), limit());
    }

    public Pushdowns withFilter(Expr f) {
        return new Pushdowns(columns(), Optional.of(f), limit());
    }

    public Pushdowns withLimit(long n) {
        return new Pushdowns(columns(), filter(), OptionalLong.of(n));
    }

    public boolean isEmpty() {
        return columns == null && filter == null && limit == null;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Pushdowns)) {
            return false;
        }
        Pushdowns p = (Pushdowns) o;
        return Objects.equals(columns, p.columns) && Objects.equals(filter, p.filter) && Objects.equals(limit, p.limit);
    }

    @Override
    public int hashCode() {
        return Objects.hash(columns, filter, limit);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (columns != null) {
            sb.append("columns=").append(columns);
        }
        if (filter != null) {
            sb.append(sb.length() > 0 ? ", " : "").append("filter=").append(filter);
        }
        if (limit != null) {
            sb.append(sb.length() > 0 ? ", " : "").append("limit=").append(limit);
        }
        return sb.toString();
    }
}
