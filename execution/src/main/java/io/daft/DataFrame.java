package io.daft;

import io.daft.config.DaftContext;
import io.daft.core.CloseableIterator;
import io.daft.core.DaftException;
import io.daft.core.Schema;
import io.daft.dsl.AggExpr;
import io.daft.dsl.AggOp;
import io.daft.dsl.ColumnRef;
import io.daft.dsl.Expr;
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
import io.daft.micropartition.MicroPartition;
import io.daft.ops.join.JoinType;
import io.daft.physical.PhysicalPlan;
import io.daft.recordbatch.RecordBatch;
import io.daft.recordbatch.Values;
import io.daft.scan.FileFormat;
import org.apache.arrow.vector.VectorSchemaRoot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalInt;

import static java.util.Objects.requireNonNull;

/**
 * A lazy, immutable table, as Daft's Python {@code DataFrame}: each method returns a new DataFrame with one
 * more step in its logical plan; nothing runs until {@link #collect}, {@link #show}, {@link #count},
 * {@link #toArrow}, {@link #rows} or a write.
 *
 * <pre>{@code
 * DataFrame df = Daft.readParquet("data/sample/*.parquet");
 * DataFrame result = df.groupBy("category").sum("revenue").collect();
 * }</pre>
 */
public final class DataFrame {
    private final LogicalPlan plan;

    DataFrame(LogicalPlan plan) {
        this.plan = requireNonNull(plan, "plan");
    }

    /** The logical plan behind this DataFrame. */
    public LogicalPlan logicalPlan() {
        return plan;
    }

    public Schema schema() {
        return plan.schema();
    }

    public List<String> columnNames() {
        return plan.schema().names();
    }

    // ---- transformations ------------------------------------------------------------------------------

    /** Keeps the rows where {@code predicate} is true. */
    public DataFrame where(Expr predicate) {
        return new DataFrame(new Filter(plan, predicate));
    }

    /** Same as {@link #where}. */
    public DataFrame filter(Expr predicate) {
        return where(predicate);
    }

    /** One output column per expression. */
    public DataFrame select(Expr... exprs) {
        return new DataFrame(new Project(plan, Arrays.asList(exprs)));
    }

    public DataFrame select(String... columns) {
        List<Expr> exprs = new ArrayList<>();
        for (String c : columns) {
            exprs.add(new ColumnRef(c));
        }
        return new DataFrame(new Project(plan, exprs));
    }

    /** Adds (or replaces, in place) column {@code name}. */
    public DataFrame withColumn(String name, Expr expr) {
        List<Expr> exprs = new ArrayList<>();
        boolean replaced = false;
        for (String c : columnNames()) {
            if (c.equals(name)) {
                exprs.add(expr.alias(name));
                replaced = true;
            } else {
                exprs.add(new ColumnRef(c));
            }
        }
        if (!replaced) {
            exprs.add(expr.alias(name));
        }
        return new DataFrame(new Project(plan, exprs));
    }

    /** All columns but these. */
    public DataFrame exclude(String... columns) {
        List<String> drop = Arrays.asList(columns);
        for (String c : drop) {
            plan.schema().field(c); // unknown columns are an error
        }
        List<Expr> exprs = new ArrayList<>();
        for (String c : columnNames()) {
            if (!drop.contains(c)) {
                exprs.add(new ColumnRef(c));
            }
        }
        return new DataFrame(new Project(plan, exprs));
    }

    public GroupedDataFrame groupBy(String... columns) {
        List<Expr> keys = new ArrayList<>();
        for (String c : columns) {
            keys.add(new ColumnRef(c));
        }
        return new GroupedDataFrame(this, keys);
    }

    public GroupedDataFrame groupBy(Expr... keys) {
        return new GroupedDataFrame(this, Arrays.asList(keys));
    }

    /** Global aggregation: one row. */
    public DataFrame agg(AggExpr... aggs) {
        return new DataFrame(new Aggregate(plan, List.of(), Arrays.asList(aggs)));
    }

    public DataFrame sum(String... columns) {
        return agg(GroupedDataFrame.aggs(AggOp.SUM, columns));
    }

    public DataFrame mean(String... columns) {
        return agg(GroupedDataFrame.aggs(AggOp.MEAN, columns));
    }

    public DataFrame min(String... columns) {
        return agg(GroupedDataFrame.aggs(AggOp.MIN, columns));
    }

    public DataFrame max(String... columns) {
        return agg(GroupedDataFrame.aggs(AggOp.MAX, columns));
    }

    /**
     * Window functions over {@code PARTITION BY partitionBy ORDER BY orderBy}: all columns, then one per
     * function (e.g. {@code new WindowExpr(WindowOp.RANK, Optional.empty(), 0, Optional.empty(), frame, "rk")}).
     */
    public DataFrame window(List<Expr> partitionBy, List<SortKey> orderBy, io.daft.dsl.WindowExpr... functions) {
        return new DataFrame(new io.daft.logical.Window(plan, partitionBy, orderBy, Arrays.asList(functions)));
    }

    /** Inner join on equal column names. */
    public DataFrame join(DataFrame right, String... on) {
        return join(right, JoinType.INNER, on);
    }

    /**
     * Join on columns of equal name on both sides; the key columns appear once (from the left, or for a right
     * join from the right; a full join coalesces them), other clashing right columns get a {@code right.} prefix.
     */
    public DataFrame join(DataFrame right, JoinType how, String... on) {
        List<Expr> keys = new ArrayList<>();
        for (String c : on) {
            keys.add(new ColumnRef(c));
        }
        Join j = new Join(plan, right.plan, keys, keys, how, Optional.empty());
        if (how == JoinType.SEMI || how == JoinType.ANTI) {
            return new DataFrame(j);
        }
        List<String> onList = Arrays.asList(on);
        List<Expr> out = new ArrayList<>();
        for (String c : plan.schema().names()) {
            if (onList.contains(c) && how == JoinType.RIGHT) {
                out.add(new ColumnRef(j.rightOutputNames().get(right.schema().requireIndex(c))).alias(c));
            } else if (onList.contains(c) && how == JoinType.FULL) {
                out.add(new io.daft.dsl.FunctionExpr("coalesce", List.of(new ColumnRef(c),
                        new ColumnRef(j.rightOutputNames().get(right.schema().requireIndex(c))))).alias(c));
            } else {
                out.add(new ColumnRef(c));
            }
        }
        for (int i = 0; i < right.schema().size(); i++) {
            if (!onList.contains(right.schema().field(i).name())) {
                out.add(new ColumnRef(j.rightOutputNames().get(i)));
            }
        }
        return new DataFrame(new Project(j, out));
    }

    /** Join on {@code leftOn[i] = rightOn[i]}; all columns of both sides are kept (clashing right names prefixed). */
    public DataFrame join(DataFrame right, List<Expr> leftOn, List<Expr> rightOn, JoinType how) {
        return new DataFrame(new Join(plan, right.plan, leftOn, rightOn, how, Optional.empty()));
    }

    public DataFrame sort(String column) {
        return sort(new ColumnRef(column), false);
    }

    public DataFrame sort(Expr key, boolean descending) {
        return sort(List.of(key), List.of(descending));
    }

    /** Sorts on several keys; nulls last when ascending and first when descending. */
    public DataFrame sort(List<Expr> keys, List<Boolean> descending) {
        if (keys.size() != descending.size()) {
            throw new DaftException("sort needs one direction per key");
        }
        List<SortKey> sk = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            sk.add(new SortKey(keys.get(i), descending.get(i), descending.get(i)));
        }
        return sortBy(sk);
    }

    public DataFrame sortBy(List<SortKey> keys) {
        return new DataFrame(new Sort(plan, keys));
    }

    /**
     * Daft's {@code explode}: one row per element of the list (or entry of the map) in {@code column}, the other
     * columns repeated; NULL and empty lists give no row ({@link io.daft.logical.Explode}).
     */
    public DataFrame explode(String column) {
        return new DataFrame(new io.daft.logical.Explode(plan, column, false, java.util.Optional.empty()));
    }

    public DataFrame limit(long n) {
        return new DataFrame(new Limit(plan, n, 0));
    }

    public DataFrame offset(long n) {
        return new DataFrame(new Limit(plan, Long.MAX_VALUE, n));
    }

    public DataFrame distinct() {
        return new DataFrame(new Distinct(plan));
    }

    /** Rows of both, duplicates removed (SQL UNION). */
    public DataFrame union(DataFrame other) {
        return unionAll(other).distinct();
    }

    /** Rows of both (SQL UNION ALL). */
    public DataFrame unionAll(DataFrame other) {
        return new DataFrame(new Concat(List.of(plan, other.plan)));
    }

    /** {@code n} partitions, rows spread at random. */
    public DataFrame repartition(int n) {
        return new DataFrame(new Repartition(plan, OptionalInt.of(n), List.of()));
    }

    /** {@code n} partitions by hash of the keys: equal keys share a partition. */
    public DataFrame repartition(int n, Expr... keys) {
        return new DataFrame(new Repartition(plan, OptionalInt.of(n), Arrays.asList(keys)));
    }

    /** Exactly {@code n} partitions, splitting or coalescing while keeping row order. */
    public DataFrame intoPartitions(int n) {
        return new DataFrame(new IntoPartitions(plan, n));
    }

    // ---- actions -------------------------------------------------------------------------------------

    /** The physical plan this DataFrame runs as, under the configs in force. */
    public PhysicalPlan physicalPlan() {
        return QueryPlanner.toPhysical(plan);
    }

    /** How many partitions the result has. */
    public int numPartitions() {
        return physicalPlan().numPartitions();
    }

    /** Runs the plan; the result is a DataFrame over the materialized partitions. */
    public DataFrame collect() {
        if (plan instanceof InMemorySource) {
            return this;
        }
        List<MicroPartition> parts = Daft.runner().collect(physicalPlan());
        return new DataFrame(new InMemorySource(plan.schema(), parts));
    }

    /** One DataFrame per partition of the result, in order. */
    public List<DataFrame> partitions() {
        InMemorySource m = (InMemorySource) collect().plan;
        List<DataFrame> out = new ArrayList<>();
        for (MicroPartition p : m.partitions()) {
            out.add(new DataFrame(new InMemorySource(m.schema(), List.of(p))));
        }
        return out;
    }

    /** Number of rows. */
    public long count() {
        if (plan instanceof InMemorySource) {
            return ((InMemorySource) plan).rowCount();
        }
        DataFrame counted = new DataFrame(new Aggregate(plan, List.of(), List.of(AggExpr.countAll("count"))));
        List<List<Object>> rows = counted.rows();
        return (Long) rows.get(0).get(0);
    }

    /** Streams the result as Arrow batches; close each root, and the iterator if you stop early. */
    public CloseableIterator<VectorSchemaRoot> toArrow() {
        CloseableIterator<RecordBatch> batches = Daft.runner().stream(physicalPlan());
        return new CloseableIterator<>() {
            @Override
            public boolean hasNext() {
                return batches.hasNext();
            }

            @Override
            public VectorSchemaRoot next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                try (RecordBatch b = batches.next()) {
                    return b.toArrow();
                }
            }

            @Override
            public void close() {
                batches.close();
            }
        };
    }

    /** Streams the result as record batches (the engine's own form); close each, and the iterator. */
    public CloseableIterator<RecordBatch> stream() {
        return Daft.runner().stream(physicalPlan());
    }

    /** Every row as a list of Java values (see {@link Values}); for small results. */
    public List<List<Object>> rows() {
        List<List<Object>> out = new ArrayList<>();
        try (CloseableIterator<RecordBatch> it = stream()) {
            while (it.hasNext()) {
                try (RecordBatch b = it.next()) {
                    out.addAll(Values.rows(b));
                }
            }
        }
        return out;
    }

    /** The first {@code n} rows as a text table. */
    public String showString(int n) {
        List<List<Object>> rows = limit(n).rows();
        return TableFormatter.format(schema(), rows);
    }

    /** Prints the first {@code n} rows. */
    public void show(int n) {
        System.out.print(showString(n));
    }

    public void show() {
        show(8);
    }

    /**
     * The plans: unoptimized logical, optimized logical and physical (with scan pushdowns and partition
     * counts) when {@code showAll}; else the optimized logical plan only.
     */
    public String explain(boolean showAll) {
        return QueryPlanner.explain(plan, showAll);
    }

    /**
     * Runs the query to the end (discarding its rows) and returns the physical plan annotated with what each operator
     * did: rows, batches, tasks, time, peak memory and bytes spilled; then the query's wall time, peak memory and
     * spilling. As SQL's {@code EXPLAIN ANALYZE}.
     */
    public String explainAnalyze() {
        return io.daft.execution.ExplainAnalyze.analyze(() -> {
            long rows = 0;
            try (CloseableIterator<RecordBatch> it = stream()) {
                while (it.hasNext()) {
                    try (RecordBatch b = it.next()) {
                        rows += b.rowCount();
                    }
                }
            }
            return rows;
        });
    }

    /** Writes one Parquet file per partition under {@code directory}; returns the written files and row counts. */
    public DataFrame writeParquet(String directory) {
        return new DataFrame(new Sink(plan, FileFormat.PARQUET, directory)).collect();
    }

    /** Writes one CSV file (with header) per partition under {@code directory}; returns the written files. */
    public DataFrame writeCsv(String directory) {
        return new DataFrame(new Sink(plan, FileFormat.CSV, directory)).collect();
    }

    @Override
    public String toString() {
        return "DataFrame" + schema();
    }
}
