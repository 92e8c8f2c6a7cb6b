package io.daft.calcite;

import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.plan.RelOptCostFactory;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.prepare.CalcitePrepareImpl;
import org.apache.calcite.rel.metadata.DefaultRelMetadataProvider;
import org.apache.calcite.runtime.Hook;
import org.apache.calcite.tools.Program;
import org.apache.calcite.tools.Programs;
import org.apache.calcite.util.Holder;

import java.lang.reflect.Type;

/**
 * Calcite's statement preparation for Daft: the Daft rules are installed in every planner (so even queries that
 * read no Daft table, such as VALUES or constants, run on Daft), and joins of three or more tables are ordered
 * heuristically (Calcite's MultiJoin optimizer) instead of by exhaustive search, which takes seconds for
 * TPC-H-sized joins. Use it through {@link #driver()}.
 */
public class DaftPrepare extends CalcitePrepareImpl {
    /** Queries with at least this many joins get heuristic join ordering. */
    static final int HEURISTIC_JOIN_COUNT = 2;

    @Override
    protected RelOptPlanner createPlanner(CalcitePrepare.Context prepareContext, org.apache.calcite.plan.Context externalContext,
                                          RelOptCostFactory costFactory) {
        RelOptPlanner planner = super.createPlanner(prepareContext, externalContext, costFactory);
        DaftRules.register(planner);
        return planner;
    }

    @Override
    public <T> CalciteSignature<T> prepareSql(CalcitePrepare.Context context, Query<T> query, Type elementType, long maxRowCount) {
        try (Hook.Closeable h = Hook.PROGRAM.addThread((Holder<Program> holder) -> holder.set(program()))) {
            return super.prepareSql(context, query, elementType, maxRowCount);
        }
    }

    /**
     * Calcite's standard program (sub-query removal, decorrelation, field trimming, cost-based planning, calc
     * merging) with heuristic join ordering in the cost-based phase.
     */
    public static Program program() {
        Program volcano = (planner, rel, traits, materializations, lattices) ->
                Programs.heuristicJoinOrder(planner.getRules(), false, HEURISTIC_JOIN_COUNT)
                        .run(planner, rel, traits, materializations, lattices);
        return Programs.sequence(
                Programs.subQuery(DefaultRelMetadataProvider.INSTANCE),
                Programs.decorrelate(),
                Programs.trim(),
                volcano,
                Programs.calc(DefaultRelMetadataProvider.INSTANCE));
    }

    /** A Calcite JDBC driver ({@code jdbc:calcite:} URLs) that prepares statements with {@link DaftPrepare}. */
    public static org.apache.calcite.jdbc.Driver driver() {
        return new org.apache.calcite.jdbc.Driver().withPrepareFactory(DaftPrepare::new);
    }
}
