package io.daft.calcite;

import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.plan.RelOptCostFactory;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.prepare.CalcitePrepareImpl;

/**
 * Calcite's statement preparation with the Daft rules installed in every planner, so even queries that read no
 * Daft table (VALUES, constants) run on Daft. Use it through {@link #driver()}.
 */
public class DaftPrepare extends CalcitePrepareImpl {
    @Override
    protected RelOptPlanner createPlanner(CalcitePrepare.Context prepareContext, org.apache.calcite.plan.Context externalContext, RelOptCostFactory costFactory) {
        RelOptPlanner planner = super.createPlanner(prepareContext, externalContext, costFactory);
        DaftRules.register(planner);
        return planner;
    }

    /** A Calcite JDBC driver ({@code jdbc:calcite:} URLs) that prepares statements with {@link DaftPrepare}. */
    public static org.apache.calcite.jdbc.Driver driver() {
        return new org.apache.calcite.jdbc.Driver().withPrepareFactory(DaftPrepare::new);
    }
}
