package io.daft.calcite;

import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.util.SqlShuttle;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code s.a} for a struct column {@code s}, as DuckDB reads it: before validation, a compound identifier whose
 * first name is no table, alias or CTE of the statement becomes the field access {@code s['a']} (nested:
 * {@code s['a']['b']}; {@code t.s.a} with {@code t} an alias becomes {@code t.s['a']}, as Calcite's own reading of it
 * is no expression over {@code t.s} and fails under GROUP BY t.s; ITEM rather than DOT, which Calcite's ORDER BY expansion mistakes for a column). Calcite
 * would look for a table {@code s} (and fail); a name that is a FROM item keeps its meaning, so no query that
 * validated before changes. (Calcite's PEEK_FIELDS struct kinds would resolve {@code s.a}
 * too, but also make plain column names ambiguous with struct fields of other tables.)
 */
final class StructFieldIdentifiers extends SqlShuttle {
    private final Set<String> fromNames;
    private final Set<String> qualifiers;
    private final Set<String> schemaNames;

    private StructFieldIdentifiers(Set<String> fromNames, Set<String> qualifiers, Set<String> schemaNames) {
        this.fromNames = fromNames;
        this.qualifiers = qualifiers;
        this.schemaNames = schemaNames;
    }

    /** The statement with struct-field identifiers rewritten as field accesses. */
    static SqlNode rewrite(SqlNode node) {
        if (node == null) {
            return null;
        }
        FromNames names = new FromNames();
        node.accept(names);
        return node.accept(new StructFieldIdentifiers(names.all, names.qualifiers, names.schemas));
    }

    @Override
    public SqlNode visit(SqlIdentifier id) {
        if (id.names.size() < 2 || id.isStar()) {
            return id;
        }
        int column;
        String first = key(id.names.get(0));
        if (!fromNames.contains(first)) {
            column = 1;   // s.a: a column, then fields
        } else if (qualifiers.contains(first) && !schemaNames.contains(first) && id.names.size() > 2) {
            column = 2;   // t.s.a: a qualified column, then fields
        } else {
            return id;
        }
        SqlNode e = id.getComponent(0, column);
        for (int i = column; i < id.names.size(); i++) {
            e = SqlStdOperatorTable.ITEM.createCall(id.getParserPosition(), e,
                    SqlLiteral.createCharString(id.names.get(i), id.getComponentParserPosition(i)));
        }
        return e;
    }

    /** A select item that is a field access without an alias is named after the field, as DuckDB names it. */
    @Override
    public SqlNode visit(SqlCall call) {
        if (call instanceof org.apache.calcite.sql.SqlMatchRecognize) {
            return call;   // A.x there names pattern variable A's column x, not a struct field
        }
        SqlNode visited = super.visit(call);
        if (visited instanceof SqlSelect) {
            org.apache.calcite.sql.SqlNodeList items = ((SqlSelect) visited).getSelectList();
            for (int i = 0; items != null && i < items.size(); i++) {
                SqlNode item = items.get(i);
                if (item instanceof SqlCall && ((SqlCall) item).getOperator() == SqlStdOperatorTable.ITEM
                        && ((SqlCall) item).operand(1) instanceof SqlCharStringLiteral) {
                    SqlNode field = ((SqlCall) item).operand(1);
                    items.set(i, SqlStdOperatorTable.AS.createCall(item.getParserPosition(), item,
                            new SqlIdentifier(((SqlCharStringLiteral) field).getValueAs(String.class), field.getParserPosition())));
                }
            }
        }
        return visited;
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /**
     * Every name a FROM item or CTE of the statement is known by: the names that qualify columns (aliases, CTE
     * names, tables' last names) and the schema parts of table names.
     */
    private static final class FromNames extends SqlBasicVisitor<Void> {
        final Set<String> all = new HashSet<>();
        final Set<String> qualifiers = new HashSet<>();
        final Set<String> schemas = new HashSet<>();

        private void qualifier(String name) {
            qualifiers.add(key(name));
            all.add(key(name));
        }

        @Override
        public Void visit(SqlCall call) {
            if (call instanceof SqlSelect && ((SqlSelect) call).getFrom() != null) {
                fromItem(((SqlSelect) call).getFrom());
            }
            if (call instanceof SqlWith) {
                for (SqlNode item : ((SqlWith) call).withList) {
                    qualifier(((SqlWithItem) item).name.getSimple());
                }
            }
            return super.visit(call);
        }

        private void fromItem(SqlNode from) {
            if (from instanceof SqlIdentifier) {
                List<String> names = ((SqlIdentifier) from).names;
                for (int i = 0; i < names.size() - 1; i++) {
                    schemas.add(key(names.get(i)));
                    all.add(key(names.get(i)));
                }
                qualifier(names.get(names.size() - 1));
            } else if (from instanceof SqlJoin) {
                fromItem(((SqlJoin) from).getLeft());
                fromItem(((SqlJoin) from).getRight());
            } else if (from instanceof SqlBasicCall && from.getKind() == SqlKind.AS) {
                SqlBasicCall as = (SqlBasicCall) from;
                fromItem(as.operand(0));
                qualifier(((SqlIdentifier) as.operand(1)).getSimple());
            } else if (from instanceof SqlBasicCall && (from.getKind() == SqlKind.LATERAL || from.getKind() == SqlKind.COLLECTION_TABLE)) {
                fromItem(((SqlBasicCall) from).operand(0));
            }
        }
    }
}
