package io.daft.calcite.cli;

import io.daft.Daft;
import io.daft.TableFormatter;
import io.daft.calcite.DaftSqlEngine;
import io.daft.calcite.JdbcTimestamps;
import io.daft.config.ExecutionConfig;
import io.daft.config.PlanningConfig;
import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.Schema;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/daft sql [--data DIR] [--runner native] [--format table|csv|json] [--set name=value]... [-f FILE] ["SQL"]}:
 * runs one or more statements (from the argument, a file, or standard input) on the embedded engine and
 * prints each result. {@code SET name = value} statements change execution or planning config knobs;
 * {@code EXPLAIN ...} prints the Daft plans.
 */
public final class SqlCommand {
    /** The table format holds rows to size its columns; past this many it stops and says so. */
    private static final int TABLE_MAX_ROWS = 10_000;
    private static final Pattern SET = Pattern.compile("(?is)^\\s*(?:alter\\s+session\\s+)?set\\s+([a-z_][a-z0-9_]*)\\s*=\\s*'?([^']*?)'?\\s*$");
    private static final Pattern EXPLAIN = Pattern.compile("(?is)^\\s*explain\\s+(?:plan\\s+for\\s+)?(.*)$");

    enum Format { TABLE, CSV, JSON }

    private SqlCommand() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of("data");
        Format format = Format.TABLE;
        String file = null;
        StringBuilder inline = new StringBuilder();
        String runner = "native";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data": data = Path.of(value(args, ++i, "--data")); break;
                case "--format": format = parseFormat(value(args, ++i, "--format")); break;
                case "-f": case "--file": file = value(args, ++i, "-f"); break;
                case "--runner": runner = value(args, ++i, "--runner"); break;
                case "--set": applySet(value(args, ++i, "--set")); break;
                default:
                    if (args[i].startsWith("--")) {
                        throw new DaftException("unknown option " + args[i]);
                    }
                    inline.append(args[i]).append(' ');
            }
        }
        if (runner.equalsIgnoreCase("ray")) {
            Daft.setRunnerRay(System.getenv().getOrDefault("RAY_ADDRESS", "127.0.0.1:6379"));
        } else if (runner.equalsIgnoreCase("native")) {
            Daft.setRunnerNative();
        } else {
            throw new DaftException("--runner must be native or ray, got '" + runner + "'");
        }
        String text;
        if (file != null) {
            text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } else if (inline.length() > 0) {
            text = inline.toString();
        } else {
            text = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!Files.isDirectory(data)) {
            throw new DaftException("data directory '" + data + "' does not exist (use --data DIR)");
        }
        try (DaftSqlEngine engine = DaftSqlEngine.create(data)) {
            for (String sql : Statements.split(text)) {
                run(engine, sql, format, System.out);
            }
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new DaftException(option + " needs a value");
        }
        return args[i];
    }

    private static Format parseFormat(String f) {
        try {
            return Format.valueOf(f.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new DaftException("--format must be table, csv or json, got '" + f + "'");
        }
    }

    /** {@code name=value}: an execution or planning knob, set for this process. */
    static void applySet(String assignment) {
        int eq = assignment.indexOf('=');
        if (eq < 0) {
            throw new DaftException("--set expects name=value, got '" + assignment + "'");
        }
        set(assignment.substring(0, eq).trim(), assignment.substring(eq + 1).trim());
    }

    private static void set(String name, String value) {
        String knob = name.toLowerCase(Locale.ROOT);
        if (PlanningConfig.knobNames().contains(knob)) {
            Daft.setPlanningConfig(Daft.planningConfig().toBuilder().set(knob, value).build());
        } else {
            ExecutionConfig.Builder b = Daft.executionConfig().toBuilder().set(knob, value);
            Daft.setExecutionConfig(b.build());
        }
    }

    static void run(DaftSqlEngine engine, String sql, Format format, PrintStream out) throws SQLException {
        Matcher set = SET.matcher(sql);
        if (set.matches()) {
            set(set.group(1), set.group(2));
            return;
        }
        Matcher explain = EXPLAIN.matcher(sql);
        if (explain.matches()) {
            out.println(engine.explain(explain.group(1)));
            return;
        }
        try (Statement st = engine.connection().createStatement(); ResultSet rs = JdbcTimestamps.wrap(st.executeQuery(sql))) {
            switch (format) {
                case CSV: printCsv(rs, out); break;
                case JSON: printJson(rs, out); break;
                default: printTable(rs, out); break;
            }
        } catch (SQLException e) {
            throw new DaftException(cleanMessage(e), e);
        }
        out.flush();
    }

    private static String cleanMessage(SQLException e) {
        Throwable t = e;
        String msg = e.getMessage();
        while (t.getCause() != null) {
            t = t.getCause();
            if (t instanceof DaftException || t instanceof org.apache.calcite.sql.parser.SqlParseException
                    || t.getClass().getName().contains("CalciteContextException")) {
                msg = t.getMessage();
            }
        }
        return msg;
    }

    private static void printTable(ResultSet rs, PrintStream out) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<Field> fields = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            fields.add(Field.of(uniqueName(md.getColumnLabel(i), fields), displayType(md, i)));
        }
        List<List<Object>> rows = new ArrayList<>();
        boolean more = false;
        while (rs.next()) {
            if (rows.size() == TABLE_MAX_ROWS) {
                more = true;
                break;
            }
            List<Object> row = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                row.add(value(rs, md, i));
            }
            rows.add(row);
        }
        out.print(TableFormatter.format(new Schema(fields), rows));
        if (more) {
            out.println("(more rows not shown: use --format csv or json for the whole result)");
        }
    }

    /** A cell: timestamps as DuckDB prints them, at their precision ({@link JdbcTimestamps#format}). */
    private static Object value(ResultSet rs, ResultSetMetaData md, int i) throws SQLException {
        int type = md.getColumnType(i);
        return type == java.sql.Types.TIMESTAMP || type == java.sql.Types.TIMESTAMP_WITH_TIMEZONE ? rs.getString(i) : rs.getObject(i);
    }

    private static String uniqueName(String name, List<Field> fields) {
        String candidate = name;
        int k = 1;
        while (true) {
            String c = candidate;
            if (fields.stream().noneMatch(f -> f.name().equals(c))) {
                return candidate;
            }
            candidate = name + "_" + k++;
        }
    }

    /** The SQL type as the header shows it; the table only uses it as a label. */
    private static DataType displayType(ResultSetMetaData md, int i) throws SQLException {
        switch (md.getColumnType(i)) {
            case java.sql.Types.BIGINT: return DataType.INT64;
            case java.sql.Types.INTEGER: return DataType.INT32;
            case java.sql.Types.SMALLINT: return DataType.INT16;
            case java.sql.Types.TINYINT: return DataType.INT8;
            case java.sql.Types.DOUBLE: case java.sql.Types.FLOAT: return DataType.FLOAT64;
            case java.sql.Types.REAL: return DataType.FLOAT32;
            case java.sql.Types.DECIMAL: case java.sql.Types.NUMERIC:
                int p = Math.max(1, Math.min(38, md.getPrecision(i)));
                return DataType.decimal(p, Math.max(0, Math.min(p, md.getScale(i))));
            case java.sql.Types.BOOLEAN: return DataType.BOOLEAN;
            case java.sql.Types.DATE: return DataType.DATE;
            case java.sql.Types.TIMESTAMP: {
                int digits = md.getPrecision(i);
                io.daft.core.TimeUnit unit = digits <= 0 ? io.daft.core.TimeUnit.SECONDS : digits <= 3 ? io.daft.core.TimeUnit.MILLISECONDS
                        : digits <= 6 ? io.daft.core.TimeUnit.MICROSECONDS : io.daft.core.TimeUnit.NANOSECONDS;
                boolean zoned = md.getColumnTypeName(i).contains("TIME_ZONE");
                return DataType.timestamp(unit, zoned ? java.util.Optional.of("UTC") : java.util.Optional.empty());
            }
            case java.sql.Types.BINARY: case java.sql.Types.VARBINARY: return DataType.BINARY;
            default: return DataType.UTF8;
        }
    }

    private static void printCsv(ResultSet rs, PrintStream out) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        StringBuilder line = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            line.append(i > 1 ? "," : "").append(csv(md.getColumnLabel(i)));
        }
        out.println(line);
        while (rs.next()) {
            line.setLength(0);
            for (int i = 1; i <= n; i++) {
                Object v = value(rs, md, i);
                line.append(i > 1 ? "," : "").append(v == null ? "" : csv(text(v)));
            }
            out.println(line);
        }
    }

    private static void printJson(ResultSet rs, PrintStream out) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        StringBuilder line = new StringBuilder();
        while (rs.next()) {
            line.setLength(0);
            line.append('{');
            for (int i = 1; i <= n; i++) {
                Object v = value(rs, md, i);
                line.append(i > 1 ? "," : "").append(json(md.getColumnLabel(i))).append(':');
                if (v == null) {
                    line.append("null");
                } else if (v instanceof Number && !(v instanceof java.math.BigDecimal) && Double.isFinite(((Number) v).doubleValue())
                        || v instanceof Boolean) {
                    line.append(v);
                } else if (v instanceof java.math.BigDecimal) {
                    line.append(((java.math.BigDecimal) v).toPlainString());
                } else {
                    line.append(json(text(v)));
                }
            }
            out.println(line.append('}'));
        }
    }

    private static String text(Object v) {
        if (v instanceof java.math.BigDecimal) {
            return ((java.math.BigDecimal) v).toPlainString();
        }
        if (v instanceof Double || v instanceof Float) {
            return io.daft.recordbatch.Values.display(v);
        }
        if (v instanceof byte[]) {
            StringBuilder sb = new StringBuilder();
            for (byte b : (byte[]) v) {
                sb.append(String.format("%02x", b));
            }
            return sb.toString();
        }
        return v.toString();
    }

    private static String csv(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private static String json(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.append('"').toString();
    }

}
