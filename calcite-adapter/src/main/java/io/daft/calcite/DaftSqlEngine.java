package io.daft.calcite;

import io.daft.QueryPlanner;
import io.daft.calcite.rel.DaftToEnumerableConverter;
import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.TimeUnit;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.plan.RelOptPlanner;
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
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /** Parses, validates, optimizes and runs {@code sql}; all rows are read before returning. */
    public SqlResult query(String sql) {
        DaftRules.clearDeclined();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return read(rs);
        } catch (SQLException | RuntimeException e) {
            throw translate(e, sql);
        }
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

    private static final Pattern MISSING = Pattern.compile("Missing conversions? (?:is|are) ([A-Za-z]+)");
    private static final Pattern NOT_FOUND = Pattern.compile("Object '([^']+)' not found");

    /** A user-facing error: Calcite's positioned message for syntax/validation, "not supported: ..." for planning. */
    private DaftException translate(Exception e, String sql) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        for (Throwable t : chain) {
            if (t instanceof Unsupported) {
                return new DaftException(t.getMessage(), e);
            }
        }
        for (Throwable t : chain) {
            if (t instanceof RelOptPlanner.CannotPlanException) {
                return new DaftException(notSupported(t.getMessage()), e);
            }
        }
        for (Throwable t : chain) {
            if (t instanceof org.apache.calcite.sql.parser.SqlParseException
                    || t instanceof org.apache.calcite.runtime.CalciteContextException) {
                String msg = t.getMessage();
                Matcher m = NOT_FOUND.matcher(msg);
                if (m.find()) {
                    msg += "; the tables are " + tableNames();
                }
                return new DaftException(msg, e);
            }
        }
        for (Throwable t : chain) {
            if (t instanceof DaftException) {
                return new DaftException(t.getMessage(), e);
            }
        }
        Throwable root = chain.get(chain.size() - 1);
        String msg = e.getMessage() == null ? root.toString() : e.getMessage();
        if (root != e && root.getMessage() != null && !msg.contains(root.getMessage())) {
            msg += ": " + root.getMessage();
        }
        return new DaftException(msg, e);
    }

    /** "not supported: ..." naming the operator Calcite could not move onto Daft, and why the rules declined it. */
    static String notSupported(String plannerMessage) {
        Map<String, String> reasons = DaftRules.declinedReasons();
        String op = null;
        Matcher m = MISSING.matcher(plannerMessage == null ? "" : plannerMessage);
        if (m.find()) {
            op = m.group(1);
        }
        StringBuilder sb = new StringBuilder("not supported: ");
        if (op != null) {
            sb.append("operator ").append(op.replaceFirst("^Logical", "")).append(" (").append(op).append(") cannot run on Daft");
            String why = reasons.get(op);
            if (why != null) {
                sb.append(": ").append(why);
            }
        } else {
            sb.append("the query cannot be planned onto Daft operators");
        }
        if (!reasons.isEmpty() && (op == null || !reasons.containsKey(op))) {
            sb.append(" (declined: ").append(reasons).append(')');
        }
        return sb.toString();
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
