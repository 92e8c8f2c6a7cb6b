package io.daft.logical;

import io.daft.core.Schema;

import java.util.List;

/**
 * A node of Daft's logical plan. Immutable: rewrites build new trees. Each node knows its output schema,
 * which is computed (and checked: unknown columns, type errors) when the node is made.
 */
public abstract class LogicalPlan {
    public abstract Schema schema();

    public abstract List<LogicalPlan> children();

    public abstract LogicalPlan withChildren(List<LogicalPlan> children);

    /** One line describing this node alone, for explain. */
    public abstract String describe();

    public LogicalPlan child() {
        return children().get(0);
    }

    /** The plan as an indented tree, one node per line. */
    public String treeString() {
        StringBuilder sb = new StringBuilder();
        appendTree(sb, "", true, true);
        return sb.toString();
    }

    private void appendTree(StringBuilder sb, String indent, boolean last, boolean root) {
        sb.append(indent);
        if (!root) {
            sb.append(last ? "└─ " : "├─ ");
        }
        sb.append(describe()).append('\n');
        List<LogicalPlan> cs = children();
        String childIndent = root ? "" : indent + (last ? "   " : "│  ");
        for (int i = 0; i < cs.size(); i++) {
            cs.get(i).appendTree(sb, childIndent, i == cs.size() - 1, false);
        }
    }

    @Override
    public String toString() {
        return treeString();
    }
}
