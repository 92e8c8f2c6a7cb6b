package io.daft.calcite;

import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.metadata.RelColumnOrigin;
import org.apache.calcite.rel.metadata.RelMdUtil;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.ImmutableBitSet;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Row estimates for {@link JoinOrder}, from table statistics: tables' rows (exact from Parquet footers),
 * Calcite's selectivity guesses for filters, and for an equi-join {@code a = b} the textbook
 * {@code L * R / max(ndv(a), ndv(b))}, each side's distinct values counted only within the other column's whole
 * domain (containment: a foreign key's values are among its key's, so lineitem's order keys, spread over a range
 * four times the orders table, still each find an order). An aggregate makes at most as many rows as its keys have
 * distinct values. The same model estimates joins below aggregates and sub-queries, so a factor's size is not
 * Calcite's default guess while the joins around it are ours.
 */
final class JoinCardinality {
    private final RelMetadataQuery mq;
    private final Map<RelNode, Double> rows = new IdentityHashMap<>();

    JoinCardinality(RelMetadataQuery mq) {
        this.mq = requireNonNull(mq, "mq");
    }

    /** Estimated rows of {@code rel}, at least 1. */
    double rows(RelNode rel) {
        Double known = rows.get(rel);
        if (known == null) {
            known = Math.max(1.0, estimate(rel));
            rows.put(rel, known);
        }
        return known;
    }

    private double estimate(RelNode node) {
        RelNode rel = node.stripped(); // the planner's wrapper (HepRelVertex) around the current expression
        if (rel != node) {
            return rows(rel);
        }
        if (rel instanceof TableScan || rel.getInputs().isEmpty()) {
            return calcite(rel);
        }
        if (rel instanceof Filter f) {
            return rows(f.getInput()) * RelMdUtil.guessSelectivity(f.getCondition());
        }
        if (rel instanceof Project p) {
            return rows(p.getInput());
        }
        if (rel instanceof Aggregate a) {
            if (a.getGroupSet().isEmpty()) {
                return 1;
            }
            double groups = 1;
            for (int key : a.getGroupSet()) {
                groups *= distinct(a.getInput(), key);
            }
            return Math.min(rows(a.getInput()), groups) * a.getGroupSets().size();
        }
        if (rel instanceof Join j && j.getJoinType() == JoinRelType.INNER) {
            int leftCount = j.getLeft().getRowType().getFieldCount();
            double out = rows(j.getLeft()) * rows(j.getRight());
            for (RexNode c : RelOptUtil.conjunctions(j.getCondition())) {
                int[] keys = equiKeys(c);
                if (keys != null && (keys[0] < leftCount) != (keys[1] < leftCount)) {
                    int l = Math.min(keys[0], keys[1]);
                    int r = Math.max(keys[0], keys[1]) - leftCount;
                    out *= equalitySelectivity(j.getLeft(), l, j.getRight(), r);
                } else if (!c.isAlwaysTrue()) {
                    out *= RelMdUtil.guessSelectivity(c);
                }
            }
            return out;
        }
        return calcite(rel);
    }

    private double calcite(RelNode rel) {
        Double r = mq.getRowCount(rel);
        return r == null ? 1e6 : r;
    }

    /**
     * What {@code a = b} keeps of the product of its sides: {@code 1 / max(ndv(a), ndv(b))}, each side's distinct
     * values counted within the other column's whole domain.
     */
    double equalitySelectivity(RelNode left, int a, RelNode right, int b) {
        double ndvA = Math.min(distinct(left, a), tableDistinct(right, b));
        double ndvB = Math.min(distinct(right, b), tableDistinct(left, a));
        return 1.0 / Math.max(1.0, Math.max(ndvA, ndvB));
    }

    /** Distinct values of a column of {@code rel}: its table column's in the whole table, at most the rows. */
    double distinct(RelNode rel, int column) {
        double bound = Math.min(rows(rel), tableDistinct(rel, column));
        Double calcite = mq.getDistinctRowCount(rel, ImmutableBitSet.of(column), null);
        if (calcite != null) {
            bound = Math.min(bound, calcite);
        }
        return Math.max(1.0, bound);
    }

    /** Distinct values of the table column a column of {@code rel} reads, in the whole table; infinite when unknown. */
    private double tableDistinct(RelNode rel, int column) {
        Set<RelColumnOrigin> origins = mq.getColumnOrigins(rel, column);
        if (origins == null || origins.size() != 1) {
            return Double.POSITIVE_INFINITY;
        }
        RelColumnOrigin o = origins.iterator().next();
        DaftTable daft = o.getOriginTable().unwrap(DaftTable.class);
        if (o.isDerived() || daft == null) {
            return Double.POSITIVE_INFINITY;
        }
        String name = o.getOriginTable().getRowType().getFieldNames().get(o.getOriginColumnOrdinal());
        OptionalLong ndv = daft.distinctUpperBound(name);
        return ndv.isPresent() ? ndv.getAsLong() : Double.POSITIVE_INFINITY;
    }

    /** The two input fields of {@code a = b} over plain (possibly cast) field references, else null. */
    static int[] equiKeys(RexNode condition) {
        if (condition.getKind() != SqlKind.EQUALS) {
            return null;
        }
        List<RexNode> ops = ((RexCall) condition).getOperands();
        if (RexUtil.removeCast(ops.get(0)) instanceof RexInputRef a && RexUtil.removeCast(ops.get(1)) instanceof RexInputRef b) {
            return new int[] {a.getIndex(), b.getIndex()};
        }
        return null;
    }
}
