package io.daft.dsl.eval;

import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.dsl.Literal;
import io.daft.recordbatch.Vectors;
import org.apache.arrow.vector.FieldVector;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;

/** Conversions between {@link Literal}s and columns: broadcasting a constant, and reading one cell back. */
public final class Literals {
    private Literals() {
    }

    /** A new vector (named {@code literal.name()}) holding the literal in each of {@code rowCount} rows. */
    public static FieldVector toVector(Literal literal, int rowCount) {
        return toVector(literal, rowCount, literal.name());
    }

    public static FieldVector toVector(Literal literal, int n, String name) {
        DataType type = literal.type();
        if (literal.isNullValue() || type.id() == io.daft.core.TypeId.NULL) {
            return Vectors.nulls(Field.of(name, type), n);
        }
        Object value = literal.value().get();
        byte[] valid = Columns.allSet(n);
        switch (type.id()) {
            case BOOLEAN:
                return Columns.fromBits(name, (Boolean) value ? Columns.allSet(n) : new byte[Columns.bitmapBytes(n)], valid, n);
            case INT8: case INT16: case INT32: case INT64: case TIMESTAMP: case DATE: {
                long[] l = new long[n];
                Arrays.fill(l, ((Number) value).longValue());
                return Columns.fromLongs(name, type, l, valid, n);
            }
            case FLOAT32: case FLOAT64: {
                double[] d = new double[n];
                Arrays.fill(d, ((Number) value).doubleValue());
                return Columns.fromDoubles(name, type, d, valid, n);
            }
            case DECIMAL: {
                BigInteger u = ((BigDecimal) value).setScale(type.scale()).unscaledValue();
                if (type.precision() <= 18) {
                    long[] l = new long[n];
                    Arrays.fill(l, u.longValue());
                    return Columns.fromDecimalLongs(name, type, l, valid, n);
                }
                BigInteger[] b = new BigInteger[n];
                Arrays.fill(b, u);
                return Columns.fromDecimalBigs(name, type, b, valid, n);
            }
            case UTF8: case BINARY: {
                byte[] bytes = type.id() == io.daft.core.TypeId.UTF8
                        ? ((String) value).getBytes(StandardCharsets.UTF_8) : (byte[]) value;
                long total = (long) bytes.length * n;
                if (total > Integer.MAX_VALUE - 16) {
                    throw new DaftException("broadcast literal of " + total + " bytes is too large");
                }
                byte[] data = new byte[(int) total];
                int[] offsets = new int[n + 1];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(bytes, 0, data, i * bytes.length, bytes.length);
                    offsets[i + 1] = (i + 1) * bytes.length;
                }
                return Columns.fromStrings(name, type, data, data.length, offsets, valid, n);
            }
            default:
                throw new DaftException("literals of type " + type + " are not supported: " + literal);
        }
    }

    /** The value at {@code row} of {@code v} as a literal of the vector's type (a typed null literal if null). */
    public static Literal fromVector(FieldVector v, int row) {
        DataType type = Vectors.fieldOf(v).dataType();
        if (v.isNull(row) || type.id() == io.daft.core.TypeId.NULL) {
            return Literal.nullOf(type);
        }
        try (FieldVector one = Vectors.slice(v, row, 1)) {
            byte[] valid = Columns.validity(one, 1);
            switch (type.id()) {
                case BOOLEAN:
                    return Literal.of(Columns.get(Columns.bits(one, 1), 0));
                case INT8: case INT16: case INT32: case INT64:
                    return Literal.integer(Columns.longs(one, 1)[0], type);
                case DATE:
                    return Literal.of(LocalDate.ofEpochDay(Columns.longs(one, 1)[0]));
                case TIMESTAMP:
                    return Literal.timestamp(Columns.longs(one, 1)[0], type.timeUnit(), type.timeZone());
                case FLOAT32: case FLOAT64:
                    return Literal.floating(Columns.doubles(one, 1)[0], type);
                case DECIMAL:
                    return Literal.decimal(new BigDecimal(Columns.decimalBigs(one, 1, valid)[0], type.scale()),
                            type.precision(), type.scale());
                case UTF8: {
                    Utf8Column s = Columns.strings(one, 1);
                    return Literal.of(s.string(0));
                }
                case BINARY: {
                    Utf8Column s = Columns.strings(one, 1);
                    return Literal.binary(Arrays.copyOfRange(s.data, s.start(0), s.start(0) + s.length(0)));
                }
                default:
                    throw new DaftException("cannot make a literal of type " + type);
            }
        }
    }
}
