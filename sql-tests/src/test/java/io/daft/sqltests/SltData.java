package io.daft.sqltests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Builds the suite's data directory: runs {@code src/test/resources/slt-data/datasets.sql} on DuckDB only (our
 * engine executes no DDL: it reads the tables from the directory) and writes every table it creates as
 * {@code <dir>/<table>.parquet}.
 */
public final class SltData {
    private SltData() {
    }

    public static Path script() {
        return TestRunners.moduleDirectory().resolve("src/test/resources/slt-data/datasets.sql");
    }

    /** Recreates {@code dir} with one Parquet file per table of the setup script; returns the table names. */
    public static List<String> write(Path dir) throws IOException {
        return write(dir, Files.readString(script(), StandardCharsets.UTF_8));
    }

    /** The setup script from the test classpath (for tools run from any directory, such as {@code bin/daft fuzz}). */
    public static String scriptFromClasspath() throws IOException {
        try (var in = SltData.class.getResourceAsStream("/slt-data/datasets.sql")) {
            if (in == null) {
                throw new IOException("slt-data/datasets.sql is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Like {@link #write(Path)}, with the setup script's text given. */
    public static List<String> write(Path dir, String setupScript) throws IOException {
        if (Files.exists(dir)) {
            try (var s = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
        List<String> tables = new ArrayList<>();
        try (DuckDbEngine duck = DuckDbEngine.inMemory()) {
            for (String statement : statements(setupScript)) {
                duck.execute(statement);
            }
            QueryResult names = duck.query(
                    "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' ORDER BY 1");
            for (List<Object> row : names.rows()) {
                String t = (String) row.get(0);
                tables.add(t);
                duck.execute("COPY \"" + t + "\" TO '" + dir.resolve(t + ".parquet").toAbsolutePath()
                        + "' (FORMAT parquet)");
            }
        } catch (java.sql.SQLException e) {
            throw new IOException("cannot list the setup tables", e);
        }
        return tables;
    }

    /** Splits a script on semicolons that end a line; drops {@code --} comment lines. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : script.split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("--")) {
                continue;
            }
            cur.append(line).append('\n');
            if (t.endsWith(";")) {
                String s = cur.toString().strip();
                out.add(s.substring(0, s.length() - 1));
                cur.setLength(0);
            }
        }
        if (!cur.toString().isBlank()) {
            out.add(cur.toString().strip());
        }
        return out;
    }
}
