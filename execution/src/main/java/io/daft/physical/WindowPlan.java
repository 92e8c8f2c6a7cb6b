package io.daft.physical;

import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.ops.window.WindowCall;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Window functions over one partition whose rows arrive sorted by the partition columns then the order
 * columns (the planner puts an exchange on the partition keys and a sort below).
 */
public final class WindowPlan extends PhysicalPlan {
    private static final long serialVersionUID = 1L;

    private final PhysicalPlan input;
    private final List<String> partitionColumns;
    private final List<String> orderColumns;
    private final boolean[] descending;
    private final boolean[] nullsFirst;
    private final List<WindowCall> calls;
    private final Schema schema;

    public WindowPlan(PhysicalPlan input, List<String> partitionColumns, List<String> orderColumns, boolean[] descending,
                      boolean[] nullsFirst, List<WindowCall> calls) {
        this.input = requireNonNull(input, "input");
        this.partitionColumns = List.copyOf(partitionColumns);
        this.orderColumns = List.copyOf(orderColumns);
        this.descending = descending.clone();
        this.nullsFirst = nullsFirst.clone();
        this.calls = List.copyOf(calls);
        List<Field> fields = new ArrayList<>(input.schema().fields());
        for (WindowCall c : calls) {
            fields.add(new Field(c.outputName(), c.outputType(), true));
        }
        this.schema = new Schema(fields);
    }

    public int[] partitionIndices() {
        return input.schema().indicesOf(partitionColumns);
    }

    public int[] orderIndices() {
        return input.schema().indicesOf(orderColumns);
    }

    public boolean[] descending() {
        return descending.clone();
    }

    public boolean[] nullsFirst() {
        return nullsFirst.clone();
    }

    public List<WindowCall> calls() {
        return calls;
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public List<PhysicalPlan> children() {
        return List.of(input);
    }

    @Override
    public int numPartitions() {
        return input.numPartitions();
    }

    @Override
    public String describe() {
        List<String> fns = new ArrayList<>();
        for (WindowCall c : calls) {
            fns.add(c.op().name().toLowerCase() + " " + c.frame() + " AS " + c.outputName());
        }
        return "Window: " + fns + " partition by " + partitionColumns + " order by " + orderColumns;
    }
}
