package io.daft.parquet;

import io.daft.core.DataType;
import io.daft.core.Schema;
import io.daft.core.TimeUnit;
import io.daft.core.TypeId;
import io.daft.dsl.Alias;
import io.daft.dsl.Between;
import io.daft.dsl.BinaryExpr;
import io.daft.dsl.BinaryOp;
import io.daft.dsl.ColumnRef;
import io.daft.dsl.Expr;
import io.daft.dsl.InList;
import io.daft.dsl.Literal;
import io.daft.dsl.UnaryExpr;
import io.daft.dsl.UnaryOp;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.OptionalInt;

/**
 * Decides from a row group's statistics whether any of its rows may pass a filter. Conservative: it answers
 * "may match" unless the statistics prove that no row makes the filter TRUE (SQL three-valued logic: each node
 * is analysed for whether it may be TRUE and whether it may be FALSE, so NOT is exact). Understood: column vs
 * literal comparisons (either order), AND/OR/NOT, IS [NOT] NULL, [NOT] BETWEEN and [NOT] IN over literals;
 * everything else may match. Values are compared in the column's type: integers, decimals, dates and
 * timestamps exactly (timestamp units and dates are converted); comparisons mixing floats with exact numbers
 * widen the statistics outward so both exact and float-cast evaluation are covered; strings by UTF-8 bytes
 * (the Parquet order, and DuckDB's). Float statistics exclude NaN, so on float columns only the "true" side of
 * {@code <}, {@code <=} and {@code =} may prune (a NaN row may pass {@code >}, {@code >=}, {@code !=}).
 */
public final class RowGroupPruner {
    private static final Tri UNKNOWN = new Tri(true, true);
    private static final Tri NEVER = new Tri(false, false);

    private RowGroupPruner() {
    }

    /** False only if no row of the row group can satisfy {@code filter}. */
    public static boolean mayMatch(Expr filter, RowGroupInfo rowGroup, Schema schema) {
        try {
            return analyse(filter, rowGroup, schema).mayBeTrue;
        } catch (RuntimeException e) {
            return true;   // anything we did not foresee: do not prune
        }
    }

    /** Whether a predicate may be TRUE / may be FALSE for some row (NULL is neither). */
    private record Tri(boolean mayBeTrue, boolean mayBeFalse) {
        Tri not() {
            return new Tri(mayBeFalse, mayBeTrue);
        }

        Tri and(Tri o) {
            return new Tri(mayBeTrue && o.mayBeTrue, mayBeFalse || o.mayBeFalse);
        }

        Tri or(Tri o) {
            return new Tri(mayBeTrue || o.mayBeTrue, mayBeFalse && o.mayBeFalse);
        }
    }

    private static Tri analyse(Expr e, RowGroupInfo rg, Schema schema) {
        if (e instanceof Alias) {
            return analyse(((Alias) e).child(), rg, schema);
        }
        if (e instanceof BinaryExpr) {
            BinaryExpr b = (BinaryExpr) e;
            if (b.op() == BinaryOp.AND) {
                return analyse(b.left(), rg, schema).and(analyse(b.right(), rg, schema));
            }
            if (b.op() == BinaryOp.OR) {
                return analyse(b.left(), rg, schema).or(analyse(b.right(), rg, schema));
            }
            if (b.op().isComparison() && b.op() != BinaryOp.EQ_NULL_SAFE) {
                if (b.left() instanceof ColumnRef && b.right() instanceof Literal) {
                    return compare((ColumnRef) b.left(), b.op(), (Literal) b.right(), rg, schema);
                }
                if (b.right() instanceof ColumnRef && b.left() instanceof Literal) {
                    return compare((ColumnRef) b.right(), flip(b.op()), (Literal) b.left(), rg, schema);
                }
            }
            return UNKNOWN;
        }
        if (e instanceof UnaryExpr) {
            UnaryExpr u = (UnaryExpr) e;
            if (u.op() == UnaryOp.NOT) {
                return analyse(u.child(), rg, schema).not();
            }
            if ((u.op() == UnaryOp.IS_NULL || u.op() == UnaryOp.IS_NOT_NULL) && u.child() instanceof ColumnRef) {
                Tri isNull = isNull((ColumnRef) u.child(), rg, schema);
                return u.op() == UnaryOp.IS_NULL ? isNull : isNull.not();
            }
            return UNKNOWN;
        }
        if (e instanceof Between) {
            Between b = (Between) e;
            if (b.child() instanceof ColumnRef && b.low() instanceof Literal && b.high() instanceof Literal) {
                ColumnRef c = (ColumnRef) b.child();
                Tri t = compare(c, BinaryOp.GTE, (Literal) b.low(), rg, schema)
                        .and(compare(c, BinaryOp.LTE, (Literal) b.high(), rg, schema));
                return b.negated() ? t.not() : t;
            }
            return UNKNOWN;
        }
        if (e instanceof InList) {
            InList in = (InList) e;
            if (!(in.child() instanceof ColumnRef) || in.values().isEmpty()) {
                return UNKNOWN;
            }
            Tri t = null;
            for (Expr v : in.values()) {
                if (!(v instanceof Literal)) {
                    return UNKNOWN;
                }
                Tri eq = compare((ColumnRef) in.child(), BinaryOp.EQ, (Literal) v, rg, schema);
                t = t == null ? eq : t.or(eq);
            }
            return in.negated() ? t.not() : t;
        }
        return UNKNOWN;
    }

    private static BinaryOp flip(BinaryOp op) {
        switch (op) {
            case LT: return BinaryOp.GT;
            case LTE: return BinaryOp.GTE;
            case GT: return BinaryOp.LT;
            case GTE: return BinaryOp.LTE;
            default: return op;
        }
    }

    private static Tri isNull(ColumnRef c, RowGroupInfo rg, Schema schema) {
        OptionalInt idx = schema.indexOf(c.column());
        if (idx.isEmpty() || rg.stats(idx.getAsInt()).isEmpty()) {
            return UNKNOWN;
        }
        ColumnStats s = rg.stats(idx.getAsInt()).get();
        if (s.nullCount().isEmpty()) {
            return UNKNOWN;
        }
        long nulls = s.nullCount().getAsLong();
        return new Tri(nulls > 0, nulls < rg.numRows());
    }

    private static Tri compare(ColumnRef c, BinaryOp op, Literal lit, RowGroupInfo rg, Schema schema) {
        OptionalInt idx = schema.indexOf(c.column());
        if (idx.isEmpty()) {
            return UNKNOWN;
        }
        if (lit.isNullValue()) {
            return NEVER;   // comparing with NULL is never TRUE nor FALSE
        }
        if (rg.stats(idx.getAsInt()).isEmpty()) {
            return UNKNOWN;
        }
        ColumnStats s = rg.stats(idx.getAsInt()).get();
        if (s.nullCount().isPresent() && s.nullCount().getAsLong() >= rg.numRows() && rg.numRows() > 0) {
            return NEVER;   // only nulls: every comparison is NULL
        }
        if (s.min().isEmpty() || s.max().isEmpty()) {
            return UNKNOWN;
        }
        DataType colType = schema.field(idx.getAsInt()).dataType();
        Object[] b = normalise(s.min().get(), s.max().get(), colType, lit.value().get(), lit.type());
        if (b == null) {
            return UNKNOWN;
        }
        int loV = cmp(b[0], b[2]);   // min vs v
        int hiV = cmp(b[1], b[2]);   // max vs v
        if (colType.isFloating()) {
            // Statistics leave NaN out, and engines differ on NaN: IEEE makes every comparison but != false,
            // SQL engines like DuckDB order NaN above all numbers. Either way a NaN row may make >, >= and !=
            // true and anything false, so only the < / <= / = "true" side may prune.
            Tri t = exact(op, loV, hiV);
            boolean nanMayPass = op == BinaryOp.GT || op == BinaryOp.GTE || op == BinaryOp.NEQ;
            return new Tri(t.mayBeTrue || nanMayPass, true);
        }
        return exact(op, loV, hiV);
    }

    private static Tri exact(BinaryOp op, int loV, int hiV) {
        switch (op) {
            case EQ: return new Tri(loV <= 0 && hiV >= 0, !(loV == 0 && hiV == 0));
            case NEQ: return new Tri(!(loV == 0 && hiV == 0), loV <= 0 && hiV >= 0);
            case LT: return new Tri(loV < 0, hiV >= 0);
            case LTE: return new Tri(loV <= 0, hiV > 0);
            case GT: return new Tri(hiV > 0, loV <= 0);
            case GTE: return new Tri(hiV >= 0, loV < 0);
            default: return UNKNOWN;
        }
    }

    /**
     * {min, max, value} in one comparable domain (BigDecimal, Double, byte[] or Boolean), or null if the types
     * do not compare in a way we can decide.
     */
    private static Object[] normalise(Object min, Object max, DataType col, Object v, DataType litType) {
        TypeId ct = col.id();
        TypeId lt = litType.id();
        if (ct == TypeId.UTF8 && lt == TypeId.UTF8) {
            return new Object[] {utf8(min), utf8(max), utf8(v)};
        }
        if (ct == TypeId.BINARY && (lt == TypeId.BINARY || lt == TypeId.UTF8)) {
            return new Object[] {bytes(min), bytes(max), bytes(v)};
        }
        if (ct == TypeId.BOOLEAN && lt == TypeId.BOOLEAN) {
            return new Object[] {min, max, v};
        }
        if (ct == TypeId.TIMESTAMP || lt == TypeId.TIMESTAMP || ct == TypeId.DATE || lt == TypeId.DATE) {
            return temporal(min, max, col, v, litType);
        }
        if (!col.isNumeric() || !litType.isNumeric()) {
            return null;
        }
        if (col.isFloating() || litType.isFloating()) {
            double lo = toDouble(min);
            double hi = toDouble(max);
            double x = toDouble(v);
            if (Double.isNaN(lo) || Double.isNaN(hi) || Double.isNaN(x)) {
                return null;
            }
            if (!col.isFloating()) {
                // exact stats rounded to double: widen outward so any rounding the evaluator does is covered
                lo = Math.nextDown(lo);
                hi = Math.nextUp(hi);
            }
            if (!litType.isFloating()) {
                // an exact literal compared with float values: rounding could go either way
                return new Object[] {Math.nextDown(lo), Math.nextUp(hi), x};
            }
            return new Object[] {lo, hi, x};
        }
        return new Object[] {toDecimal(min), toDecimal(max), toDecimal(v)};
    }

    private static Object[] temporal(Object min, Object max, DataType col, Object v, DataType litType) {
        TypeId ct = col.id();
        TypeId lt = litType.id();
        BigDecimal lo;
        BigDecimal hi;
        BigDecimal x;
        if (ct == TypeId.DATE && lt == TypeId.DATE) {
            return new Object[] {toDecimal(min), toDecimal(max), toDecimal(v)};
        }
        if (ct == TypeId.TIMESTAMP && lt == TypeId.TIMESTAMP) {
            if (col.timeZone().isPresent() != litType.timeZone().isPresent()) {
                return null;
            }
            lo = toDecimal(min);
            hi = toDecimal(max);
            x = rescale(toDecimal(v), litType.timeUnit(), col.timeUnit());
            return new Object[] {lo, hi, x};
        }
        if (ct == TypeId.TIMESTAMP && lt == TypeId.DATE) {
            if (col.timeZone().isPresent()) {
                return null;   // a date against an instant depends on the session time zone
            }
            BigDecimal perDay = BigDecimal.valueOf(86_400L * col.timeUnit().perSecond());
            return new Object[] {toDecimal(min), toDecimal(max), toDecimal(v).multiply(perDay)};
        }
        if (ct == TypeId.DATE && lt == TypeId.TIMESTAMP) {
            if (litType.timeZone().isPresent()) {
                return null;
            }
            BigDecimal perDay = BigDecimal.valueOf(86_400L * litType.timeUnit().perSecond());
            // the column's days, as the start of the day (min) and the start of the day (max): a date casts to midnight
            return new Object[] {toDecimal(min).multiply(perDay), toDecimal(max).multiply(perDay), toDecimal(v)};
        }
        return null;
    }

    private static BigDecimal rescale(BigDecimal ticks, TimeUnit from, TimeUnit to) {
        if (from == to) {
            return ticks;
        }
        return ticks.multiply(BigDecimal.valueOf(to.perSecond())).divide(BigDecimal.valueOf(from.perSecond()));
    }

    private static BigDecimal toDecimal(Object o) {
        if (o instanceof BigDecimal) {
            return (BigDecimal) o;
        }
        if (o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte) {
            return BigDecimal.valueOf(((Number) o).longValue());
        }
        if (o instanceof Double || o instanceof Float) {
            return new BigDecimal(((Number) o).doubleValue());
        }
        throw new IllegalArgumentException("not a number: " + o);
    }

    private static double toDouble(Object o) {
        if (o instanceof Number) {
            return ((Number) o).doubleValue();
        }
        throw new IllegalArgumentException("not a number: " + o);
    }

    private static byte[] utf8(Object o) {
        if (o instanceof String) {
            return ((String) o).getBytes(StandardCharsets.UTF_8);
        }
        return bytes(o);
    }

    private static byte[] bytes(Object o) {
        if (o instanceof byte[]) {
            return (byte[]) o;
        }
        if (o instanceof String) {
            return ((String) o).getBytes(StandardCharsets.UTF_8);
        }
        throw new IllegalArgumentException("not binary: " + o);
    }

    @SuppressWarnings("unchecked")
    private static int cmp(Object a, Object b) {
        if (a instanceof byte[]) {
            return Arrays.compareUnsigned((byte[]) a, (byte[]) b);
        }
        if (a instanceof Double) {
            double x = (Double) a;
            double y = (Double) b;
            return x < y ? -1 : x > y ? 1 : 0;   // -0.0 equals 0.0, as SQL compares
        }
        return ((Comparable<Object>) a).compareTo(b);
    }
}
