package io.daft.parquet.write;

import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.TimeUnit;
import io.daft.parquet.ParquetWriteOptions;
import org.apache.parquet.format.ConvertedType;
import org.apache.parquet.format.DateType;
import org.apache.parquet.format.DecimalType;
import org.apache.parquet.format.FieldRepetitionType;
import org.apache.parquet.format.IntType;
import org.apache.parquet.format.ListType;
import org.apache.parquet.format.LogicalType;
import org.apache.parquet.format.MicroSeconds;
import org.apache.parquet.format.MilliSeconds;
import org.apache.parquet.format.NanoSeconds;
import org.apache.parquet.format.NullType;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.StringType;
import org.apache.parquet.format.TimestampType;
import org.apache.parquet.format.Type;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** Maps our flat column types onto Parquet schema elements and the column writers that produce them. */
public final class ParquetColumns {
    private ParquetColumns() {
    }

    private static boolean optional(Field field) {
        return field.nullable() || field.dataType().id() == io.daft.core.TypeId.NULL;
    }

    /**
     * Appends the schema elements of a column (depth first: a group, then its children) to {@code out}. Structs
     * become groups; lists the standard three-level {@code <name> (LIST) / repeated list / element}.
     */
    public static void schemaElements(Field field, List<SchemaElement> out) {
        DataType type = field.dataType();
        FieldRepetitionType repetition = optional(field) ? FieldRepetitionType.OPTIONAL : FieldRepetitionType.REQUIRED;
        if (type.id() == io.daft.core.TypeId.STRUCT) {
            if (type.children().isEmpty()) {
                throw new DaftException("cannot write column '" + field.name() + "' to Parquet: a struct needs at least one field");
            }
            SchemaElement group = new SchemaElement(field.name());
            group.setRepetition_type(repetition);
            group.setNum_children(type.children().size());
            out.add(group);
            for (Field child : type.children()) {
                schemaElements(child, out);
            }
            return;
        }
        if (type.id() == io.daft.core.TypeId.LIST) {
            SchemaElement outer = new SchemaElement(field.name());
            outer.setRepetition_type(repetition);
            outer.setNum_children(1);
            outer.setConverted_type(ConvertedType.LIST);
            outer.setLogicalType(LogicalType.LIST(new ListType()));
            out.add(outer);
            SchemaElement middle = new SchemaElement("list");
            middle.setRepetition_type(FieldRepetitionType.REPEATED);
            middle.setNum_children(1);
            out.add(middle);
            schemaElements(type.children().get(0).withName("element"), out);
            return;
        }
        if (type.id() == io.daft.core.TypeId.MAP) {
            // the standard MAP layout: a repeated key_value group of a required key and a value
            SchemaElement outer = new SchemaElement(field.name());
            outer.setRepetition_type(repetition);
            outer.setNum_children(1);
            outer.setConverted_type(ConvertedType.MAP);
            outer.setLogicalType(LogicalType.MAP(new org.apache.parquet.format.MapType()));
            out.add(outer);
            SchemaElement keyValue = new SchemaElement("key_value");
            keyValue.setRepetition_type(FieldRepetitionType.REPEATED);
            keyValue.setNum_children(2);
            out.add(keyValue);
            for (Field child : type.listElement().dataType().children()) {
                schemaElements(child, out);
            }
            return;
        }
        out.add(leafElement(field, repetition));
    }

    private static SchemaElement leafElement(Field field, FieldRepetitionType repetition) {
        DataType type = field.dataType();
        SchemaElement e = new SchemaElement(field.name());
        e.setRepetition_type(repetition);
        switch (type.id()) {
            case NULL:
                e.setType(Type.INT32);
                e.setLogicalType(LogicalType.UNKNOWN(new NullType()));
                break;
            case BOOLEAN:
                e.setType(Type.BOOLEAN);
                break;
            case INT8:
                integer(e, Type.INT32, 8, ConvertedType.INT_8);
                break;
            case INT16:
                integer(e, Type.INT32, 16, ConvertedType.INT_16);
                break;
            case INT32:
                integer(e, Type.INT32, 32, ConvertedType.INT_32);
                break;
            case INT64:
                integer(e, Type.INT64, 64, ConvertedType.INT_64);
                break;
            case FLOAT32:
                e.setType(Type.FLOAT);
                break;
            case FLOAT64:
                e.setType(Type.DOUBLE);
                break;
            case DECIMAL: {
                int p = type.precision();
                if (p <= 9) {
                    e.setType(Type.INT32);
                } else if (p <= 18) {
                    e.setType(Type.INT64);
                } else {
                    e.setType(Type.FIXED_LEN_BYTE_ARRAY);
                    e.setType_length(decimalBytes(p));
                }
                e.setLogicalType(LogicalType.DECIMAL(new DecimalType(type.scale(), p)));
                e.setConverted_type(ConvertedType.DECIMAL);
                e.setPrecision(p);
                e.setScale(type.scale());
                break;
            }
            case UTF8:
                e.setType(Type.BYTE_ARRAY);
                e.setLogicalType(LogicalType.STRING(new StringType()));
                e.setConverted_type(ConvertedType.UTF8);
                break;
            case BINARY:
                e.setType(Type.BYTE_ARRAY);
                break;
            case DATE:
                e.setType(Type.INT32);
                e.setLogicalType(LogicalType.DATE(new DateType()));
                e.setConverted_type(ConvertedType.DATE);
                break;
            case TIMESTAMP: {
                e.setType(Type.INT64);
                boolean utc = type.timeZone().isPresent();
                org.apache.parquet.format.TimeUnit unit;
                ConvertedType converted = null;
                switch (type.timeUnit()) {
                    case SECONDS: // Parquet has no seconds: written as milliseconds
                    case MILLISECONDS:
                        unit = org.apache.parquet.format.TimeUnit.MILLIS(new MilliSeconds());
                        converted = ConvertedType.TIMESTAMP_MILLIS;
                        break;
                    case MICROSECONDS:
                        unit = org.apache.parquet.format.TimeUnit.MICROS(new MicroSeconds());
                        converted = ConvertedType.TIMESTAMP_MICROS;
                        break;
                    default:
                        unit = org.apache.parquet.format.TimeUnit.NANOS(new NanoSeconds());
                        break;
                }
                e.setLogicalType(LogicalType.TIMESTAMP(new TimestampType(utc, unit)));
                if (utc && converted != null) {
                    // the legacy annotations mean "adjusted to UTC"; local timestamps carry only the logical type
                    e.setConverted_type(converted);
                }
                break;
            }
            default:
                throw new DaftException("cannot write column '" + field.name() + "' of type " + type
                        + " to Parquet: unsupported type");
        }
        return e;
    }

    private static void integer(SchemaElement e, Type physical, int bits, ConvertedType converted) {
        e.setType(physical);
        e.setLogicalType(LogicalType.INTEGER(new IntType((byte) bits, true)));
        e.setConverted_type(converted);
    }

    /** Fewest bytes holding every unscaled value of {@code precision} digits in two's complement. */
    public static int decimalBytes(int precision) {
        int bits = BigInteger.TEN.pow(precision).subtract(BigInteger.ONE).bitLength() + 1;
        return (bits + 7) / 8;
    }

    /** Appends the writers of the leaf columns of {@code field} (depth first, as the schema elements) to {@code out}. */
    public static void writers(Field field, ParquetWriteOptions options, PageCompressor compressor,
            List<ColumnChunkWriter> out) {
        addWriters(field, new ArrayList<>(), 0, 0, options, compressor, out);
    }

    private static void addWriters(Field field, List<String> parentPath, int def, int rep, ParquetWriteOptions options,
            PageCompressor compressor, List<ColumnChunkWriter> out) {
        List<String> path = new ArrayList<>(parentPath);
        path.add(field.name());
        int d = def + (optional(field) ? 1 : 0);
        DataType type = field.dataType();
        if (type.id() == io.daft.core.TypeId.STRUCT) {
            for (Field child : type.children()) {
                addWriters(child, path, d, rep, options, compressor, out);
            }
        } else if (type.id() == io.daft.core.TypeId.LIST) {
            path.add("list");
            addWriters(type.children().get(0).withName("element"), path, d + 1, rep + 1, options, compressor, out);
        } else if (type.id() == io.daft.core.TypeId.MAP) {
            path.add("key_value");
            for (Field child : type.listElement().dataType().children()) {
                addWriters(child, path, d + 1, rep + 1, options, compressor, out);
            }
        } else {
            out.add(writer(field, new ColumnSpec(path, d, rep), options, compressor));
        }
    }

    private static ColumnChunkWriter writer(Field field, ColumnSpec spec, ParquetWriteOptions options,
            PageCompressor compressor) {
        DataType type = field.dataType();
        String name = String.join(".", spec.path());
        int page = options.pageSizeBytes();
        boolean dict = options.dictionary();
        switch (type.id()) {
            case NULL:
                return new IntegerColumnWriter(spec, false, IntegerColumnWriter.Source.INT32, compressor, page, false);
            case BOOLEAN:
                return new BooleanColumnWriter(spec, compressor, page);
            case INT8:
                return new IntegerColumnWriter(spec, false, IntegerColumnWriter.Source.INT8, compressor, page, dict);
            case INT16:
                return new IntegerColumnWriter(spec, false, IntegerColumnWriter.Source.INT16, compressor, page, dict);
            case INT32:
            case DATE:
                return new IntegerColumnWriter(spec, false, IntegerColumnWriter.Source.INT32, compressor, page, dict);
            case INT64:
                return new IntegerColumnWriter(spec, true, IntegerColumnWriter.Source.INT64, compressor, page, dict);
            case TIMESTAMP:
                return new IntegerColumnWriter(spec, true, type.timeUnit() == TimeUnit.SECONDS
                        ? IntegerColumnWriter.Source.TIMESTAMP_SECONDS_TO_MILLIS : IntegerColumnWriter.Source.INT64,
                        compressor, page, dict);
            case FLOAT32:
                return new FloatingColumnWriter(spec, false, compressor, page);
            case FLOAT64:
                return new FloatingColumnWriter(spec, true, compressor, page);
            case DECIMAL: {
                int p = type.precision();
                if (p <= 18) {
                    return new IntegerColumnWriter(spec, p > 9, IntegerColumnWriter.Source.DECIMAL128,
                            compressor, page, dict);
                }
                return new FixedLenDecimalColumnWriter(spec, decimalBytes(p), compressor, page);
            }
            case UTF8:
            case BINARY:
                return new ByteArrayColumnWriter(spec, compressor, page, dict);
            default:
                throw new DaftException("cannot write column '" + name + "' of type " + type
                        + " to Parquet: unsupported type");
        }
    }
}
