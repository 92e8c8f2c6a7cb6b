package io.daft.physical;

import io.daft.core.Schema;
import io.daft.logical.Explode;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** {@link Explode} per batch: each list's elements become rows, the other columns repeated. */
public final class ExplodePlan extends PhysicalPlan {
    private static final long serialVersionUID = 1L;

    private final PhysicalPlan input;
    private final String column;
    private final boolean outer;
    private final String ordinality;   // null when absent (Optional is not serializable)
    private final Schema schema;

    public ExplodePlan(PhysicalPlan input, String column, boolean outer, Optional<String> ordinality) {
        this.input = requireNonNull(input, "input");
        this.column = requireNonNull(column, "column");
        this.outer = outer;
        this.ordinality = ordinality.orElse(null);
        this.schema = Explode.outputSchema(input.schema(), column, ordinality);
    }

    public String column() {
        return column;
    }

    public boolean outer() {
        return outer;
    }

    public Optional<String> ordinality() {
        return Optional.ofNullable(ordinality);
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
        return "Explode: " + column + (outer ? " (outer)" : "") + (ordinality == null ? "" : ", ordinality " + ordinality);
    }
}
