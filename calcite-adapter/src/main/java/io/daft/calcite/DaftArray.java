package io.daft.calcite;

import io.daft.core.DataType;
import io.daft.core.TypeId;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A SQL ARRAY (a Daft LIST) through JDBC, as DuckDB's driver gives one: {@link #getArray()} is an {@code Object[]}
 * of the elements as JDBC values ({@link JdbcNested#toJdbc}: NULL elements as null, nested lists as
 * {@code DaftArray}, structs as {@link DaftStruct}, maps as {@link java.util.Map}, timestamps as
 * {@link java.sql.Timestamp} with their nanoseconds, dates as {@link java.sql.Date}, decimals as
 * {@link java.math.BigDecimal}); {@link #getResultSet()} has the columns INDEX (1-based) and VALUE; {@link #toString()}
 * is DuckDB's text ({@code [1, NULL, 3]}). Immutable: the values are plain heap objects, so {@link #free()} has
 * nothing to release.
 */
public final class DaftArray implements Array {
    private final List<?> elements;
    private final DataType type;

    /**
     * @param elements the elements as {@link SqlResult} holds a list's (Values' form)
     * @param type the LIST type
     */
    public DaftArray(List<?> elements, DataType type) {
        this.elements = requireNonNull(elements, "elements");
        this.type = requireNonNull(type, "type");
        if (type.id() != TypeId.LIST) {
            throw new IllegalArgumentException("not a LIST type: " + type);
        }
    }

    /** The LIST type of this array. */
    public DataType type() {
        return type;
    }

    /** The elements in SqlResult's form. */
    List<?> elements() {
        return elements;
    }

    private DataType elementType() {
        return type.listElement().dataType();
    }

    /** The element type's name, as in the column's type name ({@code INTEGER}, {@code VARCHAR[]}, {@code STRUCT(a INTEGER)}). */
    @Override
    public String getBaseTypeName() {
        return NestedTypes.typeName(elementType());
    }

    /** The element type as a {@link java.sql.Types} code. */
    @Override
    public int getBaseType() {
        return NestedTypes.sqlType(elementType());
    }

    @Override
    public Object getArray() {
        return slice(0, elements.size());
    }

    @Override
    public Object getArray(Map<String, Class<?>> map) throws SQLException {
        checkNoTypeMap(map);
        return getArray();
    }

    /** {@code count} elements from the 1-based position {@code index}. */
    @Override
    public Object getArray(long index, int count) throws SQLException {
        int from = start(index, count);
        return slice(from, from + count);
    }

    @Override
    public Object getArray(long index, int count, Map<String, Class<?>> map) throws SQLException {
        checkNoTypeMap(map);
        return getArray(index, count);
    }

    @Override
    public ResultSet getResultSet() {
        return ArrayResultSet.create(slice(0, elements.size()), 1, elementType());
    }

    @Override
    public ResultSet getResultSet(Map<String, Class<?>> map) throws SQLException {
        checkNoTypeMap(map);
        return getResultSet();
    }

    @Override
    public ResultSet getResultSet(long index, int count) throws SQLException {
        int from = start(index, count);
        return ArrayResultSet.create(slice(from, from + count), from + 1, elementType());
    }

    @Override
    public ResultSet getResultSet(long index, int count, Map<String, Class<?>> map) throws SQLException {
        checkNoTypeMap(map);
        return getResultSet(index, count);
    }

    @Override
    public void free() {
        // nothing to release: the elements are plain heap values
    }

    private Object[] slice(int from, int to) {
        Object[] out = new Object[to - from];
        DataType et = elementType();
        for (int i = from; i < to; i++) {
            out[i - from] = JdbcNested.toJdbc(elements.get(i), et);
        }
        return out;
    }

    private int start(long index, int count) throws SQLException {
        if (index < 1 || count < 0 || index - 1 + count > elements.size()) {
            throw new SQLException("array slice from " + index + " of " + count + " elements is outside an array of "
                    + elements.size() + " elements (positions start at 1)", "2202E");
        }
        return (int) (index - 1);
    }

    static void checkNoTypeMap(Map<String, Class<?>> map) throws SQLException {
        if (map != null && !map.isEmpty()) {
            throw new SQLFeatureNotSupportedException("custom type maps are not supported");
        }
    }

    /** Equal to another DaftArray of the same type and elements. */
    @Override
    public boolean equals(Object o) {
        return o instanceof DaftArray && ((DaftArray) o).type.equals(type) && JdbcNested.deepEquals(((DaftArray) o).elements, elements);
    }

    @Override
    public int hashCode() {
        return elements.size() * 31 + type.hashCode();
    }

    /** DuckDB's text of the list, e.g. {@code [1, NULL, 3]}. */
    @Override
    public String toString() {
        return io.daft.calcite.cli.CellText.text(elements, type);
    }
}
