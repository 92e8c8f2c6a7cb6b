package io.daft.logical;

import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.dsl.Expr;
import io.daft.dsl.WindowExpr;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Window functions sharing one {@code PARTITION BY ... ORDER BY ...}: the input columns, then one column per
 * function. Rows keep no particular order.
 */
public final class Window extends LogicalPlan {
    private final LogicalPlan input;
    private final List<Expr> partitionBy;
    private final List<SortKey> orderBy;
    private final List<WindowExpr> functions;
    private final Schema schema;

    public Window(LogicalPlan input, List<Expr> partitionBy, List<SortKey> orderBy, List<WindowExpr> functions) {
        this.input = requireNonNull(input, "input");
        this.partitionBy = List.copyOf(partitionBy);
        this.orderBy = List.copyOf(orderBy);
        this.functions = List.copyOf(functions);
        for (Expr e : partitionBy) {
            e.resolveType(input.schema());
        }
        for (SortKey k : orderBy) {
            k.expr().resolveType(input.schema());
        }
        List<Field> fields = new ArrayList<>(input.schema().fields());
        for (WindowExpr w : functions) {
            fields.add(new Field(w.name(), w.resolveType(input.schema()), true));
        }
        this.schema = new Schema(fields);
    }

    public List<Expr> partitionBy() {
        return partitionBy;
    }

    public List<SortKey> orderBy() {
        return orderBy;
    }

    public List<WindowExpr> functions() {
        return functions;
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
        return new Window(children.get(0), partitionBy, orderBy, functions);
    }

    @Override
    public String describe() {
        return "Window: " + functions + " partition by " + partitionBy + " order by " + orderBy;
    }
}
