package io.daft.physical;

import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.dsl.Expr;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** Evaluates expressions per batch. */
public final class ProjectPlan extends PhysicalPlan {
    private static final long serialVersionUID = 1L;

    private final PhysicalPlan input;
    private final List<Expr> projection;
    private final Schema schema;

    public ProjectPlan(PhysicalPlan input, List<Expr> projection) {
        this.input = requireNonNull(input, "input");
        this.projection = List.copyOf(projection);
        List<Field> fields = new ArrayList<>();
        for (Expr e : projection) {
            fields.add(e.toField(input.schema()));
        }
        this.schema = new Schema(fields);
    }

    public List<Expr> projection() {
        return projection;
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
        return "Project: " + projection;
    }
}
