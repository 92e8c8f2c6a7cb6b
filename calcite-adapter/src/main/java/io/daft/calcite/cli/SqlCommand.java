package io.daft.calcite.cli;

import io.daft.Daft;
import io.daft.TableFormatter;
import io.daft.calcite.DaftSqlEngine;
import io.daft.calcite.SqlResult;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/daft sql [--data DIR] [--runner native|ray [--ray-address host:port]] [--format table|csv|json] [--set name=value]... [-f FILE] ["SQL"]}:
 * runs one or more statements (from the argument, a file, or standard input) on the embedded engine and
 * prints each result. {@code SET name = value} statements change execution or planning config knobs;
 * {@code EXPLAIN ...} prints the Daft plans; {@code EXPLAIN ANALYZE ...} runs the query and prints its physical plan
 * with what each operator did (rows, time, peak memory, bytes spilled).
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
        String rayAddress = System.getenv("RAY_ADDRESS");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data": data = Path.of(value(args, ++i, "--data")); break;
                case "--format": format = parseFormat(value(args, ++i, "--format")); break;
                case "-f": case "--file": file = value(args, ++i, "-f"); break;
                case "--runner": runner = value(args, ++i, "--runner"); break;
                case "--ray-address": rayAddress = value(args, ++i, "--ray-address"); break;
                case "--set": applySet(value(args, ++i, "--set")); break;
                default:
                    if (args[i].startsWith("--")) {
                        throw new DaftException("unknown option " + args[i]);
                    }
                    inline.append(args[i]).append(' ');
            }
        }
        if (runner.equalsIgnoreCase("ray")) {
            Daft.setRunnerRay(rayAddress);
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

    static void run(DaftSqlEngine engine, String sql, Format format, PrintStream out) {
        Matcher set = SET.matcher(sql);
        if (set.matches()) {
            set(set.group(1), set.group(2));
            return;
        }
        String analyzed = io.daft.execution.ExplainAnalyze.innerQuery(sql);
        if (analyzed != null) {
            out.println(engine.explainAnalyze(analyzed));
            return;
        }
        Matcher explain = EXPLAIN.matcher(sql);
        if (explain.matches()) {
            out.println(engine.explain(explain.group(1)));
            return;
        }
        // The engine's own result: Daft types for the header and for formatting nested values by their type
        try (SqlResult r = engine.query(sql)) {
            switch (format) {
                case CSV: printCsv(r, out); break;
                case JSON: printJson(r, out); break;
                default: printTable(r, out); break;
            }
        }
        out.flush();
    }

    private static void printTable(SqlResult r, PrintStream out) {
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < r.columnNames().size(); i++) {
            fields.add(Field.of(uniqueName(r.columnNames().get(i), fields), r.columnTypes().get(i)));
        }
        List<List<Object>> rows = new ArrayList<>();
        for (List<Object> row : r.rows()) {
            if (rows.size() == TABLE_MAX_ROWS) {
                break;
            }
            List<Object> cells = new ArrayList<>(row.size());
            for (int i = 0; i < row.size(); i++) {
                Object v = row.get(i);
                DataType t = r.columnTypes().get(i);
                cells.add(v != null && (t.isNested() || t.id() == io.daft.core.TypeId.TIMESTAMP) ? CellText.text(v, t) : v);
            }
            rows.add(cells);
        }
        out.print(TableFormatter.format(new Schema(fields), rows));
        if (r.rowCount() > TABLE_MAX_ROWS) {
            out.println("(more rows not shown: use --format csv or json for the whole result)");
        }
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

    private static void printCsv(SqlResult r, PrintStream out) {
        StringBuilder line = new StringBuilder();
        List<String> names = r.columnNames();
        for (int i = 0; i < names.size(); i++) {
            line.append(i > 0 ? "," : "").append(csv(names.get(i)));
        }
        out.println(line);
        for (List<Object> row : r.rows()) {
            line.setLength(0);
            for (int i = 0; i < row.size(); i++) {
                Object v = row.get(i);
                line.append(i > 0 ? "," : "").append(v == null ? "" : csv(CellText.text(v, r.columnTypes().get(i))));
            }
            out.println(line);
        }
    }

    private static void printJson(SqlResult r, PrintStream out) {
        StringBuilder line = new StringBuilder();
        List<String> names = r.columnNames();
        for (List<Object> row : r.rows()) {
            line.setLength(0);
            line.append('{');
            for (int i = 0; i < row.size(); i++) {
                Object v = row.get(i);
                line.append(i > 0 ? "," : "").append(CellText.quote(names.get(i))).append(':');
                line.append(v == null ? "null" : CellText.json(v, r.columnTypes().get(i)));
            }
            out.println(line.append('}'));
        }
    }

    private static String csv(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
