package io.daft.sqltests.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * One generated query, kept in parts so the reducer can drop select items, conjuncts and clauses and simplify
 * expressions. The FROM and GROUP BY clauses are text (their parts are referenced from elsewhere in the query).
 * Output columns are named {@code c0, c1, ...}; ORDER BY, when present, sorts by every output column (a total
 * order on distinct rows, so LIMIT is deterministic).
 *
 * @param shapes tags of what the query contains that a known wrong-answer class needs (see {@link QueryGenerator#KNOWN_SHAPES})
 */
record FuzzQuery(boolean distinct, List<Expr> select, String from, List<Expr> where, String groupBy,
                 List<Expr> having, List<Boolean> descending, OptionalInt limit, Set<String> shapes) {
    FuzzQuery {
        select = List.copyOf(select);
        requireNonNull(from, "from");
        where = List.copyOf(where);
        requireNonNull(groupBy, "groupBy");
        having = List.copyOf(having);
        descending = List.copyOf(descending);
        requireNonNull(limit, "limit");
        shapes = Set.copyOf(shapes);
        if (!descending.isEmpty() && descending.size() != select.size()) {
            throw new IllegalArgumentException("ORDER BY must list every output column");
        }
    }

    boolean ordered() {
        return !descending.isEmpty();
    }

    String sql() {
        StringBuilder sb = new StringBuilder("SELECT ");
        if (distinct) {
            sb.append("DISTINCT ");
        }
        for (int i = 0; i < select.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(select.get(i).sql()).append(" AS c").append(i);
        }
        sb.append(" FROM ").append(from);
        appendConjuncts(sb, " WHERE ", where);
        if (!groupBy.isEmpty()) {
            sb.append(" GROUP BY ").append(groupBy);
        }
        appendConjuncts(sb, " HAVING ", having);
        if (ordered()) {
            sb.append(" ORDER BY ");
            for (int i = 0; i < select.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append('c').append(i)
                        .append(descending.get(i) ? " DESC NULLS LAST" : " ASC NULLS FIRST");
            }
        }
        limit.ifPresent(n -> sb.append(" LIMIT ").append(n));
        return sb.toString();
    }

    private static void appendConjuncts(StringBuilder sb, String keyword, List<Expr> conjuncts) {
        for (int i = 0; i < conjuncts.size(); i++) {
            sb.append(i == 0 ? keyword : " AND ").append(conjuncts.get(i).sql());
        }
    }

    /** Every query one step smaller or simpler, biggest cuts first. */
    List<FuzzQuery> reductions() {
        List<FuzzQuery> out = new ArrayList<>();
        if (select.size() > 1) {
            for (int i = 0; i < select.size(); i++) {
                out.add(withSelect(without(select, i), ordered() ? without(descending, i) : descending));
            }
        }
        for (int i = 0; i < where.size(); i++) {
            out.add(new FuzzQuery(distinct, select, from, without(where, i), groupBy, having, descending, limit, shapes));
        }
        for (int i = 0; i < having.size(); i++) {
            out.add(new FuzzQuery(distinct, select, from, where, groupBy, without(having, i), descending, limit, shapes));
        }
        if (limit.isPresent()) {
            out.add(new FuzzQuery(distinct, select, from, where, groupBy, having, descending, OptionalInt.empty(), shapes));
        } else if (ordered()) {
            out.add(new FuzzQuery(distinct, select, from, where, groupBy, having, List.of(), limit, shapes));
        }
        if (distinct) {
            out.add(new FuzzQuery(false, select, from, where, groupBy, having, descending, limit, shapes));
        }
        for (int i = 0; i < select.size(); i++) {
            for (Expr s : select.get(i).simplifications()) {
                out.add(withSelect(replaced(select, i, s), descending));
            }
        }
        for (int i = 0; i < where.size(); i++) {
            for (Expr s : where.get(i).simplifications()) {
                out.add(new FuzzQuery(distinct, select, from, replaced(where, i, s), groupBy, having, descending, limit, shapes));
            }
        }
        for (int i = 0; i < having.size(); i++) {
            for (Expr s : having.get(i).simplifications()) {
                out.add(new FuzzQuery(distinct, select, from, where, groupBy, replaced(having, i, s), descending, limit, shapes));
            }
        }
        return out;
    }

    private FuzzQuery withSelect(List<Expr> items, List<Boolean> desc) {
        return new FuzzQuery(distinct, items, from, where, groupBy, having, desc, limit, shapes);
    }

    private static <T> List<T> without(List<T> list, int i) {
        List<T> copy = new ArrayList<>(list);
        copy.remove(i);
        return copy;
    }

    private static <T> List<T> replaced(List<T> list, int i, T value) {
        List<T> copy = new ArrayList<>(list);
        copy.set(i, value);
        return copy;
    }

    static Set<String> shapes(String... tags) {
        return new TreeSet<>(List.of(tags));
    }
}
