package io.daft.calcite;

import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.core.TimeUnit;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.type.SqlTypeName;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Conversions between Calcite's SQL types and Daft's {@link DataType}s. */
public final class DaftTypes {
    private DaftTypes() {
    }

    /** The Calcite type of a Daft column (always nullable: files may hold nulls anywhere). */
    public static RelDataType toRelType(RelDataTypeFactory f, DataType t) {
        RelDataType r;
        switch (t.id()) {
            case NULL: r = f.createSqlType(SqlTypeName.NULL); break;
            case BOOLEAN: r = f.createSqlType(SqlTypeName.BOOLEAN); break;
            case INT8: r = f.createSqlType(SqlTypeName.TINYINT); break;
            case INT16: r = f.createSqlType(SqlTypeName.SMALLINT); break;
            case INT32: r = f.createSqlType(SqlTypeName.INTEGER); break;
            case INT64: r = f.createSqlType(SqlTypeName.BIGINT); break;
            case FLOAT32: r = f.createSqlType(SqlTypeName.REAL); break;
            case FLOAT64: r = f.createSqlType(SqlTypeName.DOUBLE); break;
            case DECIMAL: r = f.createSqlType(SqlTypeName.DECIMAL, t.precision(), t.scale()); break;
            case UTF8: r = f.createSqlType(SqlTypeName.VARCHAR); break;
            case BINARY: r = f.createSqlType(SqlTypeName.VARBINARY); break;
            case DATE: r = f.createSqlType(SqlTypeName.DATE); break;
            case TIMESTAMP: {
                int p = precisionOf(t.timeUnit());
                r = f.createSqlType(t.timeZone().isPresent() ? SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE : SqlTypeName.TIMESTAMP, p);
                break;
            }
            case LIST:
                r = f.createArrayType(childType(f, t.listElement()), -1);
                break;
            case MAP:
                r = f.createMapType(childType(f, t.listElement().dataType().children().get(0)), childType(f, t.mapValue()));
                break;
            case STRUCT: {
                List<RelDataType> types = new ArrayList<>();
                List<String> names = new ArrayList<>();
                for (Field c : t.children()) {
                    types.add(childType(f, c));
                    names.add(c.name());
                }
                r = f.createStructType(types, names);
                break;
            }
            default:
                throw new DaftException("not supported: Daft type " + t + " has no SQL equivalent");
        }
        return f.createTypeWithNullability(r, true);
    }

    /**
     * A nested field's SQL type is nullable whatever the file says, as DuckDB's are: Avatica hands out arrays of
     * NOT NULL numbers as primitive arrays and cannot nest those. Results are cast to the nullable form, which
     * shares the data.
     */
    private static RelDataType childType(RelDataTypeFactory f, Field c) {
        return toRelType(f, c.dataType());
    }

    private static Field childField(String name, RelDataType t) {
        return new Field(name, toDaft(t), t.isNullable());
    }

    private static int precisionOf(TimeUnit u) {
        switch (u) {
            case SECONDS: return 0;
            case MILLISECONDS: return 3;
            case MICROSECONDS: return 6;
            default: return 9;
        }
    }

    /** The row type of a Daft schema. */
    public static RelDataType toRowType(RelDataTypeFactory f, Schema schema) {
        RelDataTypeFactory.Builder b = f.builder();
        for (Field field : schema.fields()) {
            b.add(field.name(), toRelType(f, field.dataType()));
        }
        return b.build();
    }

    /** The Daft type holding values of a Calcite type; an error naming the type if there is none. */
    public static DataType toDaft(RelDataType t) {
        SqlTypeName n = t.getSqlTypeName();
        switch (n) {
            case NULL: return DataType.NULL;
            case BOOLEAN: return DataType.BOOLEAN;
            case TINYINT: return DataType.INT8;
            case SMALLINT: return DataType.INT16;
            case INTEGER: return DataType.INT32;
            case BIGINT: return DataType.INT64;
            case REAL: return DataType.FLOAT32;
            case FLOAT:
            case DOUBLE: return DataType.FLOAT64;
            case DECIMAL: {
                int p = Math.min(Math.max(t.getPrecision(), 1), DataType.MAX_DECIMAL_PRECISION);
                int s = Math.max(0, Math.min(t.getScale(), p));
                return DataType.decimal(p, s);
            }
            case CHAR:
            case VARCHAR: return DataType.UTF8;
            case BINARY:
            case VARBINARY: return DataType.BINARY;
            case DATE: return DataType.DATE;
            case TIMESTAMP:
                return DataType.timestamp(unitOf(t.getPrecision()), Optional.empty());
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return DataType.timestamp(unitOf(t.getPrecision()), Optional.of("UTC"));
            case ARRAY:
                return DataType.list(childField(DataType.LIST_ITEM, t.getComponentType()));
            case MAP:
                return DataType.map(toDaft(t.getKeyType()), childField(DataType.MAP_VALUE, t.getValueType()));
            case ROW: {
                List<Field> fields = new ArrayList<>();
                for (RelDataTypeField c : t.getFieldList()) {
                    fields.add(childField(c.getName(), c.getType()));
                }
                return DataType.struct(fields);
            }
            default:
                throw new DaftException("not supported: SQL type " + t.getFullTypeString() + " has no Daft equivalent");
        }
    }

    private static TimeUnit unitOf(int precision) {
        if (precision > 6) {
            return TimeUnit.NANOSECONDS;
        }
        return TimeUnit.MICROSECONDS;
    }

    /** The Daft schema matching a Calcite row type, with {@link #uniqueNames unique} column names. */
    public static Schema toSchema(RelDataType rowType) {
        List<String> names = uniqueNames(rowType);
        List<Field> fields = new ArrayList<>();
        List<RelDataTypeField> fs = rowType.getFieldList();
        for (int i = 0; i < fs.size(); i++) {
            fields.add(new Field(names.get(i), toDaft(fs.get(i).getType()), true));
        }
        return new Schema(fields);
    }

    /** The row type's field names, made unique (case-insensitively) by suffixing {@code _<n>} where needed. */
    public static List<String> uniqueNames(RelDataType rowType) {
        return uniqueNames(rowType.getFieldNames());
    }

    public static List<String> uniqueNames(List<String> names) {
        Set<String> taken = new HashSet<>();
        List<String> out = new ArrayList<>(names.size());
        for (String n : names) {
            String candidate = n;
            int k = 0;
            while (!taken.add(candidate.toLowerCase(Locale.ROOT))) {
                candidate = n + "_" + (++k);
            }
            out.add(candidate);
        }
        return out;
    }
}
