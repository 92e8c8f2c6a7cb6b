package io.daft.calcite;

import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.TypeId;

import java.sql.SQLException;
import java.sql.Struct;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A SQL ROW (a Daft STRUCT) through JDBC, as DuckDB's driver gives one: {@link #getAttributes()} are the fields'
 * values in order as JDBC values ({@link JdbcNested#toJdbc}), {@link #getSQLTypeName()} the full type name
 * ({@code STRUCT(a INTEGER, b VARCHAR)}), {@link #toString()} DuckDB's text ({@code {'a': 1, 'b': x}}). Immutable.
 */
public final class DaftStruct implements Struct {
    private final Map<String, ?> fields;
    private final DataType type;

    /**
     * @param fields the field values by name, as {@link SqlResult} holds a struct's (Values' form)
     * @param type the STRUCT type
     */
    public DaftStruct(Map<String, ?> fields, DataType type) {
        this.fields = requireNonNull(fields, "fields");
        this.type = requireNonNull(type, "type");
        if (type.id() != TypeId.STRUCT) {
            throw new IllegalArgumentException("not a STRUCT type: " + type);
        }
    }

    /** The STRUCT type of this value. */
    public DataType type() {
        return type;
    }

    /** The field values by name, in SqlResult's form. */
    Map<String, ?> fields() {
        return fields;
    }

    @Override
    public String getSQLTypeName() {
        return NestedTypes.typeName(type);
    }

    @Override
    public Object[] getAttributes() {
        List<Field> fs = type.children();
        Object[] out = new Object[fs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = JdbcNested.toJdbc(fields.get(fs.get(i).name()), fs.get(i).dataType());
        }
        return out;
    }

    @Override
    public Object[] getAttributes(Map<String, Class<?>> map) throws SQLException {
        DaftArray.checkNoTypeMap(map);
        return getAttributes();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DaftStruct && ((DaftStruct) o).type.equals(type) && JdbcNested.deepEquals(((DaftStruct) o).fields, fields);
    }

    @Override
    public int hashCode() {
        return fields.size() * 31 + type.hashCode();
    }

    /** DuckDB's text of the struct, e.g. {@code {'a': 1, 'b': x}}. */
    @Override
    public String toString() {
        return io.daft.calcite.cli.CellText.text(fields, type);
    }
}
