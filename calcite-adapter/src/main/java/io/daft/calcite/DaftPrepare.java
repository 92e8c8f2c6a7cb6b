package io.daft.calcite;

import com.google.common.collect.ImmutableList;
import io.daft.calcite.rel.DaftToEnumerableConverter;
import io.daft.config.DaftContext;
import io.daft.config.ExecutionConfig;
import io.daft.config.PlanningConfig;
import io.daft.dsl.Alias;
import io.daft.dsl.ColumnRef;
import io.daft.dsl.Expr;
import io.daft.logical.LogicalPlan;
import io.daft.logical.Project;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.plan.RelOptCostFactory;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.prepare.CalcitePrepareImpl;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.metadata.DefaultRelMetadataProvider;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.runtime.ArrayBindable;
import org.apache.calcite.runtime.Bindable;
import org.apache.calcite.runtime.Hook;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.tools.Program;
import org.apache.calcite.tools.Programs;
import org.apache.calcite.util.Holder;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Calcite's statement preparation for Daft: the Daft rules are installed in every planner (so even queries that
 * read no Daft table, such as VALUES or constants, run on Daft), and joins of three or more tables are ordered
 * from table statistics by {@link JoinOrder} instead of by exhaustive search, which takes seconds for
 * TPC-H-sized joins. Use it through {@link #driver()}.
 *
 * <p>A query whose optimized plan is a Daft plan is not compiled into Java code: the prepared statement holds
 * the plan, and each execution translates it into a Daft logical plan (binding the statement's {@code ?}
 * parameters as literals, see {@link ParameterBinding}) and streams the Daft runner's batches as rows. So a
 * prepared statement is parsed and optimized once however often it runs. With a {@link PlanCache} (one per
 * connection, {@link #driver(PlanCache)}), plain statements that repeat a query's text reuse its optimized plan
 * too.
 */
public class DaftPrepare extends CalcitePrepareImpl {
    /** Queries with at least this many joins get their joins ordered by {@link JoinOrder}. */
    static final int HEURISTIC_JOIN_COUNT = 2;

    private static final AtomicLong PLANNED = new AtomicLong();

    private final PlanCache cache;

    public DaftPrepare() {
        this(null);
    }

    /** @param cache the connection's plan cache, or null for none */
    public DaftPrepare(PlanCache cache) {
        this.cache = cache;
    }

    /** How many statements were parsed and optimized in this JVM (not served from a cache); for tests and monitoring. */
    public static long plannedCount() {
        return PLANNED.get();
    }

    @Override
    protected RelOptPlanner createPlanner(CalcitePrepare.Context prepareContext, org.apache.calcite.plan.Context externalContext,
                                          RelOptCostFactory costFactory) {
        RelOptPlanner planner = super.createPlanner(prepareContext, externalContext, costFactory);
        DaftRules.register(planner);
        return planner;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> CalciteSignature<T> prepareSql(CalcitePrepare.Context context, Query<T> query, Type elementType, long maxRowCount) {
        PlanCache.Key key = null;
        if (cache != null && query.sql != null) {
            key = new PlanCache.Key(query.sql, maxRowCount, elementType, context.getDefaultSchemaPath(),
                    DaftContext.executionConfig(), DaftContext.planningConfig());
            CalciteSignature<?> hit = cache.get(key);
            if (hit != null) {
                return (CalciteSignature<T>) hit;
            }
        }
        CalciteSignature<T> signature;
        try (Hook.Closeable h = Hook.PROGRAM.addThread((Holder<Program> holder) -> holder.set(program()))) {
            PLANNED.incrementAndGet();
            DAFT_BINDABLE.set(false);
            signature = super.prepareSql(context, query, elementType, maxRowCount);
            if (DAFT_BINDABLE.get()) {
                signature = withJdbcValues(signature, maxRowCount);
            }
        } finally {
            DAFT_BINDABLE.remove();
        }
        // only queries: anything else may have effects each time it runs
        if (key != null && signature.statementType == Meta.StatementType.SELECT) {
            cache.put(key, signature);
        }
        return signature;
    }

    /** Set while a statement is prepared when its plan runs as a {@link DaftBindable}. */
    private static final ThreadLocal<Boolean> DAFT_BINDABLE = ThreadLocal.withInitial(() -> false);

    /**
     * The signature with its timestamp columns read as {@link java.sql.Timestamp} objects, which a
     * {@link DaftBindable}'s rows hold: Calcite's usual representation, epoch milliseconds, would cut micro- and
     * nanoseconds. Its nested columns hold JDBC values of their own ({@link JdbcNested}): Avatica's accessors would
     * rebuild them from Calcite's internal forms (losing NULL arrays inside arrays, and precision).
     */
    private static <T> CalciteSignature<T> withJdbcValues(CalciteSignature<T> s, long maxRowCount) {
        List<ColumnMetaData> columns = new ArrayList<>(s.columns);
        boolean changed = false;
        for (int i = 0; i < columns.size(); i++) {
            org.apache.calcite.rel.type.RelDataType relType = s.rowType.getFieldList().get(i).getType();
            SqlTypeName type = relType.getSqlTypeName();
            if (type == SqlTypeName.TIMESTAMP || type == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE) {
                columns.set(i, columns.get(i).setRep(ColumnMetaData.Rep.JAVA_SQL_TIMESTAMP));
                changed = true;
            } else if (type == SqlTypeName.ARRAY || type == SqlTypeName.MAP || type == SqlTypeName.ROW) {
                columns.set(i, nestedColumn(columns.get(i), DaftTypes.toDaft(relType)));
                changed = true;
            }
        }
        if (!changed) {
            return s;
        }
        CalciteSignature<T> original = s;
        return new CalciteSignature<>(s.sql, s.parameters, s.internalParameters, s.rowType, columns, s.cursorFactory,
                s.rootSchema, s.getCollationList(), maxRowCount, original::enumerable, s.statementType);
    }

    /**
     * A nested column as a JAVA_OBJECT column named with its DuckDB type name ({@link NestedTypes#typeName}): Avatica
     * hands its values ({@link DaftArray}, {@link DaftStruct}, Map) out as they are, and {@link JdbcNested#wrap}
     * declares it ARRAY, STRUCT or OTHER.
     */
    private static ColumnMetaData nestedColumn(ColumnMetaData c, io.daft.core.DataType t) {
        return new ColumnMetaData(c.ordinal, c.autoIncrement, c.caseSensitive, c.searchable, c.currency, c.nullable,
                c.signed, c.displaySize, c.label, c.columnName, c.schemaName, c.precision, c.scale, c.tableName,
                c.catalogName, ColumnMetaData.scalar(java.sql.Types.JAVA_OBJECT, NestedTypes.typeName(t), ColumnMetaData.Rep.OBJECT),
                c.readOnly, c.writable, c.definitelyWritable, NestedTypes.className(t));
    }

    @Override
    protected CalcitePreparingStmt getPreparingStmt(CalcitePrepare.Context context, Type elementType,
                                                    CalciteCatalogReader catalogReader, RelOptPlanner planner) {
        EnumerableRel.Prefer prefer = elementType == Object[].class ? EnumerableRel.Prefer.ARRAY : EnumerableRel.Prefer.CUSTOM;
        return new DaftPreparingStmt(this, context, catalogReader, prefer,
                createCluster(planner, new RexBuilder(context.getTypeFactory())));
    }

    /** Calcite's statement preparation, except that a Daft plan is executed as such instead of compiled. */
    private static final class DaftPreparingStmt extends CalcitePreparingStmt {
        private final EnumerableRel.Prefer prefer;

        DaftPreparingStmt(DaftPrepare prepare, CalcitePrepare.Context context, CalciteCatalogReader catalogReader,
                          EnumerableRel.Prefer prefer, org.apache.calcite.plan.RelOptCluster cluster) {
            super(prepare, context, catalogReader, context.getTypeFactory(), context.getRootSchema(), prefer, cluster,
                    org.apache.calcite.adapter.enumerable.EnumerableConvention.INSTANCE, prepare.createConvertletTable());
            this.prefer = prefer;
        }

        /**
         * Calcite's trimming of the freshly converted plan, skipped for a plan it cannot trim: its trimmer fails with
         * an index error on a sub-query that refers to an outer field it trimmed away (a correlated sub-query under
         * ROLLUP, found by the fuzzer). Trimming only narrows the plan, and the program trims again after
         * decorrelation, so the untrimmed plan is as right.
         */
        @Override
        protected RelRoot trimUnusedFields(RelRoot root) {
            try {
                return super.trimUnusedFields(root.withRel(LiteralInOperands.rewrite(root.rel)));
            } catch (IndexOutOfBoundsException e) {
                return root;
            }
        }

        /**
         * Calcite's conversion of SQL to relational algebra, its builder not merging a project into the project
         * below. Calcite converts a select list with a correlated sub-query twice, the second time over the first
         * result's expressions: when the first merged into a derived table's project, those refer to the derived
         * table's input, so the query failed with an index error or read the wrong columns (found by the fuzzer).
         * The optimizer merges projects later.
         */
        @Override
        protected SqlToRelConverter getSqlToRelConverter(SqlValidator validator, Prepare.CatalogReader catalogReader,
                                                         SqlToRelConverter.Config config) {
            return super.getSqlToRelConverter(validator, catalogReader,
                    config.addRelBuilderConfigTransform(c -> c.withBloat(-1)));
        }

        @Override
        protected PreparedResult implement(RelRoot root) {
            if (!(root.rel instanceof DaftToEnumerableConverter) || prefer != EnumerableRel.Prefer.ARRAY) {
                return super.implement(root);
            }
            Hook.PLAN_BEFORE_IMPLEMENTATION.run(root);
            DAFT_BINDABLE.set(true);
            DaftBindable bindable = new DaftBindable(root, parameterRowType.getFieldCount());
            return new PreparedResultImpl(root.rel.getRowType(), parameterRowType, fieldOrigins,
                    root.collation.getFieldCollations().isEmpty() ? ImmutableList.of() : ImmutableList.of(root.collation),
                    root.rel, null, false) {
                @Override
                public String getCode() {
                    throw new UnsupportedOperationException("a Daft plan has no generated code");
                }

                @Override
                public Bindable getBindable(Meta.CursorFactory cursorFactory) {
                    return bindable;
                }

                @Override
                public Type getElementType() {
                    return Object[].class;
                }
            };
        }
    }

    /**
     * Runs a query's Daft plan: rows are arrays, or single values for one column (as the cursor Calcite picks for
     * one column expects). Without parameters the Daft plan is built once; with them, at each execution.
     */
    static final class DaftBindable implements ArrayBindable {
        // only with parameters: the optimized plan (which holds on to the planner's memo) is kept to bind them
        private final RelRoot root;
        private final int parameterCount;
        private final boolean scalar;
        private final LogicalPlan fixed;

        DaftBindable(RelRoot root, int parameterCount) {
            this.parameterCount = parameterCount;
            this.scalar = root.fields.size() == 1;
            this.fixed = parameterCount == 0 ? plan(root) : null;
            this.root = parameterCount == 0 ? null : root;
        }

        private static LogicalPlan plan(RelRoot root) {
            return selectFields(((DaftToEnumerableConverter) root.rel).daftPlan(), root);
        }

        private LogicalPlan plan() {
            return plan(root);
        }

        @Override
        @SuppressWarnings("unchecked")
        public Enumerable<Object[]> bind(DataContext dataContext) {
            LogicalPlan plan = fixed;
            if (plan == null) {
                Object[] values = new Object[parameterCount];
                for (int i = 0; i < parameterCount; i++) {
                    values[i] = dataContext.get("?" + i);
                }
                plan = ParameterBinding.with(Arrays.asList(values), this::plan);
            }
            return (Enumerable<Object[]>) (Enumerable<?>) DaftExecutor.jdbcEnumerable(plan, scalar);
        }

        @Override
        public Class<Object[]> getElementType() {
            return Object[].class;
        }
    }

    /** {@code plan} reduced to the columns the query's root selects, under their (unique) names. */
    static LogicalPlan selectFields(LogicalPlan plan, RelRoot root) {
        List<String> planNames = plan.schema().names();
        List<String> unique = DaftTypes.uniqueNames(root.fields.stream().map(f -> f.getValue()).toList());
        List<Expr> select = new ArrayList<>();
        boolean identity = root.fields.size() == planNames.size();
        for (int i = 0; i < root.fields.size(); i++) {
            int index = root.fields.get(i).getKey();
            select.add(new Alias(new ColumnRef(planNames.get(index)), unique.get(i)));
            identity &= index == i;
        }
        return identity ? plan : new Project(plan, select);
    }

    /**
     * A connection's optimized query plans by SQL text (and everything else that shapes a plan: row limit, default
     * schema, the session's Daft configs), least recently used first out. A connection's tables are listed once,
     * when first used, so a plan stays right for the connection's whole life.
     */
    public static final class PlanCache {
        record Key(String sql, long maxRowCount, Type elementType, List<String> schemaPath, ExecutionConfig execution,
                   PlanningConfig planning) {
        }

        private final int capacity;
        private final Map<Key, CalciteSignature<?>> plans;
        private final AtomicLong hits = new AtomicLong();

        public PlanCache(int capacity) {
            this.capacity = capacity;
            this.plans = new LinkedHashMap<>(16, 0.75f, true);
        }

        synchronized CalciteSignature<?> get(Key key) {
            CalciteSignature<?> s = plans.get(key);
            if (s != null) {
                hits.incrementAndGet();
            }
            return s;
        }

        synchronized void put(Key key, CalciteSignature<?> signature) {
            plans.put(key, signature);
            if (plans.size() > capacity) {
                plans.remove(plans.keySet().iterator().next());
            }
        }

        /** How many statements were served from this cache. */
        public long hits() {
            return hits.get();
        }

        public synchronized int size() {
            return plans.size();
        }
    }

    /**
     * Calcite's standard program, after {@link UnnestRewrite} and {@link ExistsToSemiJoin} (sub-query removal, decorrelation, field trimming, cost-based planning, calc
     * merging) with joins ordered by {@link JoinOrder} before the cost-based phase; {@link SimpleGroupingToZero} runs before the
     * cost-based phase, and sub-query removal uses {@link FilterSubQueryRemoveRule}. {@link ConstantGroupKeys} runs
     * before decorrelation, which would otherwise give aggregates keyed by constants alone one row on empty inputs;
     * {@link DistinctJoinToSemiJoin} after it, for the distinct correlation values it joins EXISTS sub-queries with;
     * {@link NotNullCasts} before the cost-based phase, whose simplifier misreads COALESCE's casts.
     */
    public static Program program() {
        Program volcano = JoinOrder.program(HEURISTIC_JOIN_COUNT);
        return Programs.sequence(
                UnnestRewrite.program(),
                ExistsToSemiJoin.program(),
                subQueryRemoval(),
                ConstantGroupKeys.program(),
                Programs.decorrelate(),
                DistinctJoinToSemiJoin.program(),
                SimpleGroupingToZero.program(),
                Programs.trim(),
                NotNullCasts.program(),
                volcano,
                Programs.calc(DefaultRelMetadataProvider.INSTANCE));
    }

    /**
     * Calcite's sub-query removal ({@code Programs.subQuery}) with {@link FilterSubQueryRemoveRule} for filters, so
     * that sub-queries under OR join on their keys, and {@link DaftSubQueryRemoveRule} for projects and joins, so
     * that a several-column IN does not repeat rows.
     */
    static Program subQueryRemoval() {
        HepProgramBuilder rules = HepProgram.builder();
        rules.addRuleCollection(List.of(FilterSubQueryRemoveRule.INSTANCE, DaftSubQueryRemoveRule.PROJECT,
                DaftSubQueryRemoveRule.JOIN, CoreRules.PROJECT_OVER_SUM_TO_SUM0_RULE));
        return Programs.of(rules.build(), true, DefaultRelMetadataProvider.INSTANCE);
    }

    /** A Calcite JDBC driver ({@code jdbc:calcite:} URLs) that prepares statements with {@link DaftPrepare}. */
    public static org.apache.calcite.jdbc.Driver driver() {
        return new org.apache.calcite.jdbc.Driver().withPrepareFactory(DaftPrepare::new);
    }

    /** As {@link #driver()}, its connections' query plans kept in {@code cache} (use one driver per connection). */
    public static org.apache.calcite.jdbc.Driver driver(PlanCache cache) {
        return new org.apache.calcite.jdbc.Driver().withPrepareFactory(() -> new DaftPrepare(cache));
    }
}
