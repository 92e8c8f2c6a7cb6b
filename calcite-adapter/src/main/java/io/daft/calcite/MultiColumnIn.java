package io.daft.calcite;

import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.tools.RelBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A several-column {@code (a1, ..., an) IN (SELECT x1, ..., xn ...)} whose three-valued answer matters (in the
 * select list, CASE, under NOT; not a filter's plain conjunct), rewritten into LEFT joins against aggregates of the
 * sub-query, each grouped by some of its columns, so no outer row is repeated. Calcite's rewrite joins on
 * {@code (a1 = x1 OR x1 IS NULL) AND ...}, which repeats an outer row matching a tuple exactly and another one
 * with NULLs.
 *
 * <p>The IN is TRUE when a sub-query row equals the outer tuple on every column, else NULL when some row could
 * equal it (on every column one side is NULL or both are equal), else FALSE (so FALSE on an empty sub-query).
 * "Could equal" is decided without comparing pairs: with K the columns where the outer tuple is not NULL, a row
 * could equal it exactly when, for some C within K, the row equals the outer tuple on C and is NULL on the rest of
 * K. So for each C there is one LEFT join on C's columns against the sub-query's rows that are not NULL on C,
 * grouped by them, with one flag per set U of other columns: does the group have a row NULL on all of U. An outer
 * row with non-NULL columns K reads, for each C within K, the flag of {@code U = K - C}. C = all columns is the
 * exact match; C = none is a global aggregate (joined on TRUE). Columns that cannot be NULL (on either side) prune
 * the sets, so {@code (a, b)} of nullable columns takes four joins at most; more than {@value #MAX_COLUMNS}
 * columns are left to Calcite.
 */
final class MultiColumnIn {
    /** 2^n joins for n columns: beyond this, Calcite's rewrite (right except for the repeated rows above). */
    static final int MAX_COLUMNS = 4;

    private MultiColumnIn() {
    }

    /**
     * The value of {@code e} over the row on {@code b}'s stack, after joining that row with what it needs; empty if
     * {@code e} is not a several-column IN asked with {@code logic} TRUE_FALSE_UNKNOWN or UNKNOWN_AS_TRUE, or no
     * column can be NULL (then Calcite's equality join is right).
     */
    static Optional<RexNode> rewrite(RexSubQuery e, Set<CorrelationId> variablesSet, RelOptUtil.Logic logic, RelBuilder b) {
        List<RexNode> a = e.getOperands();
        int n = a.size();
        if (e.getKind() != SqlKind.IN || n < 2 || n > MAX_COLUMNS
                || logic != RelOptUtil.Logic.TRUE_FALSE_UNKNOWN && logic != RelOptUtil.Logic.UNKNOWN_AS_TRUE) {
            return Optional.empty();
        }
        List<RelDataTypeField> x = e.rel.getRowType().getFieldList();
        int all = (1 << n) - 1;
        int nullableA = 0;
        int nullableX = 0;
        for (int i = 0; i < n; i++) {
            nullableA |= a.get(i).getType().isNullable() ? 1 << i : 0;
            nullableX |= x.get(i).getType().isNullable() ? 1 << i : 0;
        }
        if (nullableA == 0 && nullableX == 0) {
            return Optional.empty();
        }
        int notNullA = all & ~nullableA;
        RexNode exact = null;
        List<RexNode> possible = new ArrayList<>();
        for (int c = all; c >= 0; c--) {
            // the sets U of other columns where a row may be NULL, such that K = C + U holds every non-nullable key
            List<Integer> us = new ArrayList<>();
            int others = all & ~c & nullableX;
            for (int u = others; ; u = (u - 1) & others) {
                if (((c | u) & notNullA) == notNullA) {
                    us.add(u);
                }
                if (u == 0) {
                    break;
                }
            }
            if (us.isEmpty()) {
                continue;
            }
            int left = b.peek().getRowType().getFieldCount();
            b.push(e.rel);
            List<RexNode> keys = new ArrayList<>();
            List<RexNode> notNull = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if ((c & 1 << i) != 0) {
                    keys.add(b.field(i));
                    notNull.add(b.isNotNull(b.field(i)));
                }
            }
            b.filter(notNull);
            List<RelBuilder.AggCall> flags = new ArrayList<>();
            for (int u : us) {
                List<RexNode> nulls = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if ((u & 1 << i) != 0) {
                        nulls.add(b.isNull(b.field(i)));
                    }
                }
                RexNode flag = nulls.isEmpty() ? b.literal(1)
                        : b.call(SqlStdOperatorTable.CASE, b.and(nulls), b.literal(1), b.literal(0));
                flags.add(b.max(flag));
            }
            b.aggregate(b.groupKey(keys), flags);
            List<RexNode> on = new ArrayList<>();
            for (int i = 0, k = 0; i < n; i++) {
                if ((c & 1 << i) != 0) {
                    on.add(b.equals(a.get(i), b.field(2, 1, k++)));
                }
            }
            b.join(JoinRelType.LEFT, b.and(on), variablesSet);
            for (int j = 0; j < us.size(); j++) {
                int k = c | us.get(j);
                RexNode term = b.and(nonNullExactly(b, a, k),
                        b.equals(b.field(left + keys.size() + j), b.literal(1)));
                if (k == all && c == all) {
                    exact = term;
                }
                possible.add(term);
            }
        }
        RexNode isPossible = b.call(SqlStdOperatorTable.IS_TRUE, b.or(possible));
        RexNode result = logic == RelOptUtil.Logic.UNKNOWN_AS_TRUE ? isPossible
                : b.call(SqlStdOperatorTable.CASE, b.call(SqlStdOperatorTable.IS_TRUE, exact), b.literal(true),
                        isPossible, b.getRexBuilder().makeNullLiteral(e.getType()), b.literal(false));
        return Optional.of(e.getType().isNullable() && !result.getType().isNullable()
                ? b.getRexBuilder().makeCast(e.getType(), result, false, false) : result);
    }

    /** Whether the outer tuple is not NULL on the columns of {@code k} and NULL on the others. */
    private static RexNode nonNullExactly(RelBuilder b, List<RexNode> a, int k) {
        List<RexNode> conditions = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).getType().isNullable()) {
                continue;
            }
            conditions.add((k & 1 << i) != 0 ? b.isNotNull(a.get(i)) : b.isNull(a.get(i)));
        }
        return b.and(conditions);
    }
}
