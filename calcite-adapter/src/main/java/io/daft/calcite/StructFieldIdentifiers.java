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
import java.util.Locale;
import java.util.Set;

/**
 * {@code s.a} for a struct column {@code s}, as DuckDB reads it: before validation, a compound identifier whose
 * first name is no table, alias or CTE of the statement becomes the field access {@code s['a']} (nested:
 * {@code s['a']['b']}; ITEM rather than DOT, which Calcite's ORDER BY expansion mistakes for a column). Calcite
 * would look for a table {@code s} (and fail); a name that is a FROM item keeps its meaning, so no query that
 * validated before changes. (Calcite's PEEK_FIELDS struct kinds would resolve {@code s.a}
 * too, but also make plain column names ambiguous with struct fields of other tables.)
 */
final class StructFieldIdentifiers extends SqlShuttle {
    private final Set<String> fromNames;

    private StructFieldIdentifiers(Set<String> fromNames) {
        this.fromNames = fromNames;
    }

    /** The statement with struct-field identifiers rewritten as field accesses. */
    static SqlNode rewrite(SqlNode node) {
        if (node == null) {
            return null;
        }
        Set<String> names = new HashSet<>();
        node.accept(new FromNames(names));
        return node.accept(new StructFieldIdentifiers(names));
    }

    @Override
    public SqlNode visit(SqlIdentifier id) {
        if (id.names.size() < 2 || id.isStar() || fromNames.contains(key(id.names.get(0)))) {
            return id;
        }
        SqlNode e = new SqlIdentifier(id.names.get(0), id.getComponentParserPosition(0));
        for (int i = 1; i < id.names.size(); i++) {
            e = SqlStdOperatorTable.ITEM.createCall(id.getParserPosition(), e,
                    SqlLiteral.createCharString(id.names.get(i), id.getComponentParserPosition(i)));
        }
        return e;
    }

    /** A select item that is a field access without an alias is named after the field, as DuckDB names it. */
    @Override
    public SqlNode visit(SqlCall call) {
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

    /** Every name a FROM item or CTE of the statement is known by (tables' every name part, aliases). */
    private static final class FromNames extends SqlBasicVisitor<Void> {
        private final Set<String> names;

        FromNames(Set<String> names) {
            this.names = names;
        }

        @Override
        public Void visit(SqlCall call) {
            if (call instanceof SqlSelect && ((SqlSelect) call).getFrom() != null) {
                fromItem(((SqlSelect) call).getFrom());
            }
            if (call instanceof SqlWith) {
                for (SqlNode item : ((SqlWith) call).withList) {
                    names.add(key(((SqlWithItem) item).name.getSimple()));
                }
            }
            return super.visit(call);
        }

        private void fromItem(SqlNode from) {
            if (from instanceof SqlIdentifier) {
                for (String n : ((SqlIdentifier) from).names) {
                    names.add(key(n));
                }
            } else if (from instanceof SqlJoin) {
                fromItem(((SqlJoin) from).getLeft());
                fromItem(((SqlJoin) from).getRight());
            } else if (from instanceof SqlBasicCall && from.getKind() == SqlKind.AS) {
                SqlBasicCall as = (SqlBasicCall) from;
                fromItem(as.operand(0));
                names.add(key(((SqlIdentifier) as.operand(1)).getSimple()));
            } else if (from instanceof SqlBasicCall && (from.getKind() == SqlKind.LATERAL || from.getKind() == SqlKind.COLLECTION_TABLE)) {
                fromItem(((SqlBasicCall) from).operand(0));
            }
        }
    }
}
