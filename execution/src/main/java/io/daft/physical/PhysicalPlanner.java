package io.daft.physical;

import io.daft.config.ExecutionConfig;
import io.daft.config.PlanningConfig;
import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.dsl.AggExpr;
import io.daft.dsl.AggOp;
import io.daft.dsl.Cast;
import io.daft.dsl.ColumnRef;
import io.daft.dsl.Expr;
import io.daft.dsl.FunctionExpr;
import io.daft.dsl.Exprs;
import io.daft.dsl.Literal;
import io.daft.dsl.TypeRules;
import io.daft.logical.Aggregate;
import io.daft.logical.Concat;
import io.daft.logical.Distinct;
import io.daft.logical.Filter;
import io.daft.logical.InMemorySource;
import io.daft.logical.IntoPartitions;
import io.daft.logical.Join;
import io.daft.logical.Limit;
import io.daft.logical.LogicalPlan;
import io.daft.logical.Project;
import io.daft.logical.Repartition;
import io.daft.logical.Sink;
import io.daft.logical.Sort;
import io.daft.logical.SortKey;
import io.daft.logical.Source;
import io.daft.logical.Window;
import io.daft.dsl.WindowExpr;
import io.daft.ops.window.WindowCall;
import io.daft.ops.agg.AggMode;
import io.daft.ops.join.JoinType;
import io.daft.scan.ScanTask;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * Translates an optimized logical plan into a physical plan: chooses partition counts, two-phase
 * aggregation, broadcast or partitioned joins, range-partitioned sorts, and where exchanges go.
 * Expressions used as keys are first projected into plain columns, so operators work on columns only.
 */
public final class PhysicalPlanner {
    /** Above this many rows a limit over a sort is a full sort then a limit, not a top-N. */
    private static final long TOP_N_MAX_ROWS = 1_000_000;

    private final ExecutionConfig config;
    private final PlanningConfig planning;
    private int tempColumnCounter;

    public PhysicalPlanner(ExecutionConfig config, PlanningConfig planning) {
        this.config = requireNonNull(config, "config");
        this.planning = requireNonNull(planning, "planning");
    }

    public PhysicalPlan plan(LogicalPlan node) {
        if (node instanceof Source) {
            Source s = (Source) node;
            List<ScanTask> tasks = s.scan().planTasks(s.pushdowns(), config);
            return new ScanPlan(tasks, s.schema());
        }
        if (node instanceof InMemorySource) {
            InMemorySource m = (InMemorySource) node;
            return new InMemoryScan(m.schema(), m.partitions());
        }
        if (node instanceof Project) {
            PhysicalPlan child = plan(node.child());
            return fuse(child, new ProjectPlan(child, ((Project) node).projection()));
        }
        if (node instanceof Filter) {
            PhysicalPlan child = plan(node.child());
            return fuse(child, new FilterPlan(child, ((Filter) node).predicate()));
        }
        if (node instanceof io.daft.logical.Explode) {
            io.daft.logical.Explode e = (io.daft.logical.Explode) node;
            return new ExplodePlan(plan(e.child()), e.column(), e.outer(), e.ordinality());
        }
        if (node instanceof Limit) {
            return planLimit((Limit) node);
        }
        if (node instanceof Sort) {
            return planSort((Sort) node, OptionalLong.empty(), 0);
        }
        if (node instanceof Aggregate) {
            Aggregate a = (Aggregate) node;
            return planAggregate(plan(a.child()), a.groupBy(), a.aggregations());
        }
        if (node instanceof Distinct) {
            List<Expr> all = new ArrayList<>();
            for (String n : node.schema().names()) {
                all.add(new ColumnRef(n));
            }
            return planAggregate(plan(node.child()), all, List.of());
        }
        if (node instanceof Join) {
            return planJoin((Join) node);
        }
        if (node instanceof Window) {
            return planWindow((Window) node);
        }
        if (node instanceof Concat) {
            List<PhysicalPlan> inputs = new ArrayList<>();
            Schema first = node.schema();
            for (LogicalPlan c : node.children()) {
                PhysicalPlan p = plan(c);
                inputs.add(p.schema().names().equals(first.names()) ? p : rename(p, first.names()));
            }
            return new ConcatPlan(inputs);
        }
        if (node instanceof Repartition) {
            Repartition r = (Repartition) node;
            int n = r.numPartitions().orElse(config.numPartitions());
            PhysicalPlan child = plan(r.child());
            if (r.hashKeys().isEmpty()) {
                return new Exchange(child, Partitioning.random(n));
            }
            KeyedInput k = withKeyColumns(child, r.hashKeys(), Optional.empty());
            return dropTemp(new Exchange(k.plan, Partitioning.hash(k.keys, n)), child.schema());
        }
        if (node instanceof IntoPartitions) {
            return new Exchange(plan(node.child()), Partitioning.ordered(((IntoPartitions) node).numPartitions()));
        }
        if (node instanceof Sink) {
            Sink s = (Sink) node;
            return new SinkPlan(plan(s.child()), s.format(), s.directory());
        }
        throw new DaftException("no physical plan for " + node.describe());
    }

    /** With {@code enable_io_fusion}, a filter or projection right above a scan runs inside the scan task. */
    private PhysicalPlan fuse(PhysicalPlan child, PhysicalPlan op) {
        if (planning.enableIoFusion() && child instanceof ScanPlan) {
            return ((ScanPlan) child).fuse(op);
        }
        return op;
    }

    private PhysicalPlan planLimit(Limit limit) {
        if (limit.child() instanceof Sort && saturatedAdd(limit.limit(), limit.offset()) <= TOP_N_MAX_ROWS) {
            return planSort((Sort) limit.child(), OptionalLong.of(limit.limit()), limit.offset());
        }
        PhysicalPlan child = plan(limit.child());
        long perPartition = saturatedAdd(limit.limit(), limit.offset());
        if (child.numPartitions() == 1) {
            return new LimitPlan(child, limit.limit(), limit.offset());
        }
        PhysicalPlan local = new LimitPlan(child, perPartition, 0);
        return new LimitPlan(new Exchange(local, Partitioning.ordered(1)), limit.limit(), limit.offset());
    }

    private PhysicalPlan planSort(Sort sort, OptionalLong limit, long offset) {
        PhysicalPlan child = plan(sort.child());
        List<Expr> keyExprs = new ArrayList<>();
        boolean[] desc = new boolean[sort.keys().size()];
        boolean[] nullsFirst = new boolean[sort.keys().size()];
        for (int i = 0; i < desc.length; i++) {
            SortKey k = sort.keys().get(i);
            keyExprs.add(k.expr());
            desc[i] = k.descending();
            nullsFirst[i] = k.nullsFirst();
        }
        KeyedInput k = withKeyColumns(child, keyExprs, Optional.empty());
        PhysicalPlan sorted;
        if (limit.isPresent() && k.plan.numPartitions() == 1) {
            sorted = new SortPlan(k.plan, k.keys, desc, nullsFirst, limit, offset);
        } else if (limit.isPresent()) {
            // top-N per partition, then one more top-N over the gathered survivors
            long keep = saturatedAdd(limit.getAsLong(), offset);
            PhysicalPlan local = new SortPlan(k.plan, k.keys, desc, nullsFirst, OptionalLong.of(keep), 0);
            sorted = new SortPlan(new Exchange(local, Partitioning.ordered(1)), k.keys, desc, nullsFirst, limit, offset);
        } else if (k.plan.numPartitions() == 1) {
            sorted = new SortPlan(k.plan, k.keys, desc, nullsFirst, OptionalLong.empty(), 0);
        } else {
            PhysicalPlan ranged = new Exchange(k.plan, Partitioning.range(k.keys, desc, nullsFirst, k.plan.numPartitions()));
            sorted = new SortPlan(ranged, k.keys, desc, nullsFirst, OptionalLong.empty(), 0);
        }
        return dropTemp(sorted, child.schema());
    }

    private PhysicalPlan planAggregate(PhysicalPlan child, List<Expr> groupBy, List<AggExpr> aggs) {
        // Project the group keys (under their output names) and each aggregation's input into plain columns.
        List<Expr> pre = new ArrayList<>();
        List<String> groupNames = new ArrayList<>();
        for (Expr g : groupBy) {
            pre.add(g instanceof ColumnRef ? g : g.alias(g.name()));
            groupNames.add(g.name());
        }
        List<AggExpr> projectedAggs = new ArrayList<>();
        for (AggExpr a : aggs) {
            if (a.op() == AggOp.COUNT_ALL) {
                projectedAggs.add(a);
                continue;
            }
            String col = tempName("agg_input");
            Expr input = a.child();
            if (a.op() == AggOp.COUNT_DISTINCT && input.resolveType(child.schema()).isNested()) {
                input = new FunctionExpr("nested_key", List.of(input));   // distinct values, distinct keys
            }
            pre.add(input.alias(col));
            projectedAggs.add(new AggExpr(a.op(), new ColumnRef(col), a.name()));
        }
        PhysicalPlan input = fuse(child, new ProjectPlan(child, pre));
        Schema raw = input.schema();
        int n = child.numPartitions();
        if (n == 1) {
            return new AggregatePlan(input, groupNames, projectedAggs, AggMode.SINGLE, raw);
        }
        int outPartitions = groupNames.isEmpty() ? 1 : Math.min(n, config.shuffleAggregationDefaultPartitions());
        boolean decomposable = true;
        for (AggExpr a : aggs) {
            decomposable &= a.op().decomposable();
        }
        if (decomposable) {
            AggregatePlan partial = new AggregatePlan(input, groupNames, projectedAggs, AggMode.PARTIAL, raw);
            PhysicalPlan exchanged = new Exchange(partial, groupNames.isEmpty()
                    ? Partitioning.ordered(1) : Partitioning.hash(groupNames, outPartitions));
            return new AggregatePlan(exchanged, groupNames, projectedAggs, AggMode.FINAL, raw);
        }
        PhysicalPlan exchanged = new Exchange(input, groupNames.isEmpty()
                ? Partitioning.ordered(1) : Partitioning.hash(groupNames, outPartitions));
        return new AggregatePlan(exchanged, groupNames, projectedAggs, AggMode.SINGLE, raw);
    }

    /**
     * Window functions: partition keys, order keys and arguments become plain columns; rows are hash-exchanged
     * on the partition keys (gathered when there are none), sorted by (partition, order) keys per partition, and
     * the window kernel runs over each sorted partition.
     */
    private PhysicalPlan planWindow(Window w) {
        PhysicalPlan child = plan(w.child());
        Schema in = child.schema();
        List<Expr> pre = new ArrayList<>();
        for (Field f : in.fields()) {
            pre.add(new ColumnRef(f.name()));
        }
        List<String> partitionCols = new ArrayList<>();
        for (Expr e : w.partitionBy()) {
            partitionCols.add(column(keyOf(e, in), pre));
        }
        List<String> orderCols = new ArrayList<>();
        boolean[] odesc = new boolean[w.orderBy().size()];
        boolean[] onf = new boolean[w.orderBy().size()];
        for (int i = 0; i < odesc.length; i++) {
            SortKey k = w.orderBy().get(i);
            orderCols.add(column(keyOf(k.expr(), in), pre));
            odesc[i] = k.descending();
            onf[i] = k.nullsFirst();
        }
        List<String> argCols = new ArrayList<>();
        List<String> defaultCols = new ArrayList<>();
        for (WindowExpr f : w.functions()) {
            argCols.add(f.arg().isPresent() ? column(f.arg().get(), pre) : null);
            if (f.defaultValue().isPresent()) {
                DataType argType = f.arg().get().resolveType(in);
                Expr d = f.defaultValue().get();
                defaultCols.add(column(d.resolveType(in).equals(argType) ? d : new Cast(d, argType), pre));
            } else {
                defaultCols.add(null);
            }
        }
        PhysicalPlan input = pre.size() == in.size() ? child : fuse(child, new ProjectPlan(child, pre));
        PhysicalPlan exchanged;
        if (input.numPartitions() == 1) {
            exchanged = input;
        } else if (partitionCols.isEmpty()) {
            exchanged = new Exchange(input, Partitioning.ordered(1));
        } else {
            exchanged = new Exchange(input, Partitioning.hash(partitionCols, config.numPartitions()));
        }
        List<String> sortCols = new ArrayList<>(partitionCols);
        sortCols.addAll(orderCols);
        boolean[] sdesc = new boolean[sortCols.size()];
        boolean[] snf = new boolean[sortCols.size()];
        for (int i = 0; i < orderCols.size(); i++) {
            sdesc[partitionCols.size() + i] = odesc[i];
            snf[partitionCols.size() + i] = onf[i];
        }
        PhysicalPlan sorted = sortCols.isEmpty() ? exchanged
                : new SortPlan(exchanged, sortCols, sdesc, snf, OptionalLong.empty(), 0);
        Schema sortedSchema = sorted.schema();
        List<WindowCall> calls = new ArrayList<>();
        for (int i = 0; i < w.functions().size(); i++) {
            WindowExpr f = w.functions().get(i);
            int arg = argCols.get(i) == null ? -1 : sortedSchema.requireIndex(argCols.get(i));
            int def = defaultCols.get(i) == null ? -1 : sortedSchema.requireIndex(defaultCols.get(i));
            calls.add(new WindowCall(f.op(), arg, f.offset(), def, f.frame(), f.name(), f.resolveType(in)));
        }
        return dropTemp(new WindowPlan(sorted, partitionCols, orderCols, odesc, onf, calls), w.schema());
    }

    /** A partition or order key: a list, map or struct as its normalized key ({@link io.daft.ops.NestedKeys}). */
    private static Expr keyOf(Expr e, Schema input) {
        return e.resolveType(input).isNested() ? new FunctionExpr("nested_key", List.of(e)) : e;
    }

    /** The column holding {@code e}: a column reference's own, else a temporary appended to {@code projection}. */
    private String column(Expr e, List<Expr> projection) {
        if (e instanceof ColumnRef) {
            return ((ColumnRef) e).column();
        }
        String name = tempName("window");
        projection.add(e.alias(name));
        return name;
    }

    private PhysicalPlan planJoin(Join join) {
        PhysicalPlan left = plan(join.left());
        PhysicalPlan right = plan(join.right());
        // Right columns take their join-output names before the join, so names are unique across sides.
        if (!right.schema().names().equals(join.rightOutputNames())) {
            right = rename(right, join.rightOutputNames());
        }
        List<Expr> leftKeys = new ArrayList<>(join.leftOn());
        List<Expr> rightKeys = new ArrayList<>();
        for (Expr e : join.rightOn()) {
            rightKeys.add(renameColumns(e, join));
        }
        if (leftKeys.isEmpty()) {
            // A join on a condition only: every row pairs with every row, then the condition decides.
            leftKeys.add(Literal.of(1L));
            rightKeys.add(Literal.of(1L));
        }
        List<Optional<DataType>> keyTypes = new ArrayList<>();
        for (int i = 0; i < leftKeys.size(); i++) {
            DataType lt = leftKeys.get(i).resolveType(left.schema());
            DataType rt = rightKeys.get(i).resolveType(right.schema());
            DataType common = TypeRules.commonSuperType(lt, rt, "join key " + leftKeys.get(i) + " = " + rightKeys.get(i));
            keyTypes.add(Optional.of(common));
        }
        KeyedInput l = withKeyColumns(left, leftKeys, Optional.of(keyTypes));
        KeyedInput r = withKeyColumns(right, rightKeys, Optional.of(keyTypes));
        JoinType type = join.joinType();
        long leftBytes = estimateBytes(join.left());
        long rightBytes = estimateBytes(join.right());
        long threshold = config.broadcastJoinSizeBytesThreshold();
        boolean canBroadcastRight = type == JoinType.INNER || type == JoinType.LEFT || type == JoinType.SEMI || type == JoinType.ANTI;
        boolean canBroadcastLeft = type == JoinType.INNER || type == JoinType.RIGHT;
        HashJoinPlan joined;
        if (canBroadcastRight && rightBytes <= threshold && (!canBroadcastLeft || rightBytes <= leftBytes || leftBytes > threshold)) {
            joined = new HashJoinPlan(l.plan, r.plan, l.keys, r.keys, type, HashJoinPlan.Strategy.BROADCAST_RIGHT, join.residual());
        } else if (canBroadcastLeft && leftBytes <= threshold) {
            joined = new HashJoinPlan(l.plan, r.plan, l.keys, r.keys, type, HashJoinPlan.Strategy.BROADCAST_LEFT, join.residual());
        } else {
            // a semi or anti join keeps (or drops) left rows by whether they match: the smaller left side is built
            HashJoinPlan.Strategy partitioned = (type == JoinType.SEMI || type == JoinType.ANTI) && leftBytes < rightBytes
                    ? HashJoinPlan.Strategy.PARTITIONED_BUILD_LEFT : HashJoinPlan.Strategy.PARTITIONED;
            if (l.plan.numPartitions() == 1 && r.plan.numPartitions() == 1) {
                joined = new HashJoinPlan(l.plan, r.plan, l.keys, r.keys, type, partitioned, join.residual());
            } else {
                int n = config.numPartitions();
                PhysicalPlan lx = new Exchange(l.plan, Partitioning.hash(l.keys, n));
                PhysicalPlan rx = new Exchange(r.plan, Partitioning.hash(r.keys, n));
                joined = new HashJoinPlan(lx, rx, l.keys, r.keys, type, partitioned, join.residual());
            }
        }
        return dropTemp(joined, join.schema());
    }

    /** A right-key expression over the right side's columns, with their join-output names. */
    private static Expr renameColumns(Expr e, Join join) {
        java.util.Map<String, Expr> m = new java.util.HashMap<>();
        for (int i = 0; i < join.rightOutputNames().size(); i++) {
            m.put(join.right().schema().field(i).name(), new ColumnRef(join.rightOutputNames().get(i)));
        }
        return Exprs.substitute(e, m);
    }

    /** Estimated in-memory bytes a logical plan produces; used for broadcast decisions (and by the optimizer). */
    public long estimateBytes(LogicalPlan node) {
        if (node instanceof Source) {
            Source s = (Source) node;
            long all = s.scan().estimatedMemoryBytes(config);
            double fraction = s.scan().schema().size() == 0 ? 1.0 : (double) s.schema().size() / s.scan().schema().size();
            return (long) (all * fraction);
        }
        if (node instanceof InMemorySource) {
            return ((InMemorySource) node).sizeBytes();
        }
        if (node instanceof Join) {
            return saturatedAdd(estimateBytes(((Join) node).left()), estimateBytes(((Join) node).right()));
        }
        long total = 0;
        for (LogicalPlan c : node.children()) {
            total = saturatedAdd(total, estimateBytes(c));
        }
        return total;
    }

    private static final class KeyedInput {
        final PhysicalPlan plan;
        final List<String> keys;

        KeyedInput(PhysicalPlan plan, List<String> keys) {
            this.plan = plan;
            this.keys = keys;
        }
    }

    /**
     * Makes each key a plain column of the right type: a column reference of that type is used as is, anything
     * else is appended as a temporary column (dropped again by {@link #dropTemp}).
     */
    private KeyedInput withKeyColumns(PhysicalPlan input, List<Expr> keys, Optional<List<Optional<DataType>>> types) {
        List<Expr> projection = new ArrayList<>();
        for (Field f : input.schema().fields()) {
            projection.add(new ColumnRef(f.name()));
        }
        List<String> names = new ArrayList<>();
        boolean added = false;
        for (int i = 0; i < keys.size(); i++) {
            Expr k = keys.get(i);
            Optional<DataType> want = types.isPresent() ? types.get().get(i) : Optional.empty();
            DataType have = k.resolveType(input.schema());
            boolean nested = want.orElse(have).isNested();
            if (k instanceof ColumnRef && (want.isEmpty() || want.get().equals(have)) && !nested) {
                names.add(((ColumnRef) k).column());
                continue;
            }
            Expr e = want.isPresent() && !want.get().equals(have) ? new Cast(k, want.get()) : k;
            if (nested) {
                // lists, maps and structs are joined, sorted and partitioned by their normalized keys (NestedKeys)
                e = new FunctionExpr("nested_key", List.of(e));
            }
            String name = tempName("key");
            projection.add(e.alias(name));
            names.add(name);
            added = true;
        }
        return new KeyedInput(added ? new ProjectPlan(input, projection) : input, names);
    }

    /** Projects away temporary columns so the output matches {@code wanted}. */
    private static PhysicalPlan dropTemp(PhysicalPlan plan, Schema wanted) {
        if (plan.schema().names().equals(wanted.names())) {
            return plan;
        }
        List<Expr> projection = new ArrayList<>();
        for (String n : wanted.names()) {
            projection.add(new ColumnRef(n));
        }
        return new ProjectPlan(plan, projection);
    }

    private static PhysicalPlan rename(PhysicalPlan plan, List<String> names) {
        List<Expr> projection = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String from = plan.schema().field(i).name();
            projection.add(from.equals(names.get(i)) ? new ColumnRef(from) : new ColumnRef(from).alias(names.get(i)));
        }
        return new ProjectPlan(plan, projection);
    }

    private String tempName(String what) {
        return "__" + what + "_" + (tempColumnCounter++);
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return r < 0 ? Long.MAX_VALUE : r;
    }
}
