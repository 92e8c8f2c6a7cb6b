package io.daft.calcite.rel;

import io.daft.calcite.DaftTypes;
import io.daft.calcite.Unsupported;
import io.daft.core.DataType;
import io.daft.core.Schema;
import io.daft.dsl.ColumnRef;
import io.daft.dsl.Expr;
import io.daft.logical.LogicalPlan;
import io.daft.logical.SortKey;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexWindowBound;
import org.apache.calcite.sql.SqlKind;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Window functions ({@code OVER (...)}). Each Calcite window group becomes a {@link WindowSpec}; running it needs
 * Daft's window operator ({@link #toLogical}).
 */
public final class DaftWindow extends Window implements DaftRel {
    /** The window functions Daft's kernel computes. */
    public static final Set<SqlKind> SUPPORTED = Set.of(SqlKind.ROW_NUMBER, SqlKind.RANK, SqlKind.DENSE_RANK, SqlKind.PERCENT_RANK,
            SqlKind.CUME_DIST, SqlKind.NTILE, SqlKind.LAG, SqlKind.LEAD, SqlKind.FIRST_VALUE, SqlKind.LAST_VALUE, SqlKind.NTH_VALUE,
            SqlKind.SUM, SqlKind.SUM0, SqlKind.COUNT, SqlKind.MIN, SqlKind.MAX);

    public DaftWindow(RelOptCluster cluster, RelTraitSet traits, RelNode input, List<RexLiteral> constants, RelDataType rowType, List<Group> groups) {
        super(cluster, traits, List.of(), input, constants, rowType, groups);
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new DaftWindow(getCluster(), traitSet, sole(inputs), constants, getRowType(), groups);
    }

    @Override
    public Window copy(List<RexLiteral> newConstants) {
        return new DaftWindow(getCluster(), getTraitSet(), getInput(), newConstants, getRowType(), groups);
    }

    /** Why Daft cannot compute this window, or null if it can. */
    public static String unsupportedReason(Window w) {
        for (Group g : w.groups) {
            if (g.exclude != null && g.exclude != org.apache.calcite.rex.RexWindowExclusion.EXCLUDE_NO_OTHER) {
                return "window frame EXCLUDE " + g.exclude;
            }
            for (RexNode call : g.aggCalls) {
                SqlKind k = call.getKind();
                if (!SUPPORTED.contains(k)) {
                    return "window function " + ((Window.RexWinAggCall) call).getOperator().getName();
                }
                if (((Window.RexWinAggCall) call).distinct) {
                    return "DISTINCT in window function " + ((Window.RexWinAggCall) call).getOperator().getName();
                }
            }
        }
        return null;
    }

    /** The Daft windows of this node, over an input whose columns are {@code in}. */
    List<WindowSpec> specs(Schema in) {
        int nIn = getInput().getRowType().getFieldCount();
        List<String> outNames = DaftTypes.uniqueNames(getRowType());
        List<WindowSpec> out = new ArrayList<>();
        int outIndex = nIn;
        for (Group g : groups) {
            List<Expr> partition = new ArrayList<>();
            for (int k : g.keys) {
                partition.add(new ColumnRef(in.field(k).name()));
            }
            List<SortKey> order = new ArrayList<>();
            for (RelFieldCollation fc : g.orderKeys.getFieldCollations()) {
                boolean desc = fc.getDirection().isDescending();
                boolean nullsFirst = fc.nullDirection == RelFieldCollation.NullDirection.FIRST;
                order.add(new SortKey(new ColumnRef(in.field(fc.getFieldIndex()).name()), desc, nullsFirst));
            }
            WindowSpec.Frame frame = new WindowSpec.Frame(g.isRows, bound(g.lowerBound), bound(g.upperBound));
            List<WindowSpec.Function> fns = new ArrayList<>();
            for (RexWinAggCall call : g.aggCalls) {
                SqlKind k = call.getKind();
                List<RexNode> ops = call.getOperands();
                Optional<Expr> arg = Optional.empty();
                long offset = 0;
                Optional<Expr> dflt = Optional.empty();
                String fn = k.name();
                if (k == SqlKind.COUNT && ops.isEmpty()) {
                    fn = "COUNT_ALL";
                }
                if (k == SqlKind.NTILE) {
                    offset = longValue(ops.get(0));
                } else if (!ops.isEmpty()) {
                    arg = Optional.of(operand(ops.get(0), in, nIn));
                    if (ops.size() > 1) {
                        offset = longValue(ops.get(1));
                    } else if (k == SqlKind.LAG || k == SqlKind.LEAD) {
                        offset = 1;
                    }
                    if (ops.size() > 2) {
                        // the default takes the function's type (LAG(decimal_col, 1, 0) gives a decimal 0)
                        Expr d = operand(ops.get(2), in, nIn);
                        DataType t = DaftTypes.toDaft(call.getType());
                        dflt = Optional.of(d.resolveType(in).equals(t) ? d : new io.daft.dsl.Cast(d, t));
                    }
                }
                fns.add(new WindowSpec.Function(fn, arg, offset, dflt, frame, call.ignoreNulls, outNames.get(outIndex),
                        DaftTypes.toDaft(call.getType())));
                outIndex++;
            }
            out.add(new WindowSpec(partition, order, fns));
        }
        return out;
    }

    private Expr operand(RexNode n, Schema in, int nIn) {
        if (n instanceof RexInputRef) {
            int i = ((RexInputRef) n).getIndex();
            if (i >= nIn) {
                return RexToDaft.literal(constants.get(i - nIn));
            }
            return new ColumnRef(in.field(i).name());
        }
        if (n instanceof RexLiteral) {
            return RexToDaft.literal((RexLiteral) n);
        }
        throw new Unsupported("window function argument " + n);
    }

    private long longValue(RexNode n) {
        Object v = constantValue(n);
        if (v instanceof BigDecimal) {
            return ((BigDecimal) v).longValueExact();
        }
        throw new Unsupported("a window function offset that is not a literal: " + n);
    }

    private Object constantValue(RexNode n) {
        RexNode r = n;
        int nIn = getInput().getRowType().getFieldCount();
        if (r instanceof RexInputRef && ((RexInputRef) r).getIndex() >= nIn) {
            r = constants.get(((RexInputRef) r).getIndex() - nIn);
        }
        return r instanceof RexLiteral ? ((RexLiteral) r).getValueAs(BigDecimal.class) : null;
    }

    private WindowSpec.Bound bound(RexWindowBound b) {
        if (b.isUnboundedPreceding()) {
            return new WindowSpec.Bound(WindowSpec.Bound.Kind.UNBOUNDED_PRECEDING, Optional.empty());
        }
        if (b.isUnboundedFollowing()) {
            return new WindowSpec.Bound(WindowSpec.Bound.Kind.UNBOUNDED_FOLLOWING, Optional.empty());
        }
        if (b.isCurrentRow()) {
            return new WindowSpec.Bound(WindowSpec.Bound.Kind.CURRENT_ROW, Optional.empty());
        }
        Object offset = constantValue(b.getOffset());
        if (offset == null) {
            throw new Unsupported("a window frame offset that is not a literal: " + b);
        }
        // an interval literal's value is its milliseconds (day-time) or months (year-month)
        org.apache.calcite.rel.type.RelDataType type = b.getOffset().getType();
        io.daft.ops.window.FrameBound.Unit unit = !org.apache.calcite.sql.type.SqlTypeUtil.isInterval(type)
                ? io.daft.ops.window.FrameBound.Unit.KEY
                : type.getSqlTypeName().getFamily() == org.apache.calcite.sql.type.SqlTypeFamily.INTERVAL_YEAR_MONTH
                        ? io.daft.ops.window.FrameBound.Unit.MONTHS : io.daft.ops.window.FrameBound.Unit.MILLISECONDS;
        return new WindowSpec.Bound(b.isPreceding() ? WindowSpec.Bound.Kind.PRECEDING : WindowSpec.Bound.Kind.FOLLOWING,
                Optional.of(offset), unit);
    }

    @Override
    public LogicalPlan toDaft() {
        LogicalPlan in = DaftPlans.conform(DaftPlans.input(getInput()), getInput().getRowType());
        LogicalPlan out = in;
        for (WindowSpec spec : specs(in.schema())) {
            out = toLogical(out, spec);
        }
        return DaftPlans.conform(out, getRowType());
    }

    /**
     * {@code input} with the window's function columns appended. Windows whose every function aggregates the whole
     * partition run as an aggregate joined back on the partition keys; the others wait for Daft's logical window
     * operator ({@code io.daft.logical.Window}, being added to the execution module).
     */
    static LogicalPlan toLogical(LogicalPlan input, WindowSpec spec) {
        if (wholePartition(spec)) {
            return wholePartitionAggregates(input, spec);
        }
        List<io.daft.dsl.WindowExpr> functions = new ArrayList<>();
        List<String> sumZero = new ArrayList<>();
        for (WindowSpec.Function f : spec.functions()) {
            if (f.ignoreNulls()) {
                throw new Unsupported("IGNORE NULLS in window function " + f.function());
            }
            io.daft.ops.window.WindowOp op;
            switch (f.function()) {
                case "SUM0":
                    op = io.daft.ops.window.WindowOp.SUM;
                    sumZero.add(f.outputName());
                    break;
                case "AVG":
                    op = io.daft.ops.window.WindowOp.MEAN;
                    break;
                default:
                    try {
                        op = io.daft.ops.window.WindowOp.valueOf(f.function());
                    } catch (IllegalArgumentException e) {
                        throw new Unsupported("window function " + f.function());
                    }
            }
            io.daft.ops.window.WindowFrame frame = new io.daft.ops.window.WindowFrame(f.frame().rows(),
                    daftBound(f.frame().lower()), daftBound(f.frame().upper()));
            functions.add(new io.daft.dsl.WindowExpr(op, f.argument(), f.offset(), f.defaultValue(), frame, f.outputName()));
        }
        LogicalPlan windowed = new io.daft.logical.Window(input, spec.partitionBy(), spec.orderBy(), functions);
        if (sumZero.isEmpty()) {
            return windowed;
        }
        // SUM0 is SUM that gives 0, not null, over an empty frame
        List<Expr> exprs = new ArrayList<>();
        for (io.daft.core.Field fld : windowed.schema().fields()) {
            Expr c = new ColumnRef(fld.name());
            if (sumZero.contains(fld.name())) {
                Expr zero = new io.daft.dsl.Cast(io.daft.dsl.Literal.of(0L), fld.dataType());
                c = new io.daft.dsl.Alias(new io.daft.dsl.FunctionExpr("coalesce", List.of(c, zero)), fld.name());
            }
            exprs.add(c);
        }
        return new io.daft.logical.Project(windowed, exprs);
    }

    private static io.daft.ops.window.FrameBound daftBound(WindowSpec.Bound b) {
        switch (b.kind()) {
            case UNBOUNDED_PRECEDING: return io.daft.ops.window.FrameBound.UNBOUNDED_PRECEDING;
            case UNBOUNDED_FOLLOWING: return io.daft.ops.window.FrameBound.UNBOUNDED_FOLLOWING;
            case CURRENT_ROW: return io.daft.ops.window.FrameBound.CURRENT_ROW;
            default:
                double offset = ((Number) b.offset().orElseThrow()).doubleValue();
                return b.kind() == WindowSpec.Bound.Kind.PRECEDING
                        ? io.daft.ops.window.FrameBound.preceding(offset, b.unit()) : io.daft.ops.window.FrameBound.following(offset, b.unit());
        }
    }

    private static final Set<String> WHOLE_PARTITION_FUNCTIONS = Set.of("SUM", "SUM0", "COUNT", "COUNT_ALL", "MIN", "MAX");

    static boolean wholePartition(WindowSpec spec) {
        for (WindowSpec.Function f : spec.functions()) {
            if (!WHOLE_PARTITION_FUNCTIONS.contains(f.function())) {
                return false;
            }
            WindowSpec.Frame fr = f.frame();
            boolean unbounded = fr.lower().kind() == WindowSpec.Bound.Kind.UNBOUNDED_PRECEDING
                    && fr.upper().kind() == WindowSpec.Bound.Kind.UNBOUNDED_FOLLOWING;
            // without ORDER BY every row of a partition is a peer, so a RANGE frame is the whole partition
            boolean allPeers = spec.orderBy().isEmpty() && !fr.rows();
            if (!unbounded && !allPeers) {
                return false;
            }
        }
        return true;
    }

    private static LogicalPlan wholePartitionAggregates(LogicalPlan input, WindowSpec spec) {
        Schema in = input.schema();
        List<io.daft.dsl.AggExpr> aggs = new ArrayList<>();
        for (int i = 0; i < spec.functions().size(); i++) {
            WindowSpec.Function f = spec.functions().get(i);
            String name = "__w" + i;
            switch (f.function()) {
                case "COUNT_ALL": aggs.add(io.daft.dsl.AggExpr.countAll(name)); break;
                case "COUNT": aggs.add(new io.daft.dsl.AggExpr(io.daft.dsl.AggOp.COUNT, f.argument().orElseThrow(), name)); break;
                case "MIN": aggs.add(new io.daft.dsl.AggExpr(io.daft.dsl.AggOp.MIN, f.argument().orElseThrow(), name)); break;
                case "MAX": aggs.add(new io.daft.dsl.AggExpr(io.daft.dsl.AggOp.MAX, f.argument().orElseThrow(), name)); break;
                default: aggs.add(new io.daft.dsl.AggExpr(io.daft.dsl.AggOp.SUM, f.argument().orElseThrow(), name)); break;
            }
        }
        List<Expr> keys = spec.partitionBy();
        List<Expr> rightProjection = new ArrayList<>();
        List<Expr> leftOn = new ArrayList<>();
        List<Expr> rightOn = new ArrayList<>();
        io.daft.logical.Aggregate agg = new io.daft.logical.Aggregate(input, keys, aggs);
        for (int k = 0; k < keys.size(); k++) {
            String keyName = "__wk" + k;
            Expr key = keys.get(k);
            DataType t = key.resolveType(in);
            rightProjection.add(new io.daft.dsl.Alias(new ColumnRef(agg.schema().field(k).name()), keyName));
            // null keys form a partition too: join on (coalesce(key, filler), key IS NULL), which equi-joins nulls
            // (a list, map or struct key joins as its normalized key)
            Expr filler = filler(t.isNested() ? DataType.BINARY : t);
            leftOn.add(new io.daft.dsl.FunctionExpr("coalesce", List.of(joinKey(key, t), filler)));
            leftOn.add(new io.daft.dsl.UnaryExpr(io.daft.dsl.UnaryOp.IS_NULL, key));
            rightOn.add(new io.daft.dsl.FunctionExpr("coalesce", List.of(joinKey(new ColumnRef(keyName), t), filler)));
            rightOn.add(new io.daft.dsl.UnaryExpr(io.daft.dsl.UnaryOp.IS_NULL, new ColumnRef(keyName)));
        }
        for (io.daft.dsl.AggExpr a : aggs) {
            rightProjection.add(new ColumnRef(a.name()));
        }
        LogicalPlan right = new io.daft.logical.Project(agg, rightProjection);
        LogicalPlan joined = new io.daft.logical.Join(input, right, leftOn, rightOn, io.daft.ops.join.JoinType.INNER, Optional.empty());
        List<Expr> out = new ArrayList<>();
        for (String n : in.names()) {
            out.add(new ColumnRef(n));
        }
        for (int i = 0; i < spec.functions().size(); i++) {
            WindowSpec.Function f = spec.functions().get(i);
            Expr v = new ColumnRef("__w" + i);
            DataType have = v.resolveType(joined.schema());
            if (f.function().equals("SUM0")) {
                v = new io.daft.dsl.FunctionExpr("coalesce", List.of(v, new io.daft.dsl.Cast(io.daft.dsl.Literal.of(0L), have)));
            }
            if (!DaftPlans.sameType(have, f.outputType())) {
                v = new io.daft.dsl.Cast(v, f.outputType());
            }
            out.add(new io.daft.dsl.Alias(v, f.outputName()));
        }
        return new io.daft.logical.Project(joined, out);
    }

    private static Expr joinKey(Expr key, DataType t) {
        return t.isNested() ? new io.daft.dsl.FunctionExpr("nested_key", List.of(key)) : key;
    }

    /** A non-null value of type {@code t} standing in for null in join keys. */
    private static Expr filler(DataType t) {
        switch (t.id()) {
            case UTF8: return io.daft.dsl.Literal.of("");
            case BOOLEAN: return io.daft.dsl.Literal.of(false);
            case DATE: return io.daft.dsl.Literal.of(java.time.LocalDate.EPOCH);
            case TIMESTAMP: return io.daft.dsl.Literal.timestamp(0, t.timeUnit(), t.timeZone());
            case BINARY: return io.daft.dsl.Literal.binary(new byte[0]);
            default:
                if (t.isNumeric()) {
                    return new io.daft.dsl.Cast(io.daft.dsl.Literal.of(0L), t);
                }
                throw new Unsupported("window partition key of type " + t);
        }
    }
}
