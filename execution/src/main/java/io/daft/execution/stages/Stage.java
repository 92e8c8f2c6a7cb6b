package io.daft.execution.stages;

import io.daft.config.ExecutionConfig;
import io.daft.micropartition.PartitionSetRef;
import io.daft.physical.InMemoryScan;
import io.daft.physical.PhysicalPlan;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One stage of a query: a self-contained, serializable fragment of the physical plan whose task i computes
 * partition i of {@link #fragment()}, and what becomes of the rows ({@link #output()}). The fragment reads other
 * stages only through {@link StageRead} leaves (by stage id and partition) and in-memory data only through
 * {@link PartitionSetRef}s, and the query's execution config travels with it: a worker needs nothing else from the
 * JVM that planned it.
 */
public final class Stage implements Serializable {
    private static final long serialVersionUID = 1L;

    private final StageId id;
    private final PhysicalPlan fragment;
    private final StageOutput output;
    private final List<StageId> inputs;
    private final ExecutionConfig config;

    public Stage(StageId id, PhysicalPlan fragment, StageOutput output, List<StageId> inputs, ExecutionConfig config) {
        this.id = requireNonNull(id, "id");
        this.fragment = requireNonNull(fragment, "fragment");
        this.output = requireNonNull(output, "output");
        this.inputs = List.copyOf(inputs);
        this.config = requireNonNull(config, "config");
    }

    public StageId id() {
        return id;
    }

    /** The plan fragment; its leaves are scans, in-memory scans and {@link StageRead}s. */
    public PhysicalPlan fragment() {
        return fragment;
    }

    public StageOutput output() {
        return output;
    }

    /** The stages this one reads, each once, in the order first read. */
    public List<StageId> inputs() {
        return inputs;
    }

    public ExecutionConfig config() {
        return config;
    }

    /** Tasks of the stage: one per partition of the fragment. */
    public int numTasks() {
        return fragment.numPartitions();
    }

    /** The in-memory partition sets the fragment reads (what a cluster runner ships along). */
    public List<PartitionSetRef> partitionSets() {
        List<PartitionSetRef> out = new ArrayList<>();
        collect(fragment, out);
        return out;
    }

    private static void collect(PhysicalPlan node, List<PartitionSetRef> out) {
        if (node instanceof InMemoryScan) {
            PartitionSetRef ref = ((InMemoryScan) node).partitionSet();
            if (!out.contains(ref)) {
                out.add(ref);
            }
        }
        for (PhysicalPlan c : node.children()) {
            collect(c, out);
        }
    }

    @Override
    public String toString() {
        return id + " -> " + output + ", " + numTasks() + " tasks, reads " + inputs + "\n" + fragment.treeString();
    }
}
