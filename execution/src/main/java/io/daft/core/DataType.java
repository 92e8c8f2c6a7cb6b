package io.daft.core;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A logical column type. Immutable and serializable, so plans that carry types can be shipped to other JVMs.
 * Maps one-to-one onto an Arrow type ({@link ArrowTypes}).
 */
public final class DataType implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final DataType NULL = new DataType(TypeId.NULL, 0, 0, null, null, List.of());
    public static final DataType BOOLEAN = new DataType(TypeId.BOOLEAN, 0, 0, null, null, List.of());
    public static final DataType INT8 = new DataType(TypeId.INT8, 0, 0, null, null, List.of());
    public static final DataType INT16 = new DataType(TypeId.INT16, 0, 0, null, null, List.of());
    public static final DataType INT32 = new DataType(TypeId.INT32, 0, 0, null, null, List.of());
    public static final DataType INT64 = new DataType(TypeId.INT64, 0, 0, null, null, List.of());
    public static final DataType FLOAT32 = new DataType(TypeId.FLOAT32, 0, 0, null, null, List.of());
    public static final DataType FLOAT64 = new DataType(TypeId.FLOAT64, 0, 0, null, null, List.of());
    public static final DataType UTF8 = new DataType(TypeId.UTF8, 0, 0, null, null, List.of());
    public static final DataType BINARY = new DataType(TypeId.BINARY, 0, 0, null, null, List.of());
    public static final DataType DATE = new DataType(TypeId.DATE, 0, 0, null, null, List.of());

    /** The name of a list's element field. */
    public static final String LIST_ITEM = "item";
    /** The names of a map's entries struct and of its fields (Arrow's). */
    public static final String MAP_ENTRIES = "entries";
    public static final String MAP_KEY = "key";
    public static final String MAP_VALUE = "value";

    /** Largest decimal precision we support (Arrow Decimal128). */
    public static final int MAX_DECIMAL_PRECISION = 38;

    private final TypeId id;
    private final int precision;
    private final int scale;
    private final TimeUnit timeUnit;
    private final String timeZone;
    private final List<Field> children;

    private DataType(TypeId id, int precision, int scale, TimeUnit timeUnit, String timeZone, List<Field> children) {
        this.id = requireNonNull(id, "id");
        this.precision = precision;
        this.scale = scale;
        this.timeUnit = timeUnit;
        this.timeZone = timeZone;
        this.children = List.copyOf(children);
    }

    public static DataType decimal(int precision, int scale) {
        if (precision < 1 || precision > MAX_DECIMAL_PRECISION) {
            throw new DaftException("decimal precision must be between 1 and " + MAX_DECIMAL_PRECISION + ", got " + precision);
        }
        if (scale < 0 || scale > precision) {
            throw new DaftException("decimal scale must be between 0 and the precision " + precision + ", got " + scale);
        }
        return new DataType(TypeId.DECIMAL, precision, scale, null, null, List.of());
    }

    public static DataType timestamp(TimeUnit unit, Optional<String> timeZone) {
        return new DataType(TypeId.TIMESTAMP, 0, 0, requireNonNull(unit, "unit"), timeZone.orElse(null), List.of());
    }

    /**
     * A list of {@code element}s. As in Daft, a list type is its element type and nullability: the element
     * field's name (Parquet's "element", Arrow's "item" or "$data$") is not part of it, so it is always "item".
     */
    public static DataType list(Field element) {
        requireNonNull(element, "element");
        return new DataType(TypeId.LIST, 0, 0, null, null, List.of(element.withName(LIST_ITEM)));
    }

    /**
     * A map from {@code keyType} (never null) to {@code value}, as Arrow's MapVector holds it: a list of
     * non-null "entries" structs of "key" and "value".
     */
    public static DataType map(DataType keyType, Field value) {
        requireNonNull(keyType, "keyType");
        requireNonNull(value, "value");
        Field entries = new Field(MAP_ENTRIES, struct(List.of(new Field(MAP_KEY, keyType, false),
                new Field(MAP_VALUE, value.dataType(), value.nullable()))), false);
        return new DataType(TypeId.MAP, 0, 0, null, null, List.of(entries));
    }

    /** The element field of a list, or the entries struct of a map (both are lists underneath). */
    public Field listElement() {
        if (id != TypeId.LIST && id != TypeId.MAP) {
            throw new IllegalStateException(this + " is not a list or map");
        }
        return children.get(0);
    }

    /** The key type of a map. */
    public DataType mapKey() {
        checkId(TypeId.MAP);
        return children.get(0).dataType().children().get(0).dataType();
    }

    /** The value field of a map. */
    public Field mapValue() {
        checkId(TypeId.MAP);
        return children.get(0).dataType().children().get(1);
    }

    public static DataType struct(List<Field> fields) {
        return new DataType(TypeId.STRUCT, 0, 0, null, null, fields);
    }

    public TypeId id() {
        return id;
    }

    public int precision() {
        checkId(TypeId.DECIMAL);
        return precision;
    }

    public int scale() {
        checkId(TypeId.DECIMAL);
        return scale;
    }

    public TimeUnit timeUnit() {
        checkId(TypeId.TIMESTAMP);
        return timeUnit;
    }

    public Optional<String> timeZone() {
        checkId(TypeId.TIMESTAMP);
        return Optional.ofNullable(timeZone);
    }

    /** The element of a list, the entries struct of a map, or the fields of a struct; empty for other types. */
    public List<Field> children() {
        return children;
    }

    public boolean isNumeric() {
        return id.isNumeric();
    }

    public boolean isInteger() {
        return id.isInteger();
    }

    public boolean isFloating() {
        return id.isFloating();
    }

    public boolean isNested() {
        return id == TypeId.LIST || id == TypeId.STRUCT || id == TypeId.MAP;
    }

    private void checkId(TypeId expected) {
        if (id != expected) {
            throw new IllegalStateException(this + " is not " + expected);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DataType)) {
            return false;
        }
        DataType that = (DataType) o;
        return id == that.id && precision == that.precision && scale == that.scale && timeUnit == that.timeUnit
                && Objects.equals(timeZone, that.timeZone) && children.equals(that.children);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, precision, scale, timeUnit, timeZone, children);
    }

    /** Readable form, as SQL would spell the type. */
    @Override
    public String toString() {
        switch (id) {
            case NULL: return "Null";
            case BOOLEAN: return "Boolean";
            case INT8: return "Int8";
            case INT16: return "Int16";
            case INT32: return "Int32";
            case INT64: return "Int64";
            case FLOAT32: return "Float32";
            case FLOAT64: return "Float64";
            case DECIMAL: return "Decimal(" + precision + ", " + scale + ")";
            case UTF8: return "Utf8";
            case BINARY: return "Binary";
            case DATE: return "Date";
            case TIMESTAMP: return "Timestamp(" + timeUnit + (timeZone == null ? "" : ", " + timeZone) + ")";
            case LIST: return "List[" + children.get(0).dataType() + "]";
            case MAP: return "Map[" + mapKey() + ", " + mapValue().dataType() + "]";
            case STRUCT: {
                StringBuilder sb = new StringBuilder("Struct[");
                for (int i = 0; i < children.size(); i++) {
                    if (i > 0) {
                        sb.append(", ");
                    }
                    sb.append(children.get(i).name()).append(": ").append(children.get(i).dataType());
                }
                return sb.append(']').toString();
            }
            default: throw new AssertionError(id);
        }
    }
}
