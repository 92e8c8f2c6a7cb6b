package io.daft.core;

import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.FieldType;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Conversions between our {@link DataType}/{@link Field} and Arrow's pojo types. */
public final class ArrowTypes {
    private ArrowTypes() {
    }

    public static org.apache.arrow.vector.types.pojo.Field toArrowField(Field field) {
        DataType type = field.dataType();
        List<org.apache.arrow.vector.types.pojo.Field> children = new ArrayList<>();
        for (Field child : type.children()) {
            children.add(toArrowField(child));
        }
        return new org.apache.arrow.vector.types.pojo.Field(field.name(),
                new FieldType(field.nullable(), toArrowType(type), null), children);
    }

    public static org.apache.arrow.vector.types.pojo.Schema toArrowSchema(Schema schema) {
        List<org.apache.arrow.vector.types.pojo.Field> fields = new ArrayList<>();
        for (Field f : schema.fields()) {
            fields.add(toArrowField(f));
        }
        return new org.apache.arrow.vector.types.pojo.Schema(fields);
    }

    public static ArrowType toArrowType(DataType type) {
        switch (type.id()) {
            case NULL: return ArrowType.Null.INSTANCE;
            case BOOLEAN: return ArrowType.Bool.INSTANCE;
            case INT8: return new ArrowType.Int(8, true);
            case INT16: return new ArrowType.Int(16, true);
            case INT32: return new ArrowType.Int(32, true);
            case INT64: return new ArrowType.Int(64, true);
            case FLOAT32: return new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
            case FLOAT64: return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case DECIMAL: return new ArrowType.Decimal(type.precision(), type.scale(), 128);
            case UTF8: return ArrowType.Utf8.INSTANCE;
            case BINARY: return ArrowType.Binary.INSTANCE;
            case DATE: return new ArrowType.Date(DateUnit.DAY);
            case TIMESTAMP: return new ArrowType.Timestamp(toArrowUnit(type.timeUnit()), type.timeZone().orElse(null));
            case LIST: return ArrowType.List.INSTANCE;
            case STRUCT: return ArrowType.Struct.INSTANCE;
            case MAP: return new ArrowType.Map(false);
            default: throw new AssertionError(type);
        }
    }

    public static Field fromArrowField(org.apache.arrow.vector.types.pojo.Field field) {
        return new Field(field.getName(), fromArrowType(field), field.isNullable());
    }

    public static Schema fromArrowSchema(org.apache.arrow.vector.types.pojo.Schema schema) {
        List<Field> fields = new ArrayList<>();
        for (org.apache.arrow.vector.types.pojo.Field f : schema.getFields()) {
            fields.add(fromArrowField(f));
        }
        return new Schema(fields);
    }

    private static DataType fromArrowType(org.apache.arrow.vector.types.pojo.Field field) {
        ArrowType t = field.getType();
        switch (t.getTypeID()) {
            case Null: return DataType.NULL;
            case Bool: return DataType.BOOLEAN;
            case Int: {
                ArrowType.Int i = (ArrowType.Int) t;
                if (!i.getIsSigned() && i.getBitWidth() == 64) {
                    throw new DaftException("unsigned 64-bit integers are not supported (column '" + field.getName() + "')");
                }
                // Unsigned types widen to the next signed type so every value fits.
                int bits = i.getIsSigned() ? i.getBitWidth() : i.getBitWidth() * 2;
                switch (bits) {
                    case 8: return DataType.INT8;
                    case 16: return DataType.INT16;
                    case 32: return DataType.INT32;
                    default: return DataType.INT64;
                }
            }
            case FloatingPoint: {
                FloatingPointPrecision p = ((ArrowType.FloatingPoint) t).getPrecision();
                return p == FloatingPointPrecision.DOUBLE ? DataType.FLOAT64 : DataType.FLOAT32;
            }
            case Decimal: {
                ArrowType.Decimal d = (ArrowType.Decimal) t;
                return DataType.decimal(d.getPrecision(), d.getScale());
            }
            case Utf8:
            case LargeUtf8:
                return DataType.UTF8;
            case Binary:
            case LargeBinary:
            case FixedSizeBinary:
                return DataType.BINARY;
            case Date: return DataType.DATE;
            case Timestamp: {
                ArrowType.Timestamp ts = (ArrowType.Timestamp) t;
                return DataType.timestamp(fromArrowUnit(ts.getUnit()), Optional.ofNullable(ts.getTimezone()));
            }
            case List:
            case LargeList:
                return DataType.list(fromArrowField(field.getChildren().get(0)));
            case Map: {
                List<org.apache.arrow.vector.types.pojo.Field> kv = field.getChildren().get(0).getChildren();
                if (kv.size() != 2) {
                    throw new DaftException("map column '" + field.getName() + "' has " + kv.size() + " entry fields, expected key and value");
                }
                return DataType.map(fromArrowType(kv.get(0)), fromArrowField(kv.get(1)));
            }
            case Struct: {
                List<Field> children = new ArrayList<>();
                for (org.apache.arrow.vector.types.pojo.Field c : field.getChildren()) {
                    children.add(fromArrowField(c));
                }
                return DataType.struct(children);
            }
            default:
                throw new DaftException("Arrow type " + t + " of column '" + field.getName() + "' is not supported");
        }
    }

    public static org.apache.arrow.vector.types.TimeUnit toArrowUnit(TimeUnit unit) {
        switch (unit) {
            case SECONDS: return org.apache.arrow.vector.types.TimeUnit.SECOND;
            case MILLISECONDS: return org.apache.arrow.vector.types.TimeUnit.MILLISECOND;
            case MICROSECONDS: return org.apache.arrow.vector.types.TimeUnit.MICROSECOND;
            default: return org.apache.arrow.vector.types.TimeUnit.NANOSECOND;
        }
    }

    public static TimeUnit fromArrowUnit(org.apache.arrow.vector.types.TimeUnit unit) {
        switch (unit) {
            case SECOND: return TimeUnit.SECONDS;
            case MILLISECOND: return TimeUnit.MILLISECONDS;
            case MICROSECOND: return TimeUnit.MICROSECONDS;
            default: return TimeUnit.NANOSECONDS;
        }
    }
}
