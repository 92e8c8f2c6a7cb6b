package io.daft.calcite.rel;

import io.daft.calcite.DaftTypes;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.core.TypeId;
import io.daft.dsl.Alias;
import io.daft.dsl.ColumnRef;
import io.daft.dsl.Expr;
import io.daft.dsl.FunctionExpr;
import io.daft.dsl.Literal;
import io.daft.logical.Explode;
import io.daft.logical.LogicalPlan;
import io.daft.logical.Project;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * UNNEST as Daft's explode: the input's other columns, repeated once per element of the list (or entry of the map)
 * in column {@code source}, then the element's columns (the element; a map entry's KEY and VALUE; a struct
 * element's fields when {@code expandStruct}, as Calcite's Uncollect makes them), then ORDINALITY if asked. With
 * {@code outer} (LEFT JOIN UNNEST ... ON TRUE) a NULL or empty list keeps its row with NULL elements.
 * A lateral {@code FROM t, UNNEST(t.xs)} is this over a projection of t that adds the list as {@code source}
 * ({@code io.daft.calcite.UnnestRewrite}).
 */
public final class DaftUnnest extends Unnest implements DaftRel {
    public DaftUnnest(RelOptCluster cluster, RelTraitSet traits, RelNode input, int source, boolean outer,
                      boolean withOrdinality, boolean expandStruct, RelDataType rowType) {
        super(cluster, traits, input, source, outer, withOrdinality, expandStruct, rowType);
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new DaftUnnest(getCluster(), traitSet, sole(inputs), source, outer, withOrdinality, expandStruct, rowType);
    }

    @Override
    public LogicalPlan toDaft() {
        LogicalPlan in = DaftPlans.conform(DaftPlans.input(getInput()), getInput().getRowType());
        Schema inSchema = in.schema();
        String list = inSchema.field(source).name();
        Optional<String> ordinality = withOrdinality ? Optional.of(freshName(inSchema, "ordinality")) : Optional.empty();
        LogicalPlan exploded = new Explode(in, list, outer, ordinality);
        DataType element = exploded.schema().field(source).dataType();
        List<Expr> exprs = new ArrayList<>();
        for (int i = 0; i < inSchema.size(); i++) {
            if (i != source) {
                exprs.add(new ColumnRef(inSchema.field(i).name()));
            }
        }
        ColumnRef e = new ColumnRef(list);
        if (inSchema.field(source).dataType().id() == TypeId.MAP) {
            exprs.add(field(e, DataType.MAP_KEY));
            exprs.add(field(e, DataType.MAP_VALUE));
        } else if (expandStruct && element.id() == TypeId.STRUCT) {
            for (Field f : element.children()) {
                exprs.add(field(e, f.name()));
            }
        } else {
            exprs.add(e);
        }
        ordinality.ifPresent(o -> exprs.add(new ColumnRef(o)));
        List<String> names = DaftTypes.uniqueNames(rowType);
        if (names.size() != exprs.size()) {
            throw new IllegalStateException("UNNEST gives " + exprs.size() + " columns where " + names.size() + " are expected");
        }
        List<Expr> aliased = new ArrayList<>(exprs.size());
        for (int i = 0; i < exprs.size(); i++) {
            aliased.add(new Alias(exprs.get(i), names.get(i)));
        }
        return DaftPlans.conform(new Project(exploded, aliased), rowType);
    }

    private static Expr field(Expr struct, String name) {
        return new FunctionExpr("struct_get", List.of(struct, Literal.of(name)));
    }

    private static String freshName(Schema schema, String base) {
        Set<String> taken = new HashSet<>();
        for (String n : schema.names()) {
            taken.add(n.toLowerCase(Locale.ROOT));
        }
        String name = base;
        for (int k = 1; taken.contains(name); k++) {
            name = base + "_" + k;
        }
        return name;
    }
}
