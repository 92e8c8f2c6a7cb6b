package io.daft.parquet;

import io.daft.core.DataType;
import io.daft.core.TypeId;
import org.apache.parquet.format.Statistics;
import org.apache.parquet.format.Type;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Turns a column chunk's Thrift {@link Statistics} into {@link ColumnStats}, keeping only what the Parquet rules
 * allow us to trust: {@code min_value}/{@code max_value} always (they are written with the type's defined
 * order); the deprecated {@code min}/{@code max} only for types whose order is signed (booleans, signed
 * integers, dates, timestamps, floats, int-backed decimals), because old writers compared binaries and unsigned
 * integers as signed. Float bounds that are NaN are dropped; a zero bound is widened to cover both zeros.
 */
final class StatisticsConverter {
    private StatisticsConverter() {
    }

    static Optional<ColumnStats> convert(LeafColumn leaf, Statistics s) {
        if (s == null) {
            return Optional.empty();
        }
        OptionalLong nulls = s.isSetNull_count() ? OptionalLong.of(s.getNull_count()) : OptionalLong.empty();
        byte[] min = null;
        byte[] max = null;
        if (s.isSetMin_value() && s.isSetMax_value()) {
            min = s.getMin_value();
            max = s.getMax_value();
        } else if (s.isSetMin() && s.isSetMax() && legacyOrderIsSigned(leaf)) {
            min = s.getMin();
            max = s.getMax();
        }
        Object lo = null;
        Object hi = null;
        if (min != null && max != null) {
            try {
                lo = decode(leaf, min, true);
                hi = decode(leaf, max, false);
            } catch (RuntimeException e) {
                lo = null;   // malformed statistics: ignore them
                hi = null;
            }
            if (lo == null || hi == null) {
                lo = null;
                hi = null;
            }
        }
        if (lo == null && nulls.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ColumnStats(Optional.ofNullable(lo), Optional.ofNullable(hi), nulls));
    }

    private static boolean legacyOrderIsSigned(LeafColumn leaf) {
        switch (leaf.physicalType()) {
            case BOOLEAN:
            case FLOAT:
            case DOUBLE:
                return true;
            case INT32:
            case INT64:
                switch (leaf.conversion()) {
                    case UINT8_TO_INT16:
                    case UINT16_TO_INT32:
                    case UINT32_TO_INT64:
                    case UINT64_TO_DECIMAL:
                        return false;
                    default:
                        return true;
                }
            default:
                return false;
        }
    }

    /** The value of {@code b} in our physical Java form, or null if it cannot serve as a bound. */
    private static Object decode(LeafColumn leaf, byte[] b, boolean isMin) {
        DataType type = leaf.dataType();
        Type t = leaf.physicalType();
        switch (t) {
            case BOOLEAN:
                return b.length >= 1 ? (Boolean) (b[0] != 0) : null;
            case INT32: {
                if (b.length != 4) {
                    return null;
                }
                int v = Plain.readIntLE(b, 0);
                switch (leaf.conversion()) {
                    case INT32_TO_DECIMAL: return BigDecimal.valueOf(v, type.scale());
                    case UINT8_TO_INT16: return (long) (v & 0xff);
                    case UINT16_TO_INT32: return (long) (v & 0xffff);
                    case UINT32_TO_INT64: return v & 0xffffffffL;
                    default: return (long) v;
                }
            }
            case INT64: {
                if (b.length != 8) {
                    return null;
                }
                long v = Plain.readLongLE(b, 0);
                switch (leaf.conversion()) {
                    case INT64_TO_DECIMAL: return BigDecimal.valueOf(v, type.scale());
                    case UINT64_TO_DECIMAL: return new BigDecimal(new BigInteger(Long.toUnsignedString(v)));
                    default: return v;
                }
            }
            case FLOAT: {
                if (b.length != 4) {
                    return null;
                }
                return bound(Float.intBitsToFloat(Plain.readIntLE(b, 0)), isMin);
            }
            case DOUBLE: {
                if (b.length != 8) {
                    return null;
                }
                return bound(Double.longBitsToDouble(Plain.readLongLE(b, 0)), isMin);
            }
            case INT96:
                return null;   // no defined order
            case BYTE_ARRAY:
            case FIXED_LEN_BYTE_ARRAY:
                switch (leaf.conversion()) {
                    case BINARY_TO_DECIMAL:
                        return b.length == 0 ? null : new BigDecimal(new BigInteger(b), type.scale());
                    case FLOAT16_TO_FLOAT32:
                        return b.length != 2 ? null : bound(ValueConverter.halfToFloat((b[0] & 0xff) | (b[1] & 0xff) << 8), isMin);
                    default:
                        if (type.id() == TypeId.UTF8) {
                            try {
                                return StandardCharsets.UTF_8.newDecoder()
                                        .onMalformedInput(CodingErrorAction.REPORT)
                                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                                        .decode(ByteBuffer.wrap(b)).toString();
                            } catch (CharacterCodingException e) {
                                return null;   // e.g. truncated in the middle of a character
                            }
                        }
                        return b.clone();
                }
            default:
                return null;
        }
    }

    private static Double bound(double v, boolean isMin) {
        if (Double.isNaN(v)) {
            return null;
        }
        if (v == 0.0) {
            return isMin ? -0.0 : 0.0;
        }
        return v;
    }
}
