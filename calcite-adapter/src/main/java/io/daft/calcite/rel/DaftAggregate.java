package io.daft.calcite.rel;

import io.daft.calcite.DaftTypes;
import io.daft.calcite.Unsupported;
import io.daft.core.DataType;
import io.daft.core.Schema;
import io.daft.dsl.AggExpr;
import io.daft.dsl.AggOp;
import io.daft.dsl.Alias;
import io.daft.dsl.BinaryExpr;
import io.daft.dsl.BinaryOp;
import io.daft.dsl.CaseWhen;
import io.daft.dsl.Cast;
import io.daft.dsl.ColumnRef;
import io.daft.dsl.Expr;
import io.daft.dsl.FunctionExpr;
import io.daft.dsl.Literal;
import io.daft.dsl.UnaryExpr;
import io.daft.dsl.UnaryOp;
import io.daft.logical.Aggregate;
import io.daft.logical.Concat;
import io.daft.logical.Distinct;
import io.daft.logical.LogicalPlan;
import io.daft.logical.Project;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.ImmutableBitSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * GROUP BY with aggregates. Several grouping sets (GROUPING SETS, ROLLUP, CUBE) run as one Daft aggregate per
 * set, the missing keys null, GROUPING()/GROUPING_ID() as constants, all concatenated.
 */
public final class DaftAggregate extends org.apache.calcite.rel.core.Aggregate implements DaftRel {
    public DaftAggregate(RelOptCluster cluster, RelTraitSet traits, RelNode input, ImmutableBitSet groupSet,
                         List<ImmutableBitSet> groupSets, List<AggregateCall> aggCalls) {
        super(cluster, traits, List.of(), input, groupSet, groupSets, aggCalls);
    }

    @Override
    public DaftAggregate copy(RelTraitSet traitSet, RelNode input, ImmutableBitSet groupSet, List<ImmutableBitSet> groupSets, List<AggregateCall> aggCalls) {
        return new DaftAggregate(getCluster(), traitSet, input, groupSet, groupSets, aggCalls);
    }

    /** Why Daft cannot run this aggregate call, or null if it can. */
    public static String unsupportedReason(AggregateCall call) {
        SqlKind k = call.getAggregation().getKind();
        switch (k) {
            case COUNT:
                return call.isDistinct() && call.getArgList().size() > 1 ? "COUNT(DISTINCT) of several columns" : null;
            case SUM:
            case SUM0:
            case AVG:
            case STDDEV_POP:
            case STDDEV_SAMP:
            case VAR_POP:
            case VAR_SAMP:
                return call.isDistinct() ? call.getAggregation().getName() + "(DISTINCT)" : null;
            case MIN:
            case MAX:
            case ANY_VALUE:
            case SINGLE_VALUE:
            case GROUPING:
            case GROUPING_ID:
            case GROUP_ID:
                return null;
            case LITERAL_AGG:
                return call.rexList.size() == 1 && call.rexList.get(0) instanceof org.apache.calcite.rex.RexLiteral
                        ? null : "LITERAL_AGG of a non-literal";
            default: {
                String n = call.getAggregation().getName().toUpperCase(Locale.ROOT);
                if (n.equals("EVERY") || n.equals("SOME") || n.equals("BOOL_AND") || n.equals("BOOL_OR")
                        || n.equals("LOGICAL_AND") || n.equals("LOGICAL_OR")) {
                    return null;
                }
                return "aggregate function " + call.getAggregation().getName();
            }
        }
    }

    @Override
    public LogicalPlan toDaft() {
        LogicalPlan in = DaftPlans.conform(DaftPlans.input(getInput()), getInput().getRowType());
        if (groupSets.size() == 1) {
            return one(in, groupSets.get(0));
        }
        List<LogicalPlan> parts = new ArrayList<>();
        for (ImmutableBitSet set : groupSets) {
            parts.add(one(in, set));
        }
        return new Concat(parts);
    }

    /** The aggregate for one grouping set, shaped as this node's full output (absent keys null). */
    private LogicalPlan one(LogicalPlan in, ImmutableBitSet set) {
        Schema inSchema = in.schema();
        List<String> outNames = DaftTypes.uniqueNames(getRowType());
        List<RelDataType> outTypes = new ArrayList<>();
        getRowType().getFieldList().forEach(f -> outTypes.add(f.getType()));
        List<Integer> keys = set.asList();
        List<Expr> groupBy = new ArrayList<>();
        for (int k : keys) {
            groupBy.add(new ColumnRef(inSchema.field(k).name()));
        }
        List<AggExpr> aggs = new ArrayList<>();
        List<Expr> post = new ArrayList<>();
        int nKeys = groupSet.cardinality();
        List<Integer> allKeys = groupSet.asList();
        for (int i = 0; i < nKeys; i++) {
            int k = allKeys.get(i);
            DataType t = DaftTypes.toDaft(outTypes.get(i));
            Expr e = set.get(k) ? new ColumnRef(inSchema.field(k).name()) : Literal.nullOf(t);
            post.add(new Alias(castIfNeeded(e, t, inSchema, set.get(k)), outNames.get(i)));
        }
        for (int a = 0; a < aggCalls.size(); a++) {
            AggregateCall call = aggCalls.get(a);
            int out = nKeys + a;
            DataType want = DaftTypes.toDaft(outTypes.get(out));
            String tmp = "__agg" + a;
            Expr value;
            SqlKind kind = call.getAggregation().getKind();
            if (kind == SqlKind.GROUPING || kind == SqlKind.GROUPING_ID) {
                long bits = 0;
                for (int arg : call.getArgList()) {
                    bits = (bits << 1) | (set.get(arg) ? 0 : 1);
                }
                value = Literal.of(bits);
            } else if (kind == SqlKind.GROUP_ID) {
                value = Literal.of(0L);
            } else if (kind == SqlKind.LITERAL_AGG) {
                value = RexToDaft.literal((org.apache.calcite.rex.RexLiteral) call.rexList.get(0));
            } else if (kind == SqlKind.SINGLE_VALUE) {
                aggs.add(aggregate(call, inSchema, tmp));
                aggs.add(AggExpr.countAll(tmp + "_rows"));
                value = singleValue(tmp, want);
            } else {
                aggs.add(aggregate(call, inSchema, tmp));
                value = new ColumnRef(tmp);
                if (kind == SqlKind.SUM0) {
                    value = new FunctionExpr("coalesce", List.of(value, new Cast(Literal.of(0L), sumType(call, inSchema))));
                }
            }
            post.add(new Alias(new Cast(value, want), outNames.get(out)));
        }
        LogicalPlan agg;
        if (aggs.isEmpty() && !groupBy.isEmpty()) {
            agg = new Distinct(new Project(in, groupBy));
        } else if (aggs.isEmpty()) {
            // only constants (GROUPING, LITERAL_AGG) over one global group: still one row
            agg = new Aggregate(in, groupBy, List.of(AggExpr.countAll("__rows")));
        } else {
            agg = new Aggregate(in, groupBy, aggs);
        }
        return removeNoOpCasts(new Project(agg, post), agg.schema());
    }

    /**
     * A scalar sub-query's value, which must come from at most one row. Daft has no error expression, so a group
     * of several rows evaluates a cast that fails with the message (CASE evaluates a branch only for its rows).
     */
    private static Expr singleValue(String tmp, DataType want) {
        Expr rows = new ColumnRef(tmp + "_rows");
        Expr message = new FunctionExpr("concat", List.of(
                Literal.of("more than one row returned by a scalar sub-query used as an expression ("),
                new Cast(rows, DataType.UTF8), Literal.of(" rows)")));
        Expr fail = new CaseWhen(List.of(new BinaryExpr(BinaryOp.EQ, new Cast(message, DataType.INT64), Literal.of(0L))),
                List.of(Literal.nullOf(want)), Literal.nullOf(want));
        return new CaseWhen(List.of(new BinaryExpr(BinaryOp.GT, rows, Literal.of(1L))), List.of(fail), new Cast(new ColumnRef(tmp), want));
    }

    private static Expr castIfNeeded(Expr e, DataType t, Schema in, boolean present) {
        return present && e.resolveType(in).equals(t) ? e : new Cast(e, t);
    }

    private static DataType sumType(AggregateCall call, Schema in) {
        return AggExpr.of(AggOp.SUM, new ColumnRef(in.field(call.getArgList().get(0)).name())).resolveType(in);
    }

    private static LogicalPlan removeNoOpCasts(Project p, Schema aggSchema) {
        List<Expr> out = new ArrayList<>();
        boolean changed = false;
        for (Expr e : p.projection()) {
            if (e instanceof Alias && ((Alias) e).child() instanceof Cast) {
                Alias a = (Alias) e;
                Cast c = (Cast) a.child();
                if (c.child().resolveType(aggSchema).equals(c.type())) {
                    out.add(new Alias(c.child(), a.alias()));
                    changed = true;
                    continue;
                }
            }
            out.add(e);
        }
        return changed ? new Project(p.child(), out) : p;
    }

    private static AggExpr aggregate(AggregateCall call, Schema in, String name) {
        List<Integer> args = call.getArgList();
        Expr arg = args.isEmpty() ? null : new ColumnRef(in.field(args.get(0)).name());
        Expr filter = call.filterArg >= 0 ? new ColumnRef(in.field(call.filterArg).name()) : null;
        SqlKind kind = call.getAggregation().getKind();
        if (kind == SqlKind.COUNT) {
            if (args.size() > 1) {
                Expr all = null;
                for (int i : args) {
                    Expr nn = new UnaryExpr(UnaryOp.IS_NOT_NULL, new ColumnRef(in.field(i).name()));
                    all = all == null ? nn : new BinaryExpr(BinaryOp.AND, all, nn);
                }
                arg = CaseWhen.ifElse(all, Literal.of(1L), Literal.nullOf(DataType.INT64));
            }
            if (arg == null) {
                if (filter == null) {
                    return AggExpr.countAll(name);
                }
                arg = Literal.of(1L);
            }
            return new AggExpr(call.isDistinct() ? AggOp.COUNT_DISTINCT : AggOp.COUNT, filtered(arg, filter, in), name);
        }
        if (arg == null) {
            throw new Unsupported("aggregate " + call);
        }
        AggOp op;
        switch (kind) {
            case SUM:
            case SUM0: op = AggOp.SUM; break;
            case AVG: op = AggOp.MEAN; break;
            case MIN: op = AggOp.MIN; break;
            case MAX: op = AggOp.MAX; break;
            case STDDEV_POP: op = AggOp.STDDEV_POP; break;
            case STDDEV_SAMP: op = AggOp.STDDEV; break;
            case VAR_POP: op = AggOp.VAR_POP; break;
            case VAR_SAMP: op = AggOp.VARIANCE; break;
            case ANY_VALUE:
            case SINGLE_VALUE: op = AggOp.ANY_VALUE; break;
            default: {
                String n = call.getAggregation().getName().toUpperCase(Locale.ROOT);
                if (n.equals("EVERY") || n.equals("BOOL_AND") || n.equals("LOGICAL_AND")) {
                    op = AggOp.BOOL_AND;
                } else if (n.equals("SOME") || n.equals("BOOL_OR") || n.equals("LOGICAL_OR")) {
                    op = AggOp.BOOL_OR;
                } else {
                    throw new Unsupported("aggregate function " + call.getAggregation().getName());
                }
            }
        }
        return new AggExpr(op, filtered(arg, filter, in), name);
    }

    private static Expr filtered(Expr arg, Expr filter, Schema in) {
        if (filter == null) {
            return arg;
        }
        return CaseWhen.ifElse(filter, arg, Literal.nullOf(arg.resolveType(in)));
    }
}
