package io.daft.calcite;

import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlShuttle;

import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites {@code ROLLUP(...)} and {@code CUBE(...)} as the {@code GROUPING SETS (...)} they stand for, before
 * validation. The SQL standard (and DuckDB) keep one output group per listed set, duplicates included: {@code
 * ROLLUP(x, x)} is {@code GROUPING SETS ((x, x), (x), ())}, three groups. Calcite's validator collects the sets of a
 * ROLLUP or CUBE in a set (SqlValidatorUtil.rollup/cube), so a repeated key lost groups; explicit GROUPING SETS keep
 * their duplicates, which Calcite's RelBuilder plans as a union of aggregates (the GROUP_ID() expansion).
 */
final class RollupCubeExpansion extends SqlShuttle {
    private static final RollupCubeExpansion INSTANCE = new RollupCubeExpansion();

    private RollupCubeExpansion() {
    }

    /** The statement with every ROLLUP and CUBE replaced by its GROUPING SETS. */
    static SqlNode expand(SqlNode node) {
        return node == null ? null : node.accept(INSTANCE);
    }

    @Override
    public SqlNode visit(SqlCall call) {
        SqlNode visited = super.visit(call);
        if (!(visited instanceof SqlCall)) {
            return visited;
        }
        SqlCall c = (SqlCall) visited;
        if (c.getKind() != SqlKind.ROLLUP && c.getKind() != SqlKind.CUBE) {
            return c;
        }
        List<List<SqlNode>> elements = new ArrayList<>();
        for (SqlNode operand : c.getOperandList()) {
            elements.add(columns(operand));
        }
        List<List<SqlNode>> sets = c.getKind() == SqlKind.ROLLUP ? rollup(elements) : cube(elements);
        SqlParserPos pos = c.getParserPosition();
        List<SqlNode> groupingSets = new ArrayList<>(sets.size());
        for (List<SqlNode> set : sets) {
            groupingSets.add(groupingSet(set, pos));
        }
        return SqlStdOperatorTable.GROUPING_SETS.createCall(pos, groupingSets);
    }

    /** The columns of one ROLLUP/CUBE element: {@code (a, b)} is two, {@code ()} none. */
    private static List<SqlNode> columns(SqlNode element) {
        if (element.getKind() == SqlKind.ROW) {
            return ((SqlCall) element).getOperandList();
        }
        if (element instanceof SqlNodeList) {
            return ((SqlNodeList) element).getList();
        }
        return List.of(element);
    }

    /** ROLLUP(e1, ..., en): the prefixes, longest first. */
    private static List<List<SqlNode>> rollup(List<List<SqlNode>> elements) {
        List<List<SqlNode>> sets = new ArrayList<>();
        for (int n = elements.size(); n >= 0; n--) {
            List<SqlNode> set = new ArrayList<>();
            elements.subList(0, n).forEach(set::addAll);
            sets.add(set);
        }
        return sets;
    }

    /** CUBE(e1, ..., en): every subset of the elements (as a list: equal subsets of repeated elements all kept). */
    private static List<List<SqlNode>> cube(List<List<SqlNode>> elements) {
        int n = elements.size();
        if (n > 30) {
            throw new IllegalArgumentException("CUBE of " + n + " elements has too many grouping sets");
        }
        List<List<SqlNode>> sets = new ArrayList<>();
        for (int mask = (1 << n) - 1; mask >= 0; mask--) {
            List<SqlNode> set = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if ((mask & (1 << (n - 1 - i))) != 0) {
                    set.addAll(elements.get(i));
                }
            }
            sets.add(set);
        }
        return sets;
    }

    /** One grouping set written as the parser reads it: {@code ()}, an expression, or {@code (a, b)}. */
    private static SqlNode groupingSet(List<SqlNode> columns, SqlParserPos pos) {
        if (columns.isEmpty()) {
            return new SqlNodeList(pos);
        }
        if (columns.size() == 1) {
            return columns.get(0);
        }
        return new SqlBasicCall(SqlStdOperatorTable.ROW, columns, pos);
    }
}
