package io.daft.sqltests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * DuckDB (in memory) over the same Parquet files our engine reads: one view per table, named like our engine names
 * them (a {@code name.parquet} file or a {@code name/} directory of Parquet files). Queries are sent with their
 * several-column IN sub-queries in SQL's form ({@link RowValueIn}): DuckDB's own answer to those is not SQL's.
 */
public final class DuckDbEngine implements SqlEngineUnderTest {
    private final Connection connection;

    private DuckDbEngine(Connection connection) {
        this.connection = connection;
    }

    public static DuckDbEngine inMemory() {
        try {
            return new DuckDbEngine(DriverManager.getConnection("jdbc:duckdb:"));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open DuckDB", e);
        }
    }

    public static DuckDbEngine overParquetDirectory(Path dir) {
        DuckDbEngine e = inMemory();
        try (var s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s.sorted()::iterator) {
                String file = p.getFileName().toString();
                String glob;
                String table;
                if (Files.isDirectory(p)) {
                    table = file;
                    glob = p.toAbsolutePath() + "/*.parquet";
                } else if (file.endsWith(".parquet")) {
                    table = file.substring(0, file.length() - ".parquet".length());
                    glob = p.toAbsolutePath().toString();
                } else {
                    continue;
                }
                e.execute("CREATE VIEW \"" + table + "\" AS SELECT * FROM read_parquet('" + glob.replace("'", "''") + "')");
            }
        } catch (IOException ex) {
            e.close();
            throw new IllegalStateException("cannot list " + dir, ex);
        }
        return e;
    }

    public Connection connection() {
        return connection;
    }

    public void execute(String sql) {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        } catch (SQLException ex) {
            throw new IllegalStateException("DuckDB failed on: " + sql + "\n" + ex.getMessage(), ex);
        }
    }

    @Override
    public String name() {
        return "duckdb";
    }

    @Override
    public QueryResult query(String sql) throws SQLException {
        return queryWithTypes(sql, null);
    }

    /** Runs a query; if {@code typeNames} is not null, DuckDB's type name of each column is added to it. */
    public QueryResult queryWithTypes(String sql, List<String> typeNames) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(RowValueIn.standard(sql))) {
            ResultSetMetaData md = rs.getMetaData();
            int n = md.getColumnCount();
            List<String> names = new ArrayList<>();
            String[] types = new String[n];
            for (int i = 1; i <= n; i++) {
                names.add(md.getColumnLabel(i));
                types[i - 1] = md.getColumnTypeName(i).toUpperCase(Locale.ROOT);
                if (typeNames != null) {
                    typeNames.add(types[i - 1]);
                }
            }
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    Object o;
                    if (types[i - 1].equals("DATE")) {
                        // getObject(i, LocalDate.class) drops the era of years BC; the plain object keeps it
                        o = rs.getObject(i);
                        if (o != null && !(o instanceof LocalDate)) {
                            o = rs.getObject(i, LocalDate.class);
                        }
                    } else if (types[i - 1].startsWith("TIMESTAMP") && !types[i - 1].contains("TIME ZONE")) {
                        o = rs.getObject(i, LocalDateTime.class);
                    } else {
                        o = rs.getObject(i);
                    }
                    row.add(o);
                }
                rows.add(row);
            }
            return new QueryResult(names, rows);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // nothing useful to do in a test teardown
        }
    }
}
