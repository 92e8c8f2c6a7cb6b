package io.daft.calcite;

import io.daft.calcite.rel.DaftRel;
import io.daft.calcite.rel.DaftSort;
import io.daft.calcite.rel.DaftToEnumerableConverter;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelCollationTraitDef;
import org.apache.calcite.rel.RelNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ORDER BY over a select list that repeats a sort key (or a monotonic function of it), whose project has a
 * composite collation ([[0 DESC], [1 DESC]]): the Volcano planner files such a rel under its simplified, unsorted
 * traits, so a converter that copied the composite collation claimed an order its input did not have and the sort
 * was dropped. The converter at the root must claim only what its input delivers, and the answers match DuckDB's.
 */
class RepeatedSortKeyPlanTest extends SqlEngineFixture {
    private static RelNode plan(String sql) throws Exception {
        return ChosenPlans.of(engine, sql);
    }

    private static boolean hasSort(RelNode rel) {
        return rel instanceof DaftSort || rel.getInputs().stream().anyMatch(RepeatedSortKeyPlanTest::hasSort);
    }

    /**
     * Every collation {@code rel} and the rels below it claim in their traits is one the chosen plan produces, as
     * the collation metadata derives it from the plan's operators (a sort orders, a filter or project keeps order).
     */
    private static void assertDeliversWhatItClaims(RelNode rel, String shown) {
        List<RelCollation> delivered = rel.getCluster().getMetadataQuery().collations(rel);
        for (RelCollation claimed : rel.getTraitSet().getTraits(RelCollationTraitDef.INSTANCE)) {
            assertTrue(claimed.getFieldCollations().isEmpty()
                            || (delivered != null && delivered.stream().anyMatch(d -> d.satisfies(claimed))),
                    rel.getRelTypeName() + " claims " + claimed + " but delivers " + delivered + ": " + shown);
        }
        for (RelNode input : rel.getInputs()) {
            assertDeliversWhatItClaims(input, shown);
        }
    }

    @Test
    void theRootConverterClaimsOnlyTheOrderItsInputDelivers() throws Exception {
        for (String sql : List.of(
                "select o_orderkey, o_orderkey as k2 from orders where o_custkey > 10 order by o_orderkey desc",
                "select o_orderkey, o_orderkey + 0 as k2 from orders where o_custkey > 10 order by o_orderkey desc",
                "select o_orderkey, -o_orderkey as neg from orders where o_custkey > 10 order by o_orderkey desc",
                "select o_orderkey, o_orderkey as k2 from orders where o_custkey > 10 order by k2 desc limit 7",
                "select o_custkey, o_orderkey, o_custkey as c2 from orders where o_orderkey > 3 order by o_custkey, o_orderkey desc")) {
            data.check(engine, sql, true);
            RelNode root = plan(sql);
            String shown = RelOptUtil.toString(root);
            DaftToEnumerableConverter converter = assertInstanceOf(DaftToEnumerableConverter.class, root, shown);
            RelNode input = converter.getInput();
            assertTrue(input.getTraitSet().satisfies(converter.getTraitSet().replace(DaftRel.CONVENTION)),
                    "the converter claims " + converter.getTraitSet() + " over " + input.getTraitSet() + ": " + shown);
            assertDeliversWhatItClaims(converter.getInput(), shown);
            assertTrue(hasSort(root), "no sort: " + shown);
        }
    }
}
