package io.daft.dsl;

import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.Schema;
import io.daft.core.TimeUnit;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A constant. The value is held in its physical form: Boolean, Long (all integers, timestamps in their unit),
 * Integer (dates as days since the epoch), Double (both float types), BigDecimal (already at the type's
 * scale), String, byte[]; absent for a null literal.
 */
public final class Literal implements Expr {
    private static final long serialVersionUID = 1L;

    private final Serializable value;
    private final DataType type;

    private Literal(Serializable value, DataType type) {
        this.value = value;
        this.type = requireNonNull(type, "type");
    }

    public static Literal nullOf(DataType type) {
        return new Literal(null, type);
    }

    public static Literal of(boolean v) {
        return new Literal(v, DataType.BOOLEAN);
    }

    public static Literal of(int v) {
        return new Literal((long) v, DataType.INT32);
    }

    public static Literal of(long v) {
        return new Literal(v, DataType.INT64);
    }

    public static Literal of(double v) {
        return new Literal(v, DataType.FLOAT64);
    }

    public static Literal of(String v) {
        return new Literal(requireNonNull(v, "v"), DataType.UTF8);
    }

    public static Literal of(BigDecimal v) {
        int scale = Math.max(v.scale(), 0);
        int precision = Math.max(v.precision(), scale);
        return new Literal(v.setScale(scale), DataType.decimal(Math.min(precision, DataType.MAX_DECIMAL_PRECISION), scale));
    }

    public static Literal decimal(BigDecimal v, int precision, int scale) {
        return new Literal(v.setScale(scale), DataType.decimal(precision, scale));
    }

    public static Literal of(LocalDate v) {
        return new Literal((int) v.toEpochDay(), DataType.DATE);
    }

    public static Literal timestamp(long ticks, TimeUnit unit, Optional<String> timeZone) {
        return new Literal(ticks, DataType.timestamp(unit, timeZone));
    }

    public static Literal binary(byte[] v) {
        return new Literal(v.clone(), DataType.BINARY);
    }

    /** An integer of the given integer type. */
    public static Literal integer(long v, DataType type) {
        if (!type.isInteger()) {
            throw new DaftException(type + " is not an integer type");
        }
        return new Literal(v, type);
    }

    /** A float of the given floating type. */
    public static Literal floating(double v, DataType type) {
        if (!type.isFloating()) {
            throw new DaftException(type + " is not a floating type");
        }
        return new Literal(v, type);
    }

    public boolean isNullValue() {
        return value == null;
    }

    /** The physical value (see the class comment); empty for null. */
    public Optional<Object> value() {
        return Optional.ofNullable(value);
    }

    public DataType type() {
        return type;
    }

    @Override
    public DataType resolveType(Schema input) {
        return type;
    }

    @Override
    public String name() {
        return "literal";
    }

    @Override
    public List<Expr> children() {
        return List.of();
    }

    @Override
    public Expr withChildren(List<Expr> children) {
        return this;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Literal)) {
            return false;
        }
        Literal that = (Literal) o;
        if (value instanceof byte[] && that.value instanceof byte[]) {
            return java.util.Arrays.equals((byte[]) value, (byte[]) that.value) && type.equals(that.type);
        }
        return Objects.equals(value, that.value) && type.equals(that.type);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value instanceof byte[] ? java.util.Arrays.hashCode((byte[]) value) : value, type);
    }

    @Override
    public String toString() {
        if (value == null) {
            return "lit(null: " + type + ")";
        }
        switch (type.id()) {
            case UTF8: return "lit('" + value + "')";
            case DATE: return "lit(" + LocalDate.ofEpochDay((Integer) value) + ")";
            case BINARY: return "lit(binary[" + ((byte[]) value).length + "])";
            default: return "lit(" + value + ")";
        }
    }
}
