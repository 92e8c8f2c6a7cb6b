package io.daft.logical;

import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.dsl.Expr;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** Computes one output column per expression. */
public final class Project extends LogicalPlan {
    private final LogicalPlan input;
    private final List<Expr> projection;
    private final Schema schema;

    public Project(LogicalPlan input, List<Expr> projection) {
        this.input = requireNonNull(input, "input");
        this.projection = List.copyOf(projection);
        List<Field> fields = new ArrayList<>(projection.size());
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
    public List<LogicalPlan> children() {
        return List.of(input);
    }

    @Override
    public LogicalPlan withChildren(List<LogicalPlan> children) {
        return new Project(children.get(0), projection);
    }

    @Override
    public String describe() {
        return "Project: " + projection;
    }
}
