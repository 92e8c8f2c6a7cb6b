package io.daft.calcite;

import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.TimeUnit;
import io.daft.dsl.Literal;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexDynamicParam;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The values of a statement's {@code ?} parameters while its (already optimized) Calcite plan is translated into
 * a Daft plan for one execution: each {@link RexDynamicParam} becomes a Daft literal of the parameter's SQL type.
 * Outside an execution (while Calcite plans and Daft's rules check what they can translate) a parameter stands
 * as a typed null, so the rules see its type; such a plan is never run.
 *
 * <p>Values come as Calcite's runtime holds them (JDBC {@code setDate} gives days since the epoch, {@code
 * setTimestamp} milliseconds, {@code setBytes} a {@link ByteString}) or as plain Java objects; numbers convert
 * between numeric types when the value fits, strings parse into numbers, dates, timestamps and booleans. Anything
 * else is an error naming the parameter, its type and the value.
 */
public final class ParameterBinding {
    private static final ThreadLocal<List<Object>> VALUES = new ThreadLocal<>();

    private ParameterBinding() {
    }

    /** Runs {@code body} (a translation) with {@code values} as the parameters, by index. */
    public static <T> T with(List<Object> values, Supplier<T> body) {
        List<Object> outer = VALUES.get();
        VALUES.set(values);
        try {
            return body.get();
        } finally {
            if (outer == null) {
                VALUES.remove();
            } else {
                VALUES.set(outer);
            }
        }
    }

    /** The literal standing for {@code p}: its bound value, or a typed null while planning. */
    public static Literal literal(RexDynamicParam p) {
        RelDataType type = p.getType();
        DataType t = DaftTypes.toDaft(type);
        List<Object> values = VALUES.get();
        if (values == null) {
            return Literal.nullOf(t);
        }
        int i = p.getIndex();
        if (i >= values.size()) {
            throw new DaftException("parameter " + (i + 1) + " is not set");
        }
        return literal(i + 1, values.get(i), type, t);
    }

    static Literal literal(int index, Object v, RelDataType sqlType, DataType t) {
        if (v == null) {
            return Literal.nullOf(t);
        }
        try {
            switch (t.id()) {
                case NULL:
                    return Literal.nullOf(t);
                case BOOLEAN:
                    if (v instanceof Boolean) {
                        return Literal.of((Boolean) v);
                    }
                    if (v instanceof String) {
                        String s = ((String) v).trim().toLowerCase(Locale.ROOT);
                        if (s.equals("true") || s.equals("false")) {
                            return Literal.of(s.equals("true"));
                        }
                    }
                    break;
                case INT8:
                case INT16:
                case INT32:
                case INT64: {
                    BigDecimal d = number(v);
                    if (d == null) {
                        break;
                    }
                    long x;
                    try {
                        x = d.longValueExact();
                    } catch (ArithmeticException e) {
                        throw mismatch(index, v, sqlType, "not an integer in range");
                    }
                    long max = t.id() == io.daft.core.TypeId.INT8 ? Byte.MAX_VALUE : t.id() == io.daft.core.TypeId.INT16
                            ? Short.MAX_VALUE : t.id() == io.daft.core.TypeId.INT32 ? Integer.MAX_VALUE : Long.MAX_VALUE;
                    if (x > max || x < -max - 1) {
                        throw mismatch(index, v, sqlType, "out of range");
                    }
                    return Literal.integer(x, t);
                }
                case FLOAT32:
                case FLOAT64: {
                    if (v instanceof Number) {
                        return Literal.floating(((Number) v).doubleValue(), t);
                    }
                    if (v instanceof String) {
                        return Literal.floating(Double.parseDouble(((String) v).trim()), t);
                    }
                    break;
                }
                case DECIMAL: {
                    BigDecimal d = number(v);
                    if (d == null) {
                        break;
                    }
                    BigDecimal scaled = d.setScale(t.scale(), RoundingMode.HALF_UP);
                    if (scaled.precision() > t.precision() && scaled.signum() != 0) {
                        throw mismatch(index, v, sqlType, "too many digits");
                    }
                    return Literal.decimal(scaled, t.precision(), t.scale());
                }
                case UTF8:
                    if (v instanceof String || v instanceof Character || v instanceof Number || v instanceof Boolean) {
                        return Literal.of(v.toString());
                    }
                    break;
                case BINARY:
                    if (v instanceof ByteString) {
                        return Literal.binary(((ByteString) v).getBytes());
                    }
                    if (v instanceof byte[]) {
                        return Literal.binary((byte[]) v);
                    }
                    break;
                case DATE:
                    if (v instanceof Integer) {   // Calcite's runtime form: days since 1970-01-01
                        return Literal.of(LocalDate.ofEpochDay((Integer) v));
                    }
                    if (v instanceof java.sql.Date) {
                        return Literal.of(((java.sql.Date) v).toLocalDate());
                    }
                    if (v instanceof LocalDate) {
                        return Literal.of((LocalDate) v);
                    }
                    if (v instanceof String) {
                        return Literal.of(LocalDate.parse(((String) v).trim()));
                    }
                    break;
                case TIMESTAMP: {
                    long micros;
                    if (v instanceof Long) {   // Calcite's runtime form: milliseconds of the wall-clock time as UTC
                        micros = Math.multiplyExact((Long) v, 1000L);
                    } else if (v instanceof java.sql.Timestamp) {
                        micros = micros(((java.sql.Timestamp) v).toLocalDateTime());
                    } else if (v instanceof LocalDateTime) {
                        micros = micros((LocalDateTime) v);
                    } else if (v instanceof java.sql.Date) {
                        micros = micros(((java.sql.Date) v).toLocalDate().atStartOfDay());
                    } else if (v instanceof String) {
                        micros = micros(java.sql.Timestamp.valueOf(((String) v).trim()).toLocalDateTime());
                    } else {
                        break;
                    }
                    return t.timeUnit() == TimeUnit.NANOSECONDS
                            ? Literal.timestamp(Math.multiplyExact(micros, 1000L), t.timeUnit(), t.timeZone())
                            : Literal.timestamp(micros, TimeUnit.MICROSECONDS, t.timeZone());
                }
                default:
                    break;
            }
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            throw mismatch(index, v, sqlType, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } catch (IllegalArgumentException e) {
            throw mismatch(index, v, sqlType, e.getMessage());
        }
        throw mismatch(index, v, sqlType, null);
    }

    private static long micros(LocalDateTime t) {
        return Math.addExact(Math.multiplyExact(t.toEpochSecond(ZoneOffset.UTC), 1_000_000L), t.getNano() / 1000);
    }

    /** An exact number for a numeric or numeric-string value; null for other values. */
    private static BigDecimal number(Object v) {
        if (v instanceof BigDecimal) {
            return (BigDecimal) v;
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return BigDecimal.valueOf(((Number) v).longValue());
        }
        if (v instanceof BigInteger) {
            return new BigDecimal((BigInteger) v);
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException(d + " is not a finite number");
            }
            return BigDecimal.valueOf(d);
        }
        if (v instanceof String) {
            return new BigDecimal(((String) v).trim());
        }
        return null;
    }

    private static DaftException mismatch(int index, Object v, RelDataType type, String why) {
        String shown = v instanceof String ? "'" + v + "'" : v instanceof ByteString ? "binary" : String.valueOf(v);
        return new DaftException("parameter " + index + " is " + type.getFullTypeString().replace(" NOT NULL", "")
                + "; cannot use " + shown + " (" + v.getClass().getSimpleName() + ")" + (why == null ? "" : ": " + why));
    }
}
