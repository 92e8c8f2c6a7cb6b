package io.daft.calcite;

import io.daft.QueryPlanner;
import io.daft.calcite.rel.DaftToEnumerableConverter;
import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.TimeUnit;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.runtime.Hook;
import org.apache.calcite.schema.SchemaPlus;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

/**
 * SQL over the Parquet/CSV tables of a directory, parsed, validated and optimized by Apache Calcite and run
 * entirely on Daft's operators with the current Daft runner.
 *
 * <pre>{@code
 * try (DaftSqlEngine sql = DaftSqlEngine.create(Path.of("data/tpch"))) {
 *     SqlResult r = sql.query("select l_returnflag, count(*) from lineitem group by l_returnflag");
 * }
 * }</pre>
 * Identifiers are case-insensitive; unquoted ones keep their case; {@code "double quotes"} quote.
 */
public final class DaftSqlEngine implements AutoCloseable {
    /** The name of the schema holding the directory's tables (also the default schema). */
    public static final String SCHEMA = "daft";

    private final Connection connection;
    private final DaftSchema schema;

    private DaftSqlEngine(Connection connection, DaftSchema schema) {
        this.connection = connection;
        this.schema = schema;
    }

    /** An engine over the tables in {@code dataDirectory}, which is also the root the table functions may read. */
    public static DaftSqlEngine create(Path dataDirectory) {
        DaftSchema schema = new DaftSchema(dataDirectory);
        try {
            Connection c = DaftPrepare.driver().connect("jdbc:calcite:", connectionProperties());
            CalciteConnection cc = c.unwrap(CalciteConnection.class);
            SchemaPlus root = cc.getRootSchema();
            root.add(SCHEMA, schema);
            cc.setSchema(SCHEMA);
            return new DaftSqlEngine(c, schema);
        } catch (SQLException e) {
            throw new DaftException("cannot start the SQL engine: " + e.getMessage(), e);
        }
    }

    /** The Calcite connection properties the engine uses (also suitable for a plain {@code jdbc:calcite:} connection). */
    public static Properties connectionProperties() {
        Properties p = new Properties();
        p.setProperty("quoting", "DOUBLE_QUOTE");
        p.setProperty("unquotedCasing", "UNCHANGED");
        p.setProperty("quotedCasing", "UNCHANGED");
        p.setProperty("caseSensitive", "false");
        p.setProperty("defaultNullCollation", "LAST");
        p.setProperty("conformance", "LENIENT");
        p.setProperty("parserFactory", DaftParserImpl.class.getName() + "#FACTORY");
        p.setProperty("fun", "standard,postgresql");
        p.setProperty("typeSystem", DaftTypeSystem.class.getName() + "#INSTANCE");
        return p;
    }

    /** The JDBC connection underneath (Calcite's), for tools that want one. */
    public Connection connection() {
        return connection;
    }

    public List<String> tableNames() {
        return schema.tableNames();
    }

    /**
     * Parses, validates, optimizes and runs {@code sql}; all rows are read before returning. A query runs as the
     * Daft plan Calcite produced, its batches read straight into Java values; anything else (EXPLAIN, ...) goes
     * through Calcite's JDBC result set.
     */
    public SqlResult query(String sql) {
        String analyzed = io.daft.execution.ExplainAnalyze.innerQuery(sql);
        if (analyzed != null) {
            List<List<Object>> lines = new ArrayList<>();
            explainAnalyze(analyzed).lines().forEach(l -> lines.add(List.of(l)));
            return new SqlResult(List.of("plan"), List.of(DataType.UTF8), lines);
        }
        DaftRules.clearDeclined();
        try {
            try (Hook.Closeable h = Hook.PLAN_BEFORE_IMPLEMENTATION.addThread(DaftSqlEngine::stopAtDaftPlan);
                 PreparedStatement ps = connection.prepareStatement(sql);
                 ResultSet rs = ps.executeQuery()) {
                return read(rs);   // not a Daft plan (EXPLAIN, ...): Calcite's own result set
            }
        } catch (SQLException | RuntimeException e) {
            PlanReady ready = find(e);
            if (ready != null) {
                try {
                    return run(ready.root, ready.converter);
                } catch (RuntimeException run) {
                    throw translate(run, sql);
                }
            }
            throw translate(e, sql);
        }
    }

    /**
     * Thrown from the planning hook once Calcite has chosen a Daft plan, so the query runs on Daft directly and
     * Calcite does not generate and compile code for the converter (which would only stream the same rows).
     */
    private static final class PlanReady extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient RelRoot root;
        final transient DaftToEnumerableConverter converter;

        PlanReady(RelRoot root, DaftToEnumerableConverter converter) {
            super("Daft plan ready", null, false, false);
            this.root = root;
            this.converter = converter;
        }
    }

    private static void stopAtDaftPlan(RelRoot root) {
        if (root.rel instanceof DaftToEnumerableConverter) {
            throw new PlanReady(root, (DaftToEnumerableConverter) root.rel);
        }
    }

    private static PlanReady find(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PlanReady) {
                return (PlanReady) t;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** Runs the converter's Daft plan, keeping the columns the query's root selects, under their names. */
    private static SqlResult run(RelRoot root, DaftToEnumerableConverter conv) {
        io.daft.logical.LogicalPlan plan = conv.daftPlan();
        List<String> planNames = plan.schema().names();
        List<String> names = new ArrayList<>();
        List<io.daft.dsl.Expr> select = new ArrayList<>();
        List<String> unique = DaftTypes.uniqueNames(root.fields.stream().map(f -> f.getValue()).toList());
        boolean identity = root.fields.size() == planNames.size();
        for (int i = 0; i < root.fields.size(); i++) {
            int index = root.fields.get(i).getKey();
            names.add(root.fields.get(i).getValue());
            select.add(new io.daft.dsl.Alias(new io.daft.dsl.ColumnRef(planNames.get(index)), unique.get(i)));
            identity &= index == i;
        }
        if (!identity) {
            plan = new io.daft.logical.Project(plan, select);
        }
        List<DataType> types = new ArrayList<>(plan.schema().size());
        plan.schema().fields().forEach(f -> types.add(f.dataType()));
        List<List<Object>> rows = new ArrayList<>();
        try (io.daft.core.CloseableIterator<io.daft.recordbatch.RecordBatch> it = DaftExecutor.stream(plan)) {
            while (it.hasNext()) {
                try (io.daft.recordbatch.RecordBatch b = it.next()) {
                    int n = b.rowCount();
                    int c = b.numColumns();
                    for (int i = 0; i < n; i++) {
                        List<Object> row = new ArrayList<>(c);
                        for (int j = 0; j < c; j++) {
                            row.add(io.daft.recordbatch.Values.get(b.column(j), i));
                        }
                        rows.add(row);
                    }
                }
            }
        } catch (Exception e) {
            if (e instanceof RuntimeException) {
                throw (RuntimeException) e;
            }
            throw new DaftException(e.getMessage(), e);
        }
        return new SqlResult(names, types, rows);
    }

    /**
     * Runs {@code sql} to the end and returns its physical plan with what each operator did (rows, batches, time,
     * peak memory, bytes spilled) and the query's totals: EXPLAIN ANALYZE.
     */
    public String explainAnalyze(String sql) {
        return io.daft.execution.ExplainAnalyze.analyze(() -> {
            try (SqlResult r = query(sql)) {
                return r.rows().size();
            }
        });
    }

    /** The Daft plans of {@code sql}: unoptimized and optimized logical plans (with pushdowns) and the physical plan. */
    public String explain(String sql) {
        DaftRules.clearDeclined();
        AtomicReference<RelNode> best = new AtomicReference<>();
        try (Hook.Closeable h = Hook.PLAN_BEFORE_IMPLEMENTATION.addThread((RelRoot r) -> best.set(r.rel));
             PreparedStatement ps = connection.prepareStatement(sql)) {
            DaftToEnumerableConverter conv = find(best.get());
            if (conv == null) {
                throw new DaftException("no Daft plan was produced for: " + sql);
            }
            return QueryPlanner.explain(conv.daftPlan(), true);
        } catch (SQLException | RuntimeException e) {
            throw translate(e, sql);
        }
    }

    private static DaftToEnumerableConverter find(RelNode rel) {
        if (rel == null) {
            return null;
        }
        if (rel instanceof DaftToEnumerableConverter) {
            return (DaftToEnumerableConverter) rel;
        }
        for (RelNode in : rel.getInputs()) {
            DaftToEnumerableConverter c = find(in);
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    private static SqlResult read(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<String> names = new ArrayList<>(n);
        List<DataType> types = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            names.add(md.getColumnLabel(i));
            types.add(typeOf(md, i));
        }
        List<List<Object>> rows = new ArrayList<>();
        while (rs.next()) {
            List<Object> row = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                row.add(value(rs, i, types.get(i - 1)));
            }
            rows.add(row);
        }
        return new SqlResult(names, types, rows);
    }

    static DataType typeOf(ResultSetMetaData md, int i) throws SQLException {
        switch (md.getColumnType(i)) {
            case Types.BOOLEAN: return DataType.BOOLEAN;
            case Types.TINYINT: return DataType.INT8;
            case Types.SMALLINT: return DataType.INT16;
            case Types.INTEGER: return DataType.INT32;
            case Types.BIGINT: return DataType.INT64;
            case Types.REAL: return DataType.FLOAT32;
            case Types.FLOAT:
            case Types.DOUBLE: return DataType.FLOAT64;
            case Types.DECIMAL:
            case Types.NUMERIC: {
                int p = Math.max(1, Math.min(md.getPrecision(i), DataType.MAX_DECIMAL_PRECISION));
                return DataType.decimal(p, Math.max(0, Math.min(md.getScale(i), p)));
            }
            case Types.CHAR:
            case Types.VARCHAR: return DataType.UTF8;
            case Types.BINARY:
            case Types.VARBINARY: return DataType.BINARY;
            case Types.DATE: return DataType.DATE;
            case Types.TIMESTAMP: return DataType.timestamp(TimeUnit.MICROSECONDS, Optional.empty());
            case Types.TIMESTAMP_WITH_TIMEZONE: return DataType.timestamp(TimeUnit.MICROSECONDS, Optional.of("UTC"));
            case Types.NULL: return DataType.NULL;
            default: return DataType.UTF8;
        }
    }

    private static Object value(ResultSet rs, int i, DataType t) throws SQLException {
        Object o = rs.getObject(i);
        if (o == null) {
            return null;
        }
        switch (t.id()) {
            case DATE: return ((java.sql.Date) rs.getDate(i)).toLocalDate();
            case TIMESTAMP: {
                Timestamp ts = rs.getTimestamp(i);
                return t.timeZone().isPresent() ? ts.toInstant() : ts.toLocalDateTime();
            }
            case BINARY: return rs.getBytes(i);
            case INT8: return ((Number) o).byteValue();
            case INT16: return ((Number) o).shortValue();
            case INT32: return ((Number) o).intValue();
            case INT64: return ((Number) o).longValue();
            case FLOAT32: return ((Number) o).floatValue();
            case FLOAT64: return ((Number) o).doubleValue();
            case DECIMAL: return rs.getBigDecimal(i).setScale(t.scale(), java.math.RoundingMode.HALF_UP);
            case UTF8: return o.toString();
            default: return o;
        }
    }

    private DaftException translate(Exception e, String sql) {
        return DaftSqlErrors.userError(e, this::tableNames);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new DaftException("cannot close the SQL connection: " + e.getMessage(), e);
        }
    }
}
