package io.daft.dsl.eval;

import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.TimeUnit;
import io.daft.core.TypeId;
import io.daft.recordbatch.Vectors;
import org.apache.arrow.vector.FieldVector;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The cast kernel: converts a whole column to another type, following DuckDB's rules.
 *
 * <ul>
 *   <li>Out-of-range numbers are errors naming the value and the target type (never wrap or saturate).</li>
 *   <li>Float to integer rounds half to even (DuckDB uses {@code nearbyint}); decimal to integer and decimal
 *       rescaling round half away from zero; float to decimal scales in double arithmetic then rounds half away
 *       from zero, as DuckDB does.</li>
 *   <li>Strings parse after trimming whitespace; a value that does not parse is an error quoting it.</li>
 *   <li>Numbers, dates and timestamps print as DuckDB prints them (timestamps without trailing fraction zeros,
 *       doubles in shortest round-trip form, scientific below 1e-4 and from 1e16).</li>
 * </ul>
 */
public final class Casts {
    static final long[] POW10 = new long[19];
    static final BigInteger[] BIG_POW10 = new BigInteger[77];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
        BIG_POW10[0] = BigInteger.ONE;
        for (int i = 1; i < BIG_POW10.length; i++) {
            BIG_POW10[i] = BIG_POW10[i - 1].multiply(BigInteger.TEN);
        }
    }

    private Casts() {
    }

    /** Converts {@code v} to {@code target}; the result is a new vector (same name) owned by the caller. */
    public static FieldVector cast(FieldVector v, DataType target) {
        return cast(v, target, null);
    }

    /** As {@link #cast(FieldVector, DataType)}; errors name {@code where} (the expression being evaluated). */
    public static FieldVector cast(FieldVector v, DataType target, Object where) {
        DataType from = Vectors.fieldOf(v).dataType();
        int n = v.getValueCount();
        String name = v.getName();
        if (from.equals(target)) {
            return Vectors.share(v);
        }
        if (from.id() == TypeId.NULL) {
            return Vectors.nulls(Field.of(name, target), n);
        }
        switch (target.id()) {
            case BOOLEAN:
                return toBoolean(v, from, n, name, where);
            case INT8:
            case INT16:
            case INT32:
            case INT64:
                return toInteger(v, from, target, n, name, where);
            case FLOAT32:
            case FLOAT64:
                return toFloat(v, from, target, n, name, where);
            case DECIMAL:
                return toDecimal(v, from, target, n, name, where);
            case UTF8:
                return toUtf8(v, from, n, name, where);
            case BINARY:
                if (from.id() == TypeId.UTF8) {
                    Utf8Column s = Columns.strings(v, n);
                    return Columns.fromStrings(name, DataType.BINARY, s.data, s.data.length, s.offsets, s.validity, n);
                }
                break;
            case DATE:
                return toDate(v, from, n, name, where);
            case TIMESTAMP:
                return toTimestamp(v, from, target, n, name, where);
            case LIST:
            case MAP:
            case STRUCT:
                if (NestedCasts.castable(from, target)) {
                    return NestedCasts.cast(v, from, target, where);
                }
                break;
            default:
                break;
        }
        throw unsupported(from, target, where);
    }

    private static DaftException unsupported(DataType from, DataType to, Object where) {
        return new DaftException("cannot cast " + from + " to " + to + ctx(where));
    }

    static String ctx(Object where) {
        return where == null ? "" : " in " + where;
    }

    // ---- integers ---------------------------------------------------------------------------------------

    static long minOf(TypeId t) {
        switch (t) {
            case INT8: return Byte.MIN_VALUE;
            case INT16: return Short.MIN_VALUE;
            case INT32: case DATE: return Integer.MIN_VALUE;
            default: return Long.MIN_VALUE;
        }
    }

    static long maxOf(TypeId t) {
        switch (t) {
            case INT8: return Byte.MAX_VALUE;
            case INT16: return Short.MAX_VALUE;
            case INT32: case DATE: return Integer.MAX_VALUE;
            default: return Long.MAX_VALUE;
        }
    }

    /** Fails naming the first valid value outside {@code target}'s range. One branch-free pass on the fast path. */
    static void checkRange(long[] vals, byte[] validity, int n, DataType target, Object where) {
        long min = minOf(target.id());
        long max = maxOf(target.id());
        if (min == Long.MIN_VALUE) {
            return;
        }
        boolean bad = false;
        for (int i = 0; i < n; i++) {
            long x = vals[i];
            bad |= x < min | x > max;
        }
        if (!bad) {
            return;
        }
        for (int i = 0; i < n; i++) {
            if (Columns.get(validity, i) && (vals[i] < min || vals[i] > max)) {
                throw new DaftException("value " + vals[i] + " is out of range for " + target + ctx(where));
            }
        }
    }

    private static FieldVector toInteger(FieldVector v, DataType from, DataType target, int n, String name, Object where) {
        byte[] valid = Columns.validity(v, n);
        long[] out;
        switch (from.id()) {
            case INT8: case INT16: case INT32: case INT64:
                out = Columns.longs(v, n);
                break;
            case BOOLEAN: {
                byte[] bits = Columns.bits(v, n);
                out = new long[n];
                for (int i = 0; i < n; i++) {
                    out[i] = (bits[i >>> 3] >> (i & 7)) & 1;
                }
                break;
            }
            case FLOAT32: case FLOAT64: {
                double[] d = Columns.doubles(v, n);
                out = new long[n];
                boolean bad = false;
                for (int i = 0; i < n; i++) {
                    double r = Math.rint(d[i]);
                    bad |= !(r >= -9.223372036854775808E18 && r < 9.223372036854775808E18);
                    out[i] = (long) r;
                }
                if (bad) {
                    for (int i = 0; i < n; i++) {
                        double r = Math.rint(d[i]);
                        if (Columns.get(valid, i) && !(r >= -9.223372036854775808E18 && r < 9.223372036854775808E18)) {
                            throw new DaftException("value " + d[i] + " is out of range for " + target + ctx(where));
                        }
                    }
                }
                break;
            }
            case DECIMAL:
                out = decimalToLongs(v, from, n, valid, target, where);
                break;
            case UTF8: {
                Utf8Column s = Columns.strings(v, n);
                out = new long[n];
                for (int i = 0; i < n; i++) {
                    if (s.isValid(i)) {
                        out[i] = parseLong(s, i, target, where);
                    }
                }
                break;
            }
            default:
                throw unsupported(from, target, where);
        }
        checkRange(out, valid, n, target, where);
        return Columns.fromLongs(name, target, out, valid, n);
    }

    /** Decimal to integer, rounding half away from zero. */
    static long[] decimalToLongs(FieldVector v, DataType from, int n, byte[] valid, DataType target, Object where) {
        int s = from.scale();
        long[] out = new long[n];
        if (from.precision() <= 18) {
            long[] u = Columns.decimalLongs(v, n);
            long p = POW10[s];
            for (int i = 0; i < n; i++) {
                long q = u[i] / p;
                long r = u[i] % p;
                if (Math.abs(r) * 2 >= p && r != 0) {
                    q += Long.signum(u[i]);
                }
                out[i] = q;
            }
            return out;
        }
        BigInteger[] u = Columns.decimalBigs(v, n, valid);
        for (int i = 0; i < n; i++) {
            if (u[i] == null) {
                continue;
            }
            BigInteger q = new BigDecimal(u[i], s).setScale(0, RoundingMode.HALF_UP).unscaledValue();
            if (q.bitLength() > 63) {
                throw new DaftException("value " + new BigDecimal(u[i], s) + " is out of range for " + target + ctx(where));
            }
            out[i] = q.longValue();
        }
        return out;
    }

    private static long parseLong(Utf8Column s, int i, DataType target, Object where) {
        byte[] b = s.data;
        int p = DateTimes.skipWs(b, s.start(i), s.start(i) + s.length(i));
        int end = DateTimes.trimEnd(b, p, s.start(i) + s.length(i));
        boolean neg = false;
        if (p < end && (b[p] == '-' || b[p] == '+')) {
            neg = b[p] == '-';
            p++;
        }
        int digitsStart = p;
        long acc = 0; // accumulated negatively so that Long.MIN_VALUE parses
        boolean overflow = false;
        while (p < end && b[p] >= '0' && b[p] <= '9') {
            int d = b[p] - '0';
            if (acc < (Long.MIN_VALUE + d) / 10) {
                overflow = true;
            }
            acc = acc * 10 - d;
            p++;
        }
        if (p == end && p > digitsStart && !overflow) {
            if (!neg && acc == Long.MIN_VALUE) {
                throw new DaftException("value " + s.string(i).trim() + " is out of range for " + target + ctx(where));
            }
            return neg ? acc : -acc;
        }
        // slow path: decimals, exponents, hexadecimal
        String text = s.string(i).trim();
        try {
            BigInteger value;
            String t = text.startsWith("+") || text.startsWith("-") ? text.substring(1) : text;
            if (t.startsWith("0x") || t.startsWith("0X")) {
                value = new BigInteger(t.substring(2), 16);
                if (text.startsWith("-")) {
                    value = value.negate();
                }
            } else {
                checkNumberChars(t);
                value = new BigDecimal(text).setScale(0, RoundingMode.HALF_UP).toBigIntegerExact();
            }
            if (value.bitLength() > 63) {
                throw new DaftException("value " + text + " is out of range for " + target + ctx(where));
            }
            return value.longValue();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new DaftException("could not convert string '" + s.string(i) + "' to " + target + ctx(where));
        }
    }

    private static void checkNumberChars(String t) {
        for (int k = 0; k < t.length(); k++) {
            char c = t.charAt(k);
            if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')) {
                throw new NumberFormatException(t);
            }
        }
    }

    // ---- floats -----------------------------------------------------------------------------------------

    private static FieldVector toFloat(FieldVector v, DataType from, DataType target, int n, String name, Object where) {
        byte[] valid = Columns.validity(v, n);
        double[] out;
        switch (from.id()) {
            case INT8: case INT16: case INT32: case INT64: {
                long[] l = Columns.longs(v, n);
                out = new double[n];
                for (int i = 0; i < n; i++) {
                    out[i] = l[i];
                }
                break;
            }
            case FLOAT32: case FLOAT64:
                out = Columns.doubles(v, n);
                if (target.id() == TypeId.FLOAT32) {
                    for (int i = 0; i < n; i++) {
                        double d = out[i];
                        if (Columns.get(valid, i) && !Double.isInfinite(d) && Math.abs(d) > Float.MAX_VALUE) {
                            throw new DaftException("value " + d + " is out of range for " + target + ctx(where));
                        }
                    }
                }
                break;
            case BOOLEAN: {
                byte[] bits = Columns.bits(v, n);
                out = new double[n];
                for (int i = 0; i < n; i++) {
                    out[i] = (bits[i >>> 3] >> (i & 7)) & 1;
                }
                break;
            }
            case DECIMAL:
                out = decimalToDoubles(v, from, n, valid);
                break;
            case UTF8: {
                Utf8Column s = Columns.strings(v, n);
                out = new double[n];
                for (int i = 0; i < n; i++) {
                    if (s.isValid(i)) {
                        out[i] = parseDouble(s.string(i), target, where);
                    }
                }
                break;
            }
            default:
                throw unsupported(from, target, where);
        }
        return Columns.fromDoubles(name, target, out, valid, n);
    }

    static double[] decimalToDoubles(FieldVector v, DataType from, int n, byte[] valid) {
        int s = from.scale();
        double[] out = new double[n];
        if (from.precision() <= 18) {
            long[] u = Columns.decimalLongs(v, n);
            double p = POW10[s];
            for (int i = 0; i < n; i++) {
                long x = u[i];
                // exact when the unscaled value is an exact double: the one division then rounds correctly
                out[i] = Math.abs(x) < (1L << 53) ? x / p : new BigDecimal(BigInteger.valueOf(x), s).doubleValue();
            }
            return out;
        }
        BigInteger[] u = Columns.decimalBigs(v, n, valid);
        for (int i = 0; i < n; i++) {
            if (u[i] != null) {
                out[i] = new BigDecimal(u[i], s).doubleValue();
            }
        }
        return out;
    }

    static double parseDouble(String raw, DataType target, Object where) {
        String t = raw.trim();
        String lower = t.toLowerCase(java.util.Locale.ROOT);
        switch (lower) {
            case "nan": case "+nan": case "-nan": return Double.NaN;
            case "inf": case "+inf": case "infinity": case "+infinity": return Double.POSITIVE_INFINITY;
            case "-inf": case "-infinity": return Double.NEGATIVE_INFINITY;
            default: break;
        }
        try {
            checkNumberChars(t);
            if (t.isEmpty()) {
                throw new NumberFormatException();
            }
            double d = Double.parseDouble(t);
            if (Double.isInfinite(d) || (target.id() == TypeId.FLOAT32 && Math.abs(d) > Float.MAX_VALUE)) {
                throw new DaftException("value " + t + " is out of range for " + target + ctx(where));
            }
            return d;
        } catch (NumberFormatException e) {
            throw new DaftException("could not convert string '" + raw + "' to " + target + ctx(where));
        }
    }

    // ---- decimals ---------------------------------------------------------------------------------------

    private static FieldVector toDecimal(FieldVector v, DataType from, DataType target, int n, String name, Object where) {
        byte[] valid = Columns.validity(v, n);
        int p = target.precision();
        int s = target.scale();
        switch (from.id()) {
            case INT8: case INT16: case INT32: case INT64: case BOOLEAN: {
                long[] l;
                if (from.id() == TypeId.BOOLEAN) {
                    byte[] bits = Columns.bits(v, n);
                    l = new long[n];
                    for (int i = 0; i < n; i++) {
                        l[i] = (bits[i >>> 3] >> (i & 7)) & 1;
                    }
                } else {
                    l = Columns.longs(v, n);
                }
                return rescaleLongs(l, valid, n, 0, 18, target, name, where);
            }
            case DECIMAL:
                if (from.precision() <= 18) {
                    return rescaleLongs(Columns.decimalLongs(v, n), valid, n, from.scale(), from.precision(), target, name, where);
                }
                return rescaleBigs(Columns.decimalBigs(v, n, valid), valid, n, from.scale(), target, name, where);
            case FLOAT32: case FLOAT64: {
                double[] d = Columns.doubles(v, n);
                BigInteger[] out = p > 18 ? new BigInteger[n] : null;
                long[] outL = p > 18 ? null : new long[n];
                double scaleF = Math.pow(10, s);
                for (int i = 0; i < n; i++) {
                    if (!Columns.get(valid, i)) {
                        continue;
                    }
                    double x = d[i] * scaleF;
                    if (Double.isNaN(x) || Double.isInfinite(x)) {
                        throw new DaftException("value " + d[i] + " is out of range for " + target + ctx(where));
                    }
                    double r = x < 0 ? -Math.floor(-x + 0.5) : Math.floor(x + 0.5);
                    if (outL != null) {
                        if (Math.abs(r) >= POW10[p]) {
                            throw new DaftException("value " + d[i] + " is out of range for " + target + ctx(where));
                        }
                        outL[i] = (long) r;
                    } else {
                        BigInteger b = new BigDecimal(r).toBigInteger();
                        if (b.abs().compareTo(BIG_POW10[p]) >= 0) {
                            throw new DaftException("value " + d[i] + " is out of range for " + target + ctx(where));
                        }
                        out[i] = b;
                    }
                }
                return outL != null ? Columns.fromDecimalLongs(name, target, outL, valid, n)
                        : Columns.fromDecimalBigs(name, target, out, valid, n);
            }
            case UTF8: {
                Utf8Column str = Columns.strings(v, n);
                BigInteger[] out = new BigInteger[n];
                for (int i = 0; i < n; i++) {
                    if (!str.isValid(i)) {
                        continue;
                    }
                    String t = str.string(i).trim();
                    BigDecimal bd;
                    try {
                        checkNumberChars(t);
                        bd = new BigDecimal(t).setScale(s, RoundingMode.HALF_UP);
                    } catch (NumberFormatException e) {
                        throw new DaftException("could not convert string '" + str.string(i) + "' to " + target + ctx(where));
                    }
                    if (bd.unscaledValue().abs().compareTo(BIG_POW10[p]) >= 0) {
                        throw new DaftException("value " + t + " is out of range for " + target + ctx(where));
                    }
                    out[i] = bd.unscaledValue();
                }
                return Columns.fromDecimalBigs(name, target, out, valid, n);
            }
            default:
                throw unsupported(from, target, where);
        }
    }

    /** Rescales unscaled longs of scale {@code fromScale} (at most {@code fromPrecision} digits) to {@code target}. */
    static FieldVector rescaleLongs(long[] u, byte[] valid, int n, int fromScale, int fromPrecision, DataType target,
                                    String name, Object where) {
        int p = target.precision();
        int s = target.scale();
        if (p > 18 || fromPrecision - fromScale + s > 18) {
            BigInteger[] big = new BigInteger[n];
            for (int i = 0; i < n; i++) {
                if (Columns.get(valid, i)) {
                    big[i] = BigInteger.valueOf(u[i]);
                }
            }
            return rescaleBigs(big, valid, n, fromScale, target, name, where);
        }
        long[] out = new long[n];
        long limit = POW10[p];
        boolean bad = false;
        if (s >= fromScale) {
            long f = POW10[s - fromScale];
            for (int i = 0; i < n; i++) {
                long x = u[i] * f; // cannot overflow: fromPrecision - fromScale + s <= 18 digits
                out[i] = x;
                bad |= x >= limit | x <= -limit;
            }
        } else {
            long f = POW10[fromScale - s];
            for (int i = 0; i < n; i++) {
                long q = u[i] / f;
                long r = u[i] % f;
                if (r != 0 && Math.abs(r) * 2 >= f) {
                    q += Long.signum(u[i]);
                }
                out[i] = q;
                bad |= q >= limit | q <= -limit;
            }
        }
        if (bad) {
            for (int i = 0; i < n; i++) {
                if (Columns.get(valid, i) && (out[i] >= limit || out[i] <= -limit)) {
                    throw new DaftException("value " + BigDecimal.valueOf(u[i], fromScale).toPlainString()
                            + " is out of range for " + target + ctx(where));
                }
            }
        }
        return Columns.fromDecimalLongs(name, target, out, valid, n);
    }

    static FieldVector rescaleBigs(BigInteger[] u, byte[] valid, int n, int fromScale, DataType target, String name, Object where) {
        int s = target.scale();
        BigInteger limit = BIG_POW10[target.precision()];
        BigInteger[] out = new BigInteger[n];
        for (int i = 0; i < n; i++) {
            if (u[i] == null || !Columns.get(valid, i)) {
                continue;
            }
            BigInteger x = rescale(u[i], fromScale, s);
            if (x.abs().compareTo(limit) >= 0) {
                throw new DaftException("value " + new BigDecimal(u[i], fromScale).toPlainString() + " is out of range for "
                        + target + ctx(where));
            }
            out[i] = x;
        }
        return Columns.fromDecimalBigs(name, target, out, valid, n);
    }

    /** Rescales an unscaled value, rounding half away from zero. */
    static BigInteger rescale(BigInteger x, int fromScale, int toScale) {
        if (toScale >= fromScale) {
            return x.multiply(BIG_POW10[toScale - fromScale]);
        }
        BigInteger[] qr = x.divideAndRemainder(BIG_POW10[fromScale - toScale]);
        BigInteger q = qr[0];
        if (qr[1].abs().shiftLeft(1).compareTo(BIG_POW10[fromScale - toScale]) >= 0) {
            q = q.add(BigInteger.valueOf(x.signum()));
        }
        return q;
    }

    // ---- strings ----------------------------------------------------------------------------------------

    private static final byte[] TRUE = "true".getBytes(StandardCharsets.UTF_8);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.UTF_8);

    private static FieldVector toUtf8(FieldVector v, DataType from, int n, String name, Object where) {
        byte[] valid = Columns.validity(v, n);
        Utf8Builder out = new Utf8Builder(n, n * 8);
        switch (from.id()) {
            case BOOLEAN: {
                byte[] bits = Columns.bits(v, n);
                for (int i = 0; i < n; i++) {
                    if (!Columns.get(valid, i)) {
                        out.appendNull();
                    } else {
                        byte[] b = Columns.get(bits, i) ? TRUE : FALSE;
                        out.append(b, 0, b.length);
                    }
                }
                break;
            }
            case INT8: case INT16: case INT32: case INT64: {
                long[] l = Columns.longs(v, n);
                for (int i = 0; i < n; i++) {
                    if (!Columns.get(valid, i)) {
                        out.appendNull();
                    } else {
                        out.writeLong(l[i]);
                        out.endValue();
                    }
                }
                break;
            }
            case FLOAT32: case FLOAT64: {
                double[] d = Columns.doubles(v, n);
                boolean single = from.id() == TypeId.FLOAT32;
                for (int i = 0; i < n; i++) {
                    if (!Columns.get(valid, i)) {
                        out.appendNull();
                    } else {
                        out.writeAscii(formatDouble(d[i], single));
                        out.endValue();
                    }
                }
                break;
            }
            case DECIMAL: {
                int s = from.scale();
                if (from.precision() <= 18) {
                    long[] u = Columns.decimalLongs(v, n);
                    for (int i = 0; i < n; i++) {
                        if (!Columns.get(valid, i)) {
                            out.appendNull();
                            continue;
                        }
                        long x = u[i];
                        if (x < 0) {
                            out.writeByte('-');
                            x = -x;
                        }
                        out.writeLong(x / POW10[s]);
                        if (s > 0) {
                            out.writeByte('.');
                            out.writePadded(x % POW10[s], s);
                        }
                        out.endValue();
                    }
                } else {
                    BigInteger[] u = Columns.decimalBigs(v, n, valid);
                    for (int i = 0; i < n; i++) {
                        if (u[i] == null) {
                            out.appendNull();
                        } else {
                            out.writeAscii(new BigDecimal(u[i], s).toPlainString());
                            out.endValue();
                        }
                    }
                }
                break;
            }
            case DATE: {
                long[] l = Columns.longs(v, n);
                for (int i = 0; i < n; i++) {
                    if (!Columns.get(valid, i)) {
                        out.appendNull();
                    } else {
                        DateTimes.writeDate(out, l[i]);
                        out.endValue();
                    }
                }
                break;
            }
            case TIMESTAMP: {
                long[] l = Columns.longs(v, n);
                TimeUnit unit = from.timeUnit();
                boolean tz = from.timeZone().isPresent();
                for (int i = 0; i < n; i++) {
                    if (!Columns.get(valid, i)) {
                        out.appendNull();
                    } else {
                        DateTimes.writeTimestamp(out, l[i], unit);
                        if (tz) {
                            out.writeAscii("+00");
                        }
                        out.endValue();
                    }
                }
                break;
            }
            case BINARY: {
                Utf8Column s = Columns.strings(v, n);
                java.nio.charset.CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
                for (int i = 0; i < n; i++) {
                    if (!s.isValid(i)) {
                        out.appendNull();
                        continue;
                    }
                    try {
                        dec.decode(java.nio.ByteBuffer.wrap(s.data, s.start(i), s.length(i)));
                    } catch (CharacterCodingException e) {
                        throw new DaftException("binary value at row " + i + " is not valid UTF-8" + ctx(where));
                    }
                    out.append(s.data, s.start(i), s.length(i));
                }
                break;
            }
            default:
                throw unsupported(from, DataType.UTF8, where);
        }
        return out.build(name, DataType.UTF8);
    }

    /** A double as DuckDB prints it: shortest round-trip digits, scientific notation below 1e-4 and from 1e16. */
    public static String formatDouble(double d, boolean single) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        String s = single ? Float.toString((float) d) : Double.toString(d);
        boolean neg = s.charAt(0) == '-';
        if (neg) {
            s = s.substring(1);
        }
        int e = s.indexOf('E');
        int exp = e < 0 ? 0 : Integer.parseInt(s.substring(e + 1));
        String mant = e < 0 ? s : s.substring(0, e);
        int dot = mant.indexOf('.');
        StringBuilder digits = new StringBuilder(mant.length()).append(mant, 0, dot).append(mant, dot + 1, mant.length());
        int point = dot + exp; // value = 0.<digits> * 10^point
        while (digits.length() > 1 && digits.charAt(0) == '0') {
            digits.deleteCharAt(0);
            point--;
        }
        while (digits.length() > 1 && digits.charAt(digits.length() - 1) == '0') {
            digits.setLength(digits.length() - 1);
        }
        int sciExp = point - 1;
        StringBuilder out = new StringBuilder(24);
        if (neg) {
            out.append('-');
        }
        if (sciExp < -4 || sciExp >= 16) {
            out.append(digits.charAt(0));
            if (digits.length() > 1) {
                out.append('.').append(digits, 1, digits.length());
            }
            out.append('e').append(sciExp < 0 ? '-' : '+');
            int a = Math.abs(sciExp);
            if (a < 10) {
                out.append('0');
            }
            out.append(a);
        } else if (point <= 0) {
            out.append("0.");
            for (int i = 0; i < -point; i++) {
                out.append('0');
            }
            out.append(digits);
        } else if (point >= digits.length()) {
            out.append(digits);
            for (int i = digits.length(); i < point; i++) {
                out.append('0');
            }
            out.append(".0");
        } else {
            out.append(digits, 0, point).append('.').append(digits, point, digits.length());
        }
        return out.toString();
    }

    // ---- booleans ---------------------------------------------------------------------------------------

    private static FieldVector toBoolean(FieldVector v, DataType from, int n, String name, Object where) {
        byte[] valid = Columns.validity(v, n);
        byte[] bits = new byte[Columns.bitmapBytes(n)];
        switch (from.id()) {
            case INT8: case INT16: case INT32: case INT64: {
                long[] l = Columns.longs(v, n);
                for (int i = 0; i < n; i++) {
                    if (l[i] != 0) {
                        Columns.set(bits, i);
                    }
                }
                break;
            }
            case FLOAT32: case FLOAT64: {
                double[] d = Columns.doubles(v, n);
                for (int i = 0; i < n; i++) {
                    if (d[i] != 0) {
                        Columns.set(bits, i);
                    }
                }
                break;
            }
            case DECIMAL: {
                if (from.precision() <= 18) {
                    long[] l = Columns.decimalLongs(v, n);
                    for (int i = 0; i < n; i++) {
                        if (l[i] != 0) {
                            Columns.set(bits, i);
                        }
                    }
                } else {
                    BigInteger[] b = Columns.decimalBigs(v, n, valid);
                    for (int i = 0; i < n; i++) {
                        if (b[i] != null && b[i].signum() != 0) {
                            Columns.set(bits, i);
                        }
                    }
                }
                break;
            }
            case UTF8: {
                Utf8Column s = Columns.strings(v, n);
                for (int i = 0; i < n; i++) {
                    if (!s.isValid(i)) {
                        continue;
                    }
                    String t = s.string(i).toLowerCase(java.util.Locale.ROOT); // DuckDB does not trim here
                    switch (t) {
                        case "true": case "t": case "yes": case "y": case "1":
                            Columns.set(bits, i);
                            break;
                        case "false": case "f": case "no": case "n": case "0":
                            break;
                        default:
                            throw new DaftException("could not convert string '" + s.string(i) + "' to Boolean" + ctx(where));
                    }
                }
                break;
            }
            default:
                throw unsupported(from, DataType.BOOLEAN, where);
        }
        return Columns.fromBits(name, bits, valid, n);
    }

    // ---- dates and timestamps ---------------------------------------------------------------------------

    private static FieldVector toDate(FieldVector v, DataType from, int n, String name, Object where) {
        byte[] valid = Columns.validity(v, n);
        long[] out;
        switch (from.id()) {
            case UTF8: {
                Utf8Column s = Columns.strings(v, n);
                out = new long[n];
                for (int i = 0; i < n; i++) {
                    if (!s.isValid(i)) {
                        continue;
                    }
                    long d = DateTimes.parseDate(s.data, s.start(i), s.start(i) + s.length(i));
                    if (d == Long.MIN_VALUE) {
                        // DuckDB also accepts a timestamp string and drops the time
                        long ts = DateTimes.parseTimestamp(s.data, s.start(i), s.start(i) + s.length(i), TimeUnit.SECONDS);
                        if (ts == Long.MIN_VALUE) {
                            throw new DaftException("could not convert string '" + s.string(i) + "' to Date" + ctx(where));
                        }
                        d = Math.floorDiv(ts, DateTimes.SECONDS_PER_DAY);
                    }
                    out[i] = d;
                }
                break;
            }
            case TIMESTAMP: {
                out = Columns.longs(v, n);
                long perDay = DateTimes.ticksPerDay(from.timeUnit());
                for (int i = 0; i < n; i++) {
                    out[i] = Math.floorDiv(out[i], perDay);
                }
                break;
            }
            default:
                throw unsupported(from, DataType.DATE, where);
        }
        checkRange(out, valid, n, DataType.DATE, where);
        return Columns.fromLongs(name, DataType.DATE, out, valid, n);
    }

    private static FieldVector toTimestamp(FieldVector v, DataType from, DataType target, int n, String name, Object where) {
        byte[] valid = Columns.validity(v, n);
        TimeUnit unit = target.timeUnit();
        long[] out;
        switch (from.id()) {
            case UTF8: {
                Utf8Column s = Columns.strings(v, n);
                out = new long[n];
                for (int i = 0; i < n; i++) {
                    if (!s.isValid(i)) {
                        continue;
                    }
                    long t = DateTimes.parseTimestamp(s.data, s.start(i), s.start(i) + s.length(i), unit);
                    if (t == Long.MIN_VALUE) {
                        throw new DaftException("could not convert string '" + s.string(i) + "' to " + target + ctx(where));
                    }
                    out[i] = t;
                }
                break;
            }
            case DATE:
                out = scaleTicks(Columns.longs(v, n), valid, n, DateTimes.ticksPerDay(unit), 1, target, where);
                break;
            case TIMESTAMP: {
                long fromPer = from.timeUnit().perSecond();
                long toPer = unit.perSecond();
                out = toPer >= fromPer
                        ? scaleTicks(Columns.longs(v, n), valid, n, toPer / fromPer, 1, target, where)
                        : scaleTicks(Columns.longs(v, n), valid, n, 1, fromPer / toPer, target, where);
                // DuckDB rounds (half up) when a timestamp loses precision
                break;
            }
            default:
                throw unsupported(from, target, where);
        }
        return Columns.fromLongs(name, target, out, valid, n);
    }

    /** {@code x * mul} (overflow checked) or {@code x / div} rounded half up, as DuckDB lowers timestamp precision. */
    static long[] scaleTicks(long[] x, byte[] valid, int n, long mul, long div, DataType target, Object where) {
        if (div != 1) {
            long half = div / 2;
            for (int i = 0; i < n; i++) {
                x[i] = Math.floorDiv(x[i], div) + (Math.floorMod(x[i], div) >= half ? 1 : 0);
            }
            return x;
        }
        if (mul == 1) {
            return x;
        }
        long lim = Long.MAX_VALUE / mul;
        boolean bad = false;
        for (int i = 0; i < n; i++) {
            bad |= x[i] > lim | x[i] < -lim;
        }
        if (bad) {
            for (int i = 0; i < n; i++) {
                if (Columns.get(valid, i) && (x[i] > lim || x[i] < -lim)) {
                    throw new DaftException("value " + x[i] + " is out of range for " + target + ctx(where));
                }
            }
        }
        for (int i = 0; i < n; i++) {
            x[i] *= mul;
        }
        return x;
    }
}
