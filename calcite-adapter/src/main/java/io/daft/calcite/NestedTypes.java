package io.daft.calcite;

import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.TimeUnit;

import java.sql.Array;
import java.sql.Struct;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Names of nested types as DuckDB writes them ({@code INTEGER[]}, {@code STRUCT(a INTEGER, "b c" DATE)},
 * {@code MAP(VARCHAR, BIGINT)}), read back by {@link #parseTypeName}; JDBC type codes of Daft types.
 */
public final class NestedTypes {
    private NestedTypes() {
    }

    /** DuckDB's name of a type: {@code INTEGER}, {@code VARCHAR[]}, {@code STRUCT(a INTEGER, "b c" DATE)}, {@code MAP(VARCHAR, BIGINT)}. */
    public static String typeName(DataType t) {
        switch (t.id()) {
            case NULL: return "NULL";
            case BOOLEAN: return "BOOLEAN";
            case INT8: return "TINYINT";
            case INT16: return "SMALLINT";
            case INT32: return "INTEGER";
            case INT64: return "BIGINT";
            case FLOAT32: return "FLOAT";
            case FLOAT64: return "DOUBLE";
            case DECIMAL: return "DECIMAL(" + t.precision() + "," + t.scale() + ")";
            case UTF8: return "VARCHAR";
            case BINARY: return "BLOB";
            case DATE: return "DATE";
            case TIMESTAMP:
                if (t.timeZone().isPresent()) {
                    return "TIMESTAMP WITH TIME ZONE";
                }
                switch (t.timeUnit()) {
                    case SECONDS: return "TIMESTAMP_S";
                    case MILLISECONDS: return "TIMESTAMP_MS";
                    case NANOSECONDS: return "TIMESTAMP_NS";
                    default: return "TIMESTAMP";
                }
            case LIST: return typeName(t.listElement().dataType()) + "[]";
            case MAP: return "MAP(" + typeName(t.mapKey()) + ", " + typeName(t.mapValue().dataType()) + ")";
            case STRUCT: {
                StringBuilder sb = new StringBuilder("STRUCT(");
                for (int i = 0; i < t.children().size(); i++) {
                    Field f = t.children().get(i);
                    sb.append(i == 0 ? "" : ", ").append(identifier(f.name())).append(' ').append(typeName(f.dataType()));
                }
                return sb.append(')').toString();
            }
            default:
                throw new IllegalArgumentException("no SQL name for " + t);
        }
    }

    private static String identifier(String name) {
        return name.matches("[A-Za-z_][A-Za-z0-9_]*") ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** The {@link Types} code of a type (MAP is OTHER, as in DuckDB's driver). */
    public static int sqlType(DataType t) {
        switch (t.id()) {
            case NULL: return Types.NULL;
            case BOOLEAN: return Types.BOOLEAN;
            case INT8: return Types.TINYINT;
            case INT16: return Types.SMALLINT;
            case INT32: return Types.INTEGER;
            case INT64: return Types.BIGINT;
            case FLOAT32: return Types.REAL;
            case FLOAT64: return Types.DOUBLE;
            case DECIMAL: return Types.DECIMAL;
            case UTF8: return Types.VARCHAR;
            case BINARY: return Types.VARBINARY;
            case DATE: return Types.DATE;
            case TIMESTAMP: return t.timeZone().isPresent() ? Types.TIMESTAMP_WITH_TIMEZONE : Types.TIMESTAMP;
            case LIST: return Types.ARRAY;
            case STRUCT: return Types.STRUCT;
            case MAP: return Types.OTHER;
            default: throw new IllegalArgumentException("no SQL type for " + t);
        }
    }

    /** The Java class of a nested type's JDBC values. */
    static String className(DataType t) {
        switch (t.id()) {
            case LIST: return Array.class.getName();
            case STRUCT: return Struct.class.getName();
            default: return Map.class.getName();
        }
    }

    /** The nested type a {@link #typeName} names, or empty for any other name (a scalar's, or none of ours). */
    public static Optional<DataType> nestedType(String name) {
        if (name == null || !(name.endsWith("]") || name.startsWith("STRUCT(") || name.startsWith("MAP("))) {
            return Optional.empty();
        }
        try {
            return Optional.of(parseTypeName(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The type {@link #typeName} names. */
    public static DataType parseTypeName(String name) {
        TypeParser p = new TypeParser(name);
        DataType t = p.type();
        p.skipSpaces();
        if (p.pos != name.length()) {
            throw p.error();
        }
        return t;
    }

    private static final class TypeParser {
        final String s;
        int pos;

        TypeParser(String s) {
            this.s = s;
        }

        IllegalArgumentException error() {
            return new IllegalArgumentException("not a type name: '" + s + "' (at position " + (pos + 1) + ")");
        }

        void skipSpaces() {
            while (pos < s.length() && s.charAt(pos) == ' ') {
                pos++;
            }
        }

        boolean take(String token) {
            skipSpaces();
            if (s.regionMatches(true, pos, token, 0, token.length())) {
                pos += token.length();
                return true;
            }
            return false;
        }

        void expect(String token) {
            if (!take(token)) {
                throw error();
            }
        }

        String word() {
            skipSpaces();
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                pos++;
            }
            if (start == pos) {
                throw error();
            }
            return s.substring(start, pos);
        }

        String identifier() {
            skipSpaces();
            if (pos < s.length() && s.charAt(pos) == '"') {
                StringBuilder sb = new StringBuilder();
                pos++;
                while (true) {
                    if (pos >= s.length()) {
                        throw error();
                    }
                    char c = s.charAt(pos++);
                    if (c == '"') {
                        if (pos < s.length() && s.charAt(pos) == '"') {
                            sb.append('"');
                            pos++;
                        } else {
                            return sb.toString();
                        }
                    } else {
                        sb.append(c);
                    }
                }
            }
            return word();
        }

        int number() {
            try {
                return Integer.parseInt(word());
            } catch (NumberFormatException e) {
                throw error();
            }
        }

        DataType type() {
            DataType t = base();
            while (take("[]")) {
                t = DataType.list(Field.of(DataType.LIST_ITEM, t));
            }
            return t;
        }

        DataType base() {
            String w = word().toUpperCase(Locale.ROOT);
            switch (w) {
                case "NULL": return DataType.NULL;
                case "BOOLEAN": return DataType.BOOLEAN;
                case "TINYINT": return DataType.INT8;
                case "SMALLINT": return DataType.INT16;
                case "INTEGER": return DataType.INT32;
                case "BIGINT": return DataType.INT64;
                case "FLOAT": return DataType.FLOAT32;
                case "DOUBLE": return DataType.FLOAT64;
                case "VARCHAR": return DataType.UTF8;
                case "BLOB": return DataType.BINARY;
                case "DATE": return DataType.DATE;
                case "DECIMAL": {
                    expect("(");
                    int p = number();
                    expect(",");
                    int sc = number();
                    expect(")");
                    return DataType.decimal(p, sc);
                }
                case "TIMESTAMP":
                    if (take("WITH TIME ZONE")) {
                        return DataType.timestamp(TimeUnit.MICROSECONDS, Optional.of("UTC"));
                    }
                    return DataType.timestamp(TimeUnit.MICROSECONDS, Optional.empty());
                case "TIMESTAMP_S": return DataType.timestamp(TimeUnit.SECONDS, Optional.empty());
                case "TIMESTAMP_MS": return DataType.timestamp(TimeUnit.MILLISECONDS, Optional.empty());
                case "TIMESTAMP_NS": return DataType.timestamp(TimeUnit.NANOSECONDS, Optional.empty());
                case "MAP": {
                    expect("(");
                    DataType k = type();
                    expect(",");
                    DataType v = type();
                    expect(")");
                    return DataType.map(k, Field.of(DataType.MAP_VALUE, v));
                }
                case "STRUCT": {
                    expect("(");
                    List<Field> fields = new ArrayList<>();
                    do {
                        String name = identifier();
                        fields.add(Field.of(name, type()));
                    } while (take(","));
                    expect(")");
                    return DataType.struct(fields);
                }
                default:
                    throw error();
            }
        }
    }

}
