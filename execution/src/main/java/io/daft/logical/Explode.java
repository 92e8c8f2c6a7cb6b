package io.daft.logical;

import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.core.TypeId;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Daft's {@code explode}: one output row per element of the list (or entry of the map) in {@code column}, the other
 * columns repeated; the element (a map's entry: a struct of key and value) takes the list column's place. A NULL or
 * empty list gives no row, or with {@code outer} one row whose element is NULL (SQL's {@code LEFT JOIN UNNEST}).
 * {@code ordinality}, if named, appends the element's 1-based position (INT32; NULL on an outer row).
 */
public final class Explode extends LogicalPlan {
    private final LogicalPlan input;
    private final String column;
    private final boolean outer;
    private final Optional<String> ordinality;
    private final Schema schema;

    public Explode(LogicalPlan input, String column, boolean outer, Optional<String> ordinality) {
        this.input = requireNonNull(input, "input");
        this.column = requireNonNull(column, "column");
        this.outer = outer;
        this.ordinality = requireNonNull(ordinality, "ordinality");
        this.schema = outputSchema(input.schema(), column, ordinality);
    }

    /** The schema {@code explode} makes of {@code input}: the list column becomes its element. */
    public static Schema outputSchema(Schema input, String column, Optional<String> ordinality) {
        DataType listType = input.field(input.requireIndex(column)).dataType();
        if (listType.id() != TypeId.LIST && listType.id() != TypeId.MAP) {
            throw new DaftException("explode: column '" + column + "' is " + listType + ", not a list or map");
        }
        List<Field> fields = new ArrayList<>();
        for (Field f : input.fields()) {
            fields.add(f.name().equals(column) ? new Field(column, listType.listElement().dataType(), true) : f);
        }
        ordinality.ifPresent(o -> fields.add(new Field(o, DataType.INT32, true)));
        return new Schema(fields);
    }

    public String column() {
        return column;
    }

    public boolean outer() {
        return outer;
    }

    public Optional<String> ordinality() {
        return ordinality;
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
        return new Explode(children.get(0), column, outer, ordinality);
    }

    @Override
    public String describe() {
        return "Explode: " + column + (outer ? " (outer)" : "") + ordinality.map(o -> ", ordinality " + o).orElse("");
    }
}
