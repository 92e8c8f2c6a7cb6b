package io.daft.core;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static java.util.Objects.requireNonNull;

/** An ordered list of uniquely named fields. */
public final class Schema implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<Field> fields;
    private final Map<String, Integer> indexByName;

    public Schema(List<Field> fields) {
        this.fields = List.copyOf(requireNonNull(fields, "fields"));
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < this.fields.size(); i++) {
            if (index.put(this.fields.get(i).name(), i) != null) {
                throw new DaftException("duplicate column name '" + this.fields.get(i).name() + "' in schema " + this);
            }
        }
        this.indexByName = Map.copyOf(index);
    }

    public static Schema of(Field... fields) {
        return new Schema(List.of(fields));
    }

    public static Schema empty() {
        return new Schema(List.of());
    }

    public List<Field> fields() {
        return fields;
    }

    public int size() {
        return fields.size();
    }

    public Field field(int index) {
        return fields.get(index);
    }

    public OptionalInt indexOf(String name) {
        Integer i = indexByName.get(name);
        return i == null ? OptionalInt.empty() : OptionalInt.of(i);
    }

    public boolean contains(String name) {
        return indexByName.containsKey(name);
    }

    /** The field called {@code name}; an error listing the columns that exist if there is none. */
    public Field field(String name) {
        Integer i = indexByName.get(name);
        if (i == null) {
            throw new DaftException("column '" + name + "' not found; columns are " + names());
        }
        return fields.get(i);
    }

    public int requireIndex(String name) {
        Integer i = indexByName.get(name);
        if (i == null) {
            throw new DaftException("column '" + name + "' not found; columns are " + names());
        }
        return i;
    }

    /** The positions of the named columns, in that order; an error naming any that is missing. */
    public int[] indicesOf(List<String> columnNames) {
        int[] idx = new int[columnNames.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = requireIndex(columnNames.get(i));
        }
        return idx;
    }

    public List<String> names() {
        List<String> names = new ArrayList<>(fields.size());
        for (Field f : fields) {
            names.add(f.name());
        }
        return names;
    }

    public Schema select(List<String> names) {
        List<Field> selected = new ArrayList<>(names.size());
        for (String name : names) {
            selected.add(field(name));
        }
        return new Schema(selected);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Schema && fields.equals(((Schema) o).fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return fields.toString();
    }
}
