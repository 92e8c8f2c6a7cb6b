package io.daft.logical;

import io.daft.core.DaftException;
import io.daft.core.Schema;

import java.util.List;

/** UNION ALL: the rows of every input, partitions side by side. Inputs must have the same column types. */
public final class Concat extends LogicalPlan {
    private final List<LogicalPlan> inputs;

    public Concat(List<LogicalPlan> inputs) {
        this.inputs = List.copyOf(inputs);
        if (inputs.size() < 2) {
            throw new DaftException("union needs at least two inputs");
        }
        Schema first = inputs.get(0).schema();
        for (LogicalPlan p : inputs.subList(1, inputs.size())) {
            Schema s = p.schema();
            if (s.size() != first.size()) {
                throw new DaftException("union inputs have different column counts: " + first + " and " + s);
            }
            for (int i = 0; i < s.size(); i++) {
                if (!s.field(i).dataType().equals(first.field(i).dataType())) {
                    throw new DaftException("union column " + (i + 1) + " ('" + first.field(i).name() + "') is "
                            + first.field(i).dataType() + " in one input and " + s.field(i).dataType() + " in another");
                }
            }
        }
    }

    @Override
    public Schema schema() {
        return inputs.get(0).schema();
    }

    @Override
    public List<LogicalPlan> children() {
        return inputs;
    }

    @Override
    public LogicalPlan withChildren(List<LogicalPlan> children) {
        return new Concat(children);
    }

    @Override
    public String describe() {
        return "Concat (union all)";
    }
}
