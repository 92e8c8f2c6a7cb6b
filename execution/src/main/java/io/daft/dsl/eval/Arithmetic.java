package io.daft.dsl.eval;

import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.TypeId;
import io.daft.dsl.BinaryOp;
import io.daft.dsl.TypeRules;
import io.daft.recordbatch.Vectors;
import org.apache.arrow.vector.FieldVector;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Arithmetic kernels ({@code + - * / // %} and unary minus). Operands are first cast to the type the operation
 * computes in; then one tight loop per (operation, physical type).
 *
 * <p>Integer overflow is an error: the loop only accumulates an overflow flag (no branch, no exception on the fast
 * path); a second pass finds the offending row for the message. Integer {@code //} and {@code %} by zero give null
 * (as DuckDB); {@code /} on integers divides as doubles, so {@code 1 / 0} is infinity (DuckDB 1.x does the same).
 * Decimals compute on unscaled longs when every operand and the result fit 18 digits, in exact 128 bits when the
 * operands' values fit longs (even if their types are wider: products of money columns), else on BigDecimal, and
 * round half away from zero to the result scale given by {@link TypeRules#decimalArithmetic}.
 */
public final class Arithmetic {
    private Arithmetic() {
    }

    /** {@code l op r} with result type {@code out} (from {@link TypeRules#arithmetic}). */
    public static FieldVector eval(BinaryOp op, FieldVector l, FieldVector r, DataType lt, DataType rt, DataType out,
                                   String name, Object where) {
        int n = l.getValueCount();
        if (out.id() == TypeId.NULL) {
            return Vectors.nulls(Field.of(name, out), n);
        }
        if (lt.id() == TypeId.NULL) {
            lt = rt;
        }
        if (rt.id() == TypeId.NULL) {
            rt = lt;
        }
        if (lt.id() == TypeId.DATE || rt.id() == TypeId.DATE) {
            return dates(op, l, r, lt, rt, out, n, name, where);
        }
        boolean decimalInputs = (lt.id() == TypeId.DECIMAL || rt.id() == TypeId.DECIMAL) && !lt.isFloating() && !rt.isFloating();
        if (decimalInputs) {
            DataType da = TypeRules.asDecimal(lt);
            DataType db = TypeRules.asDecimal(rt);
            try (FieldVector a = Casts.cast(l, da, where); FieldVector b = Casts.cast(r, db, where)) {
                return decimals(op, a, b, da, db, out, n, name, where);
            }
        }
        try (FieldVector a = Casts.cast(l, out, where); FieldVector b = Casts.cast(r, out, where)) {
            byte[] valid = Columns.and(Columns.validity(a, n), Columns.validity(b, n));
            if (out.isFloating()) {
                return Columns.fromDoubles(name, out, floats(op, Columns.doubles(a, n), Columns.doubles(b, n), n), valid, n);
            }
            long[] res = integers(op, Columns.longs(a, n), Columns.longs(b, n), valid, n, out, where);
            return Columns.fromLongs(name, out, res, valid, n);
        }
    }

    /**
     * {@code column op literal} (or {@code literal op column}) for integer and float results, without
     * broadcasting the literal into a vector. Null for other shapes (the caller takes the general path).
     */
    public static FieldVector evalWithLiteral(BinaryOp op, FieldVector column, io.daft.dsl.Literal literal, boolean literalOnLeft,
                                              DataType columnType, DataType out, String name, Object where) {
        if (literal.isNullValue() || !(out.isInteger() || out.isFloating()) || columnType.id() == TypeId.DECIMAL
                || literal.type().id() == TypeId.DECIMAL || columnType.id() == TypeId.NULL) {
            return null;
        }
        int n = column.getValueCount();
        try (FieldVector one = Literals.toVector(literal, 1); FieldVector s = Casts.cast(one, out, where);
             FieldVector c = Casts.cast(column, out, where)) {
            byte[] valid = Columns.validity(c, n);
            if (out.isFloating()) {
                double[] x = Columns.doubles(c, n);
                double[] y = new double[n];
                java.util.Arrays.fill(y, Columns.doubles(s, 1)[0]);
                double[] r = literalOnLeft ? floats(op, y, x, n) : floats(op, x, y, n);
                return Columns.fromDoubles(name, out, r, valid, n);
            }
            long[] x = Columns.longs(c, n);
            long[] y = new long[n];
            java.util.Arrays.fill(y, Columns.longs(s, 1)[0]);
            long[] r = literalOnLeft ? integers(op, y, x, valid, n, out, where) : integers(op, x, y, valid, n, out, where);
            return Columns.fromLongs(name, out, r, valid, n);
        }
    }

    static double[] floats(BinaryOp op, double[] a, double[] b, int n) {
        double[] r = new double[n];
        switch (op) {
            case PLUS:
                for (int i = 0; i < n; i++) {
                    r[i] = a[i] + b[i];
                }
                break;
            case MINUS:
                for (int i = 0; i < n; i++) {
                    r[i] = a[i] - b[i];
                }
                break;
            case MULTIPLY:
                for (int i = 0; i < n; i++) {
                    r[i] = a[i] * b[i];
                }
                break;
            case DIVIDE:
                for (int i = 0; i < n; i++) {
                    r[i] = a[i] / b[i];
                }
                break;
            case INT_DIVIDE:
                for (int i = 0; i < n; i++) {
                    double q = a[i] / b[i];
                    r[i] = q < 0 ? Math.ceil(q) : Math.floor(q);
                }
                break;
            case MODULO:
                for (int i = 0; i < n; i++) {
                    r[i] = a[i] % b[i];
                }
                break;
            default:
                throw new AssertionError(op);
        }
        return r;
    }

    /** Integer arithmetic in {@code out}'s width; {@code valid} is updated for division by zero. */
    static long[] integers(BinaryOp op, long[] a, long[] b, byte[] valid, int n, DataType out, Object where) {
        long[] r = new long[n];
        boolean wide = out.id() == TypeId.INT64;
        long ovf = 0; // sign bit set if some row overflowed 64 bits
        switch (op) {
            case PLUS:
                for (int i = 0; i < n; i++) {
                    long x = a[i] + b[i];
                    ovf |= (a[i] ^ x) & (b[i] ^ x);
                    r[i] = x;
                }
                break;
            case MINUS:
                for (int i = 0; i < n; i++) {
                    long x = a[i] - b[i];
                    ovf |= (a[i] ^ b[i]) & (a[i] ^ x);
                    r[i] = x;
                }
                break;
            case MULTIPLY:
                if (wide) {
                    for (int i = 0; i < n; i++) {
                        long x = a[i] * b[i];
                        ovf |= Math.multiplyHigh(a[i], b[i]) ^ (x >> 63);
                        r[i] = x;
                    }
                    ovf = ovf != 0 ? -1 : 0;
                } else {
                    for (int i = 0; i < n; i++) {
                        r[i] = a[i] * b[i]; // operands of at most 32 bits: exact in 64
                    }
                }
                break;
            case INT_DIVIDE:
            case MODULO: {
                boolean div = op == BinaryOp.INT_DIVIDE;
                for (int i = 0; i < n; i++) {
                    long d = b[i];
                    if (d == 0) {
                        Columns.clear(valid, i);
                        continue;
                    }
                    if (div) {
                        ovf |= (a[i] == Long.MIN_VALUE & d == -1) ? -1 : 0;
                        r[i] = a[i] / d;
                    } else {
                        r[i] = a[i] % d;
                    }
                }
                break;
            }
            default:
                throw new AssertionError(op);
        }
        if (ovf < 0) {
            for (int i = 0; i < n; i++) {
                if (Columns.get(valid, i) && overflows64(op, a[i], b[i])) {
                    throw overflow(op, a[i], b[i], out, where);
                }
            }
        }
        if (!wide) {
            long min = Casts.minOf(out.id());
            long max = Casts.maxOf(out.id());
            boolean bad = false;
            for (int i = 0; i < n; i++) {
                bad |= r[i] < min | r[i] > max;
            }
            if (bad) {
                for (int i = 0; i < n; i++) {
                    if (Columns.get(valid, i) && (r[i] < min || r[i] > max)) {
                        throw overflow(op, a[i], b[i], out, where);
                    }
                }
            }
        }
        return r;
    }

    private static boolean overflows64(BinaryOp op, long a, long b) {
        try {
            switch (op) {
                case PLUS: Math.addExact(a, b); return false;
                case MINUS: Math.subtractExact(a, b); return false;
                case MULTIPLY: Math.multiplyExact(a, b); return false;
                case INT_DIVIDE: return a == Long.MIN_VALUE && b == -1;
                default: return false;
            }
        } catch (ArithmeticException e) {
            return true;
        }
    }

    static DaftException overflow(BinaryOp op, Object a, Object b, DataType type, Object where) {
        return new DaftException("overflow in " + op.symbol() + " of " + type + " (" + a + " " + op.symbol() + " " + b
                + ")" + Casts.ctx(where));
    }

    // ---- dates ------------------------------------------------------------------------------------------

    private static FieldVector dates(BinaryOp op, FieldVector l, FieldVector r, DataType lt, DataType rt, DataType out,
                                     int n, String name, Object where) {
        byte[] valid = Columns.and(Columns.validity(l, n), Columns.validity(r, n));
        long[] a = Columns.longs(l, n);
        long[] b = Columns.longs(r, n);
        long[] res = new long[n];
        if (op == BinaryOp.MINUS) {
            for (int i = 0; i < n; i++) {
                res[i] = a[i] - b[i];
            }
        } else {
            for (int i = 0; i < n; i++) {
                res[i] = a[i] + b[i];
            }
        }
        // a and b are at most 64-bit integers: check the exact result range
        for (int i = 0; i < n; i++) {
            if (Columns.get(valid, i) && overflows64(op, a[i], b[i])) {
                throw overflow(op, a[i], b[i], out, where);
            }
        }
        Casts.checkRange(res, valid, n, out, where);
        return Columns.fromLongs(name, out, res, valid, n);
    }

    // ---- decimals ---------------------------------------------------------------------------------------

    private static FieldVector decimals(BinaryOp op, FieldVector av, FieldVector bv, DataType at, DataType bt, DataType out,
                                        int n, String name, Object where) {
        byte[] valid = Columns.and(Columns.validity(av, n), Columns.validity(bv, n));
        int p1 = at.precision();
        int s1 = at.scale();
        int p2 = bt.precision();
        int s2 = bt.scale();
        boolean intResult = out.id() != TypeId.DECIMAL;
        int outP = intResult ? 18 : out.precision();
        int outS = intResult ? 0 : out.scale();
        if (p1 <= 18 && p2 <= 18 && outP <= 18) {
            long[] res = decimalLongs(op, Columns.decimalLongs(av, n), Columns.decimalLongs(bv, n), valid, n,
                    p1, s1, p2, s2, outP, outS, intResult);
            if (res != null) {
                long limit = Casts.POW10[outP];
                boolean bad = false;
                for (int i = 0; i < n; i++) {
                    bad |= res[i] >= limit | res[i] <= -limit;
                }
                if (bad && !intResult) {
                    for (int i = 0; i < n; i++) {
                        if (Columns.get(valid, i) && (res[i] >= limit || res[i] <= -limit)) {
                            throw overflow(op, BigDecimal.valueOf(Columns.decimalLongs(av, n)[i], s1),
                                    BigDecimal.valueOf(Columns.decimalLongs(bv, n)[i], s2), out, where);
                        }
                    }
                }
                return intResult ? Columns.fromLongs(name, out, res, valid, n) : Columns.fromDecimalLongs(name, out, res, valid, n);
            }
        }
        if (p1 <= 18 && p2 <= 18 && !intResult) {
            FieldVector wide = decimal128(op, Columns.decimalLongs(av, n), Columns.decimalLongs(bv, n), valid, n,
                    p1, s1, p2, s2, out, name);
            if (wide != null) {
                return wide;
            }
        }
        if (!intResult && (p1 > 18 || p2 > 18)) {
            // declared wider than 18 digits (products of money columns are), but the values usually fit a long
            long[] a = Columns.narrowDecimalLongs(av, n, valid);
            long[] b = a == null ? null : Columns.narrowDecimalLongs(bv, n, valid);
            if (b != null) {
                FieldVector wide = narrow128(op, a, b, valid, n, p1, s1, p2, s2, out, name);
                if (wide != null) {
                    return wide;
                }
            }
        }
        BigInteger[] a = Columns.decimalBigs(av, n, valid);
        BigInteger[] b = Columns.decimalBigs(bv, n, valid);
        BigInteger[] res = new BigInteger[n];
        long[] intRes = intResult ? new long[n] : null;
        BigInteger limit = Casts.BIG_POW10[outP];
        for (int i = 0; i < n; i++) {
            if (!Columns.get(valid, i)) {
                continue;
            }
            BigDecimal x = new BigDecimal(a[i], s1);
            BigDecimal y = new BigDecimal(b[i], s2);
            if ((op == BinaryOp.DIVIDE || op == BinaryOp.INT_DIVIDE || op == BinaryOp.MODULO) && y.signum() == 0) {
                Columns.clear(valid, i);
                continue;
            }
            BigDecimal z;
            switch (op) {
                case PLUS: z = x.add(y); break;
                case MINUS: z = x.subtract(y); break;
                case MULTIPLY: z = x.multiply(y); break;
                case DIVIDE: z = x.divide(y, outS, RoundingMode.HALF_UP); break;
                case MODULO: z = x.remainder(y); break;
                case INT_DIVIDE: z = x.divideToIntegralValue(y); break;
                default: throw new AssertionError(op);
            }
            BigInteger u = z.setScale(outS, RoundingMode.HALF_UP).unscaledValue();
            if (intResult) {
                if (u.bitLength() > 63) {
                    throw overflow(op, x, y, out, where);
                }
                intRes[i] = u.longValue();
            } else {
                if (u.abs().compareTo(limit) >= 0) {
                    throw overflow(op, x, y, out, where);
                }
                res[i] = u;
            }
        }
        return intResult ? Columns.fromLongs(name, out, intRes, valid, n) : Columns.fromDecimalBigs(name, out, res, valid, n);
    }

    /**
     * Exact 128-bit results of 64-bit operands, for results wider than 18 digits: a product of two 18-digit
     * values, or a sum of operands that fit 64 bits once scaled. The result type always has room (see below),
     * so no overflow check is needed. Null for other shapes.
     */
    private static FieldVector decimal128(BinaryOp op, long[] a, long[] b, byte[] valid, int n, int p1, int s1, int p2,
                                          int s2, DataType out, String name) {
        int outS = out.scale();
        long[] lo = new long[n];
        long[] hi = new long[n];
        if (op == BinaryOp.MULTIPLY && outS == s1 + s2) {
            // |a * b| < 10^(p1 + p2) and the result precision is p1 + p2 + 1 (or 38 >= 36 when capped)
            for (int i = 0; i < n; i++) {
                lo[i] = a[i] * b[i];
                hi[i] = Math.multiplyHigh(a[i], b[i]);
            }
            return Columns.fromDecimal128(name, out, lo, hi, valid, n);
        }
        if ((op == BinaryOp.PLUS || op == BinaryOp.MINUS) && outS >= s1 && outS >= s2
                && p1 - s1 + outS <= 18 && p2 - s2 + outS <= 18) {
            // both scaled operands are below 10^18; their sum has at most 19 digits and the result precision is
            // max(p1 - s1, p2 - s2) + outS + 1
            long fa = Casts.POW10[outS - s1];
            long fb = op == BinaryOp.PLUS ? Casts.POW10[outS - s2] : -Casts.POW10[outS - s2];
            for (int i = 0; i < n; i++) {
                long x = a[i] * fa;
                long y = b[i] * fb;
                long r = x + y;
                lo[i] = r;
                hi[i] = (x >> 63) + (y >> 63) + (Long.compareUnsigned(r, x) < 0 ? 1 : 0);
            }
            return Columns.fromDecimal128(name, out, lo, hi, valid, n);
        }
        return null;
    }

    /**
     * Exact 128-bit results of operands whose types are wider than 18 digits but whose values (this batch's)
     * all fit a long. A product of two longs is below 2^126 < 10^38 and below 10^(p1 + p2), so it fits any result
     * precision of at least min(38, p1 + p2); a sum of two longs is below 2^64 < 10^20. Null (the caller takes the
     * BigDecimal path) for other operations, for a result scale that would need rounding, or when scaling an
     * operand up to the result scale overflows a long.
     */
    private static FieldVector narrow128(BinaryOp op, long[] a, long[] b, byte[] valid, int n, int p1, int s1, int p2,
                                         int s2, DataType out, String name) {
        int outS = out.scale();
        int outP = out.precision();
        if (op == BinaryOp.MULTIPLY && outS == s1 + s2 && outP >= Math.min(38, p1 + p2)) {
            long[] lo = new long[n];
            long[] hi = new long[n];
            for (int i = 0; i < n; i++) {
                lo[i] = a[i] * b[i];
                hi[i] = Math.multiplyHigh(a[i], b[i]);
            }
            return Columns.fromDecimal128(name, out, lo, hi, valid, n);
        }
        if ((op == BinaryOp.PLUS || op == BinaryOp.MINUS) && outS >= s1 && outS >= s2 && outP >= 20) {
            long fa = Casts.POW10[outS - s1];
            long fb = Casts.POW10[outS - s2];
            long ovf = 0;
            long[] lo = new long[n];
            long[] hi = new long[n];
            boolean minus = op == BinaryOp.MINUS;
            for (int i = 0; i < n; i++) {
                long x = a[i] * fa;
                long y = b[i] * fb;
                ovf |= (Math.multiplyHigh(a[i], fa) ^ (x >> 63)) | (Math.multiplyHigh(b[i], fb) ^ (y >> 63));
                // x +- y in 128 bits: sign-extend both and add (subtracting is adding the two's complement)
                long yh = y >> 63;
                if (minus) {
                    yh = ~yh + (y == 0 ? 1 : 0);
                    y = -y;
                }
                long r = x + y;
                lo[i] = r;
                hi[i] = (x >> 63) + yh + (Long.compareUnsigned(r, x) < 0 ? 1 : 0);
            }
            if (ovf != 0) {
                return null;
            }
            return Columns.fromDecimal128(name, out, lo, hi, valid, n);
        }
        return null;
    }

    /** Decimal arithmetic on unscaled longs; null when the operation needs more than 18 digits in between. */
    private static long[] decimalLongs(BinaryOp op, long[] a, long[] b, byte[] valid, int n, int p1, int s1, int p2,
                                       int s2, int outP, int outS, boolean intResult) {
        long[] r = new long[n];
        switch (op) {
            case PLUS:
            case MINUS: {
                if (outS < s1 || outS < s2 || p1 - s1 + outS > 18 || p2 - s2 + outS > 18) {
                    return null;
                }
                long fa = Casts.POW10[outS - s1];
                long fb = Casts.POW10[outS - s2];
                if (op == BinaryOp.PLUS) {
                    for (int i = 0; i < n; i++) {
                        r[i] = a[i] * fa + b[i] * fb;
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        r[i] = a[i] * fa - b[i] * fb;
                    }
                }
                return r;
            }
            case MULTIPLY:
                if (outS != s1 + s2 || p1 + p2 > 18) {
                    return null;
                }
                for (int i = 0; i < n; i++) {
                    r[i] = a[i] * b[i];
                }
                return r;
            case DIVIDE: {
                int k = outS - s1 + s2;
                if (k < 0 || p1 + k > 18) {
                    return null;
                }
                long f = Casts.POW10[k];
                for (int i = 0; i < n; i++) {
                    long d = b[i];
                    if (d == 0) {
                        Columns.clear(valid, i);
                        continue;
                    }
                    long num = a[i] * f;
                    long q = num / d;
                    long rem = num % d;
                    if (rem != 0 && Math.abs(rem) >= Math.abs(d) - Math.abs(rem)) {
                        q += (num < 0) == (d < 0) ? 1 : -1;
                    }
                    r[i] = q;
                }
                return r;
            }
            case MODULO:
            case INT_DIVIDE: {
                int s = Math.max(s1, s2);
                if ((!intResult && outS != s) || p1 - s1 + s > 18 || p2 - s2 + s > 18) {
                    return null;
                }
                long fa = Casts.POW10[s - s1];
                long fb = Casts.POW10[s - s2];
                boolean mod = op == BinaryOp.MODULO;
                for (int i = 0; i < n; i++) {
                    long d = b[i] * fb;
                    if (d == 0) {
                        Columns.clear(valid, i);
                        continue;
                    }
                    long x = a[i] * fa;
                    r[i] = mod ? x % d : x / d;
                }
                return r;
            }
            default:
                throw new AssertionError(op);
        }
    }

    // ---- unary minus --------------------------------------------------------------------------------------

    public static FieldVector negate(FieldVector v, DataType t, String name, Object where) {
        int n = v.getValueCount();
        byte[] valid = Columns.validity(v, n);
        switch (t.id()) {
            case NULL:
                return Vectors.nulls(Field.of(name, t), n);
            case FLOAT32: case FLOAT64: {
                double[] d = Columns.doubles(v, n);
                for (int i = 0; i < n; i++) {
                    d[i] = -d[i];
                }
                return Columns.fromDoubles(name, t, d, valid, n);
            }
            case DECIMAL: {
                if (t.precision() <= 18) {
                    long[] u = Columns.decimalLongs(v, n);
                    for (int i = 0; i < n; i++) {
                        u[i] = -u[i];
                    }
                    return Columns.fromDecimalLongs(name, t, u, valid, n);
                }
                BigInteger[] u = Columns.decimalBigs(v, n, valid);
                for (int i = 0; i < n; i++) {
                    if (u[i] != null) {
                        u[i] = u[i].negate();
                    }
                }
                return Columns.fromDecimalBigs(name, t, u, valid, n);
            }
            default: {
                long[] zero = new long[n];
                return Columns.fromLongs(name, t, integers(BinaryOp.MINUS, zero, Columns.longs(v, n), valid, n, t, where), valid, n);
            }
        }
    }
}
