package io.daft.physical;

import io.daft.core.Schema;

import java.util.List;

/** UNION ALL: the partitions of each input, one after another. */
public final class ConcatPlan extends PhysicalPlan {
    private static final long serialVersionUID = 1L;

    private final List<PhysicalPlan> inputs;

    public ConcatPlan(List<PhysicalPlan> inputs) {
        this.inputs = List.copyOf(inputs);
    }

    @Override
    public Schema schema() {
        return inputs.get(0).schema();
    }

    @Override
    public List<PhysicalPlan> children() {
        return inputs;
    }

    @Override
    public int numPartitions() {
        int n = 0;
        for (PhysicalPlan p : inputs) {
            n += p.numPartitions();
        }
        return n;
    }

    @Override
    public String describe() {
        return "Concat";
    }
}
