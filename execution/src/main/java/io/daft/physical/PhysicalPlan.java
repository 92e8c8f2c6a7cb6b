package io.daft.physical;

import io.daft.core.Schema;

import java.io.Serializable;
import java.util.List;

/**
 * A node of the physical plan: what each partition computes, and where data moves between partitions
 * ({@link Exchange}). Immutable and serializable, so a fragment can be shipped to another JVM and run there
 * unchanged; both runners execute the same nodes through {@link io.daft.execution.PartitionPipeline}.
 */
public abstract class PhysicalPlan implements Serializable {
    private static final long serialVersionUID = 1L;

    public abstract Schema schema();

    public abstract List<PhysicalPlan> children();

    /** How many partitions this node produces. */
    public abstract int numPartitions();

    /** One line describing this node alone, for explain. */
    public abstract String describe();

    public PhysicalPlan child() {
        return children().get(0);
    }

    public String treeString() {
        StringBuilder sb = new StringBuilder();
        append(sb, "", true, true);
        return sb.toString();
    }

    private void append(StringBuilder sb, String indent, boolean last, boolean root) {
        sb.append(indent);
        if (!root) {
            sb.append(last ? "└─ " : "├─ ");
        }
        sb.append(describe()).append("  [partitions=").append(numPartitions()).append("]\n");
        List<PhysicalPlan> cs = children();
        String childIndent = root ? "" : indent + (last ? "   " : "│  ");
        for (int i = 0; i < cs.size(); i++) {
            cs.get(i).append(sb, childIndent, i == cs.size() - 1, false);
        }
    }

    @Override
    public String toString() {
        return treeString();
    }
}
