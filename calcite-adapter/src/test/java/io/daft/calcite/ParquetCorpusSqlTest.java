package io.daft.calcite;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.testing.LeakCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every file of the parquet-testing corpus through SQL ({@code SELECT *} and {@code COUNT(*)}, the engine's rows and
 * JDBC values), compared with the values pyarrow reads, kept in {@code parquet-corpus-expected.jsonl} (made by
 * {@code src/test/python/corpus_expected.py}, whose header describes the canonical form {@link Canonical} writes
 * too): all rows of small files, and for larger ones the first rows and a SHA-256 of all canonical rows. Files we
 * must refuse fail with an error naming the file.
 */
class ParquetCorpusSqlTest {
    /** Files we refuse, with the reason (pyarrow reads them: it does not verify page checksums). */
    private static final Map<String, String> MUST_FAIL = Map.of(
            "datapage_v1-corrupt-checksum.parquet", "a page CRC does not match",
            "rle-dict-uncompressed-corrupt-checksum.parquet", "a page CRC does not match");

    /**
     * Files pyarrow refuses that we read as DuckDB does (the execution module's ParquetCorpusTest compares them with
     * DuckDB): only their row count is checked here.
     */
    private static final Map<String, String> PYARROW_REFUSES = Map.of(
            "incorrect_map_schema.parquet", "pyarrow: 'Map keys must be annotated as required'; DuckDB and we read it");

    /**
     * Columns pyarrow reads otherwise than we do, with the reason: our canonical cell is mapped by
     * {@link #asPyarrowReads} before the comparison. map_no_value's {@code my_map_no_v} is a MAP group whose key_value
     * has no value field (the spec allows it; DuckDB refuses the file): pyarrow reads a list of the keys, we read a
     * list of {@code {key}} structs; the keys are the same.
     */
    private static final Map<String, String> PYARROW_READS_OTHERWISE = Map.of(
            "map_no_value.parquet", "my_map_no_v");

    /**
     * Rows pyarrow reads wrong, by file and row number, with the value DuckDB and we read (canonical form).
     * int96_from_spark row 5: pyarrow's int96 conversion overflows int64 (at its default unit, ns, row 2 wraps too:
     * the generator reads int96 as us); DuckDB reads 226414-01-07 (BC) 22:21:39.416064, epoch_us
     * -7207070780300583936, which is ours.
     */
    private static final Map<String, Map<Integer, String>> PYARROW_WRONG = Map.of(
            "int96_from_spark.parquet", Map.of(5, "[\"epochsecond:-7207070780301.416064\"]"));

    private static DaftSqlEngine engine;
    private static Path corpus;
    private static long baseline;

    @BeforeAll
    static void open() {
        baseline = LeakCheck.settledBaseline();
        corpus = NestedParquetSqlTest.corpusDir();
        engine = DaftSqlEngine.create(corpus);
    }

    @AfterAll
    static void close() {
        engine.close();
        LeakCheck.assertReturnsTo(baseline);
    }

    static List<org.junit.jupiter.params.provider.Arguments> expected() throws IOException {
        List<org.junit.jupiter.params.provider.Arguments> out = new ArrayList<>();
        ObjectMapper mapper = new ObjectMapper();
        try (InputStream in = ParquetCorpusSqlTest.class.getResourceAsStream("/parquet-corpus-expected.jsonl")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> e = mapper.readValue(line, Map.class);
                    out.add(org.junit.jupiter.params.provider.Arguments.of(e.get("file"), e));
                }
            }
        }
        assertTrue(out.size() >= 80, "expected values for only " + out.size() + " files");
        return out;
    }

    /** A file's table: its name without {@code .parquet} at the top of the corpus, else read_parquet of its path. */
    private static String table(String file) {
        if (!file.contains("/")) {
            return "\"" + file.substring(0, file.length() - ".parquet".length()) + "\"";
        }
        return "read_parquet('" + corpus.resolve(file).toString().replace("'", "''") + "')";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("expected")
    void readsLikePyarrow(String file, Map<String, Object> expected) throws Exception {
        String name = Path.of(file).getFileName().toString();
        String table = file.endsWith(".encrypted") ? "read_parquet('" + corpus.resolve(file) + "')" : table(file);
        if (file.endsWith(".encrypted") || MUST_FAIL.containsKey(name)) {
            Exception e = assertThrows(Exception.class, () -> engine.query("SELECT * FROM " + table).close());
            assertTrue(String.valueOf(e.getMessage()).contains(name), "the error must name the file: " + e.getMessage());
            return;
        }
        if (PYARROW_REFUSES.containsKey(name)) {
            try (SqlResult r = engine.query("SELECT COUNT(*) FROM " + table)) {
                assertTrue(((Number) r.rows().get(0).get(0)).longValue() > 0, name);
            }
            return;
        }
        @SuppressWarnings("unchecked")
        List<List<String>> columns = (List<List<String>>) expected.get("columns");
        if (!expected.containsKey("digest")) {
            // large_string_map: 2 rows of 1 GiB map keys, read (and compared with DuckDB) by the execution module's
            // ParquetCorpusTest; reading them again here would cost a minute: its column plans through SQL
            try (SqlResult r = engine.query("SELECT * FROM " + table + " LIMIT 0")) {
                assertEquals(columns.stream().map(c -> c.get(0)).toList(), r.columnNames(), "column names");
            }
            return;
        }
        long rows = ((Number) expected.get("rows")).longValue();
        try (SqlResult r = engine.query("SELECT COUNT(*) FROM " + table)) {
            assertEquals(rows, ((Number) r.rows().get(0).get(0)).longValue(), "COUNT(*)");
        }
        @SuppressWarnings("unchecked")
        List<Object> sample = (List<Object>) expected.get("sample");
        String digest = (String) expected.get("digest");
        List<DataType> types;
        List<String> engineRows = new ArrayList<>();
        try (SqlResult r = engine.query("SELECT * FROM " + table)) {
            assertEquals(columns.stream().map(c -> c.get(0)).toList(), r.columnNames(), "column names");
            types = r.columnTypes();
            for (List<Object> row : r.rows()) {
                engineRows.add(Canonical.row(row, types));
            }
        }
        if (PYARROW_READS_OTHERWISE.containsKey(name)) {
            engineRows = asPyarrowReads(engineRows, PYARROW_READS_OTHERWISE.get(name), types, table);
        }
        check(file + " (engine rows)", engineRows, sample, digest, PYARROW_WRONG.getOrDefault(name, Map.of()));
        List<String> jdbcRows = new ArrayList<>();
        try (Statement st = engine.connection().createStatement();
             ResultSet rs = JdbcNested.wrap(JdbcTimestamps.wrap(st.executeQuery("SELECT * FROM " + table)))) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(JdbcNested.toValues(rs.getObject(i), types.get(i - 1)));
                }
                jdbcRows.add(Canonical.row(row, types));
            }
        }
        if (PYARROW_READS_OTHERWISE.containsKey(name)) {
            jdbcRows = asPyarrowReads(jdbcRows, PYARROW_READS_OTHERWISE.get(name), types, table);
        }
        check(file + " (JDBC)", jdbcRows, sample, digest, PYARROW_WRONG.getOrDefault(name, Map.of()));
    }

    /** Canonical rows with {@code column}'s lists of one-field structs as lists of the field's values (see above). */
    private static List<String> asPyarrowReads(List<String> rows, String column, List<DataType> types, String table) throws Exception {
        int c;
        try (SqlResult r = engine.query("SELECT * FROM " + table + " LIMIT 0")) {
            c = r.columnNames().indexOf(column);
        }
        DataType t = types.get(c);
        assertEquals(io.daft.core.TypeId.LIST, t.id(), column);
        assertEquals(1, t.listElement().dataType().children().size(), column + ": a list of one-field structs");
        ObjectMapper mapper = new ObjectMapper();
        List<String> out = new ArrayList<>();
        for (String row : rows) {
            @SuppressWarnings("unchecked")
            List<Object> cells = mapper.readValue(row, List.class);
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) cells.get(c);
            if (list != null) {
                List<Object> unwrapped = new ArrayList<>();
                for (Object e : list) {
                    unwrapped.add(e == null ? null : ((Map<?, ?>) e).values().iterator().next());
                }
                cells.set(c, unwrapped);
            }
            out.add(Canonical.json(cells));
        }
        return out;
    }

    private static void check(String what, List<String> ours, List<Object> sample, String digest, Map<Integer, String> corrected) {
        for (int i = 0; i < sample.size() && i < ours.size(); i++) {
            assertEquals(corrected.getOrDefault(i, Canonical.json(sample.get(i))), ours.get(i), what + ": row " + i);
        }
        assertTrue(ours.size() >= sample.size(), what + ": " + ours.size() + " rows, pyarrow's first " + sample.size() + " expected");
        if (corrected.isEmpty()) {
            assertEquals(digest, sha256(String.join("\n", ours)), what + ": the digest of all " + ours.size() + " rows differs from pyarrow's");
        } else {
            assertEquals(sample.size(), ours.size(), what + ": corrected rows are only for files whose rows are all in the sample");
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** The canonical form of corpus_expected.py (see its header), from values as {@link SqlResult} holds them. */
    static final class Canonical {
        private Canonical() {
        }

        static String row(List<Object> row, List<DataType> types) {
            List<Object> cells = new ArrayList<>();
            for (int c = 0; c < row.size(); c++) {
                cells.add(cell(row.get(c), types.get(c)));
            }
            return json(cells);
        }

        /** A value as a tree of Strings, Lists and ordered Maps (null for NULL). */
        static Object cell(Object v, DataType t) {
            if (v == null) {
                return null;
            }
            switch (t.id()) {
                case LIST: {
                    List<Object> out = new ArrayList<>();
                    for (Object e : (List<?>) v) {
                        out.add(cell(e, t.listElement().dataType()));
                    }
                    return out;
                }
                case MAP: {
                    List<Object> out = new ArrayList<>();
                    for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                        out.add(java.util.Arrays.asList(cell(e.getKey(), t.mapKey()), cell(e.getValue(), t.mapValue().dataType())));
                    }
                    return out;
                }
                case STRUCT: {
                    Map<String, Object> out = new java.util.LinkedHashMap<>();
                    for (Field f : t.children()) {
                        out.put(f.name(), cell(((Map<?, ?>) v).get(f.name()), f.dataType()));
                    }
                    return out;
                }
                case FLOAT32:
                case FLOAT64:
                    return floating(((Number) v).doubleValue());
                case DECIMAL:
                    return ((BigDecimal) v).toPlainString();
                case BINARY:
                    return HexFormat.of().formatHex((byte[]) v);
                case DATE: {
                    LocalDate d = (LocalDate) v;
                    return d.getYear() >= 1 && d.getYear() <= 9999 ? d.toString() : "epochday:" + d.toEpochDay();
                }
                case TIMESTAMP: {
                    LocalDateTime local = v instanceof Instant ? LocalDateTime.ofInstant((Instant) v, ZoneOffset.UTC) : (LocalDateTime) v;
                    String s;
                    if (local.getYear() >= 1 && local.getYear() <= 9999) {
                        s = String.format("%04d-%02d-%02dT%02d:%02d:%02d", local.getYear(), local.getMonthValue(),
                                local.getDayOfMonth(), local.getHour(), local.getMinute(), local.getSecond());
                    } else {
                        s = "epochsecond:" + local.toEpochSecond(ZoneOffset.UTC);
                    }
                    if (local.getNano() != 0) {
                        s += "." + String.format("%09d", local.getNano()).replaceAll("0+$", "");
                    }
                    return t.timeZone().isPresent() ? s + "Z" : s;
                }
                case BOOLEAN:
                    return (Boolean) v ? "true" : "false";
                default:
                    return v.toString();
            }
        }

        /** A float as the exact decimal value of the number, as Python's {@code format(Decimal(x), 'f')} gives it. */
        static String floating(double d) {
            if (Double.isNaN(d)) {
                return "NaN";
            }
            if (Double.isInfinite(d)) {
                return d > 0 ? "Infinity" : "-Infinity";
            }
            if (d == 0) {
                return 1 / d < 0 ? "-0" : "0";
            }
            String s = new BigDecimal(d).toPlainString();
            if (s.contains(".")) {
                s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
            }
            return s;
        }

        /** JSON as Python's {@code json.dumps(v, separators=(",", ":"))} writes it (ASCII, escapes as Python's). */
        static String json(Object v) {
            StringBuilder sb = new StringBuilder();
            json(sb, v);
            return sb.toString();
        }

        private static void json(StringBuilder sb, Object v) {
            if (v == null) {
                sb.append("null");
            } else if (v instanceof List) {
                sb.append('[');
                boolean first = true;
                for (Object e : (List<?>) v) {
                    sb.append(first ? "" : ",");
                    first = false;
                    json(sb, e);
                }
                sb.append(']');
            } else if (v instanceof Map) {
                sb.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                    sb.append(first ? "" : ",");
                    first = false;
                    json(sb, e.getKey());
                    sb.append(':');
                    json(sb, e.getValue());
                }
                sb.append('}');
            } else {
                String s = v.toString();
                sb.append('"');
                for (int i = 0; i < s.length(); i++) {
                    char c = s.charAt(i);
                    switch (c) {
                        case '"': sb.append("\\\""); break;
                        case '\\': sb.append("\\\\"); break;
                        case '\n': sb.append("\\n"); break;
                        case '\r': sb.append("\\r"); break;
                        case '\t': sb.append("\\t"); break;
                        case '\b': sb.append("\\b"); break;
                        case '\f': sb.append("\\f"); break;
                        default:
                            if (c < 0x20 || c > 0x7e) {
                                sb.append(String.format("\\u%04x", (int) c));
                            } else {
                                sb.append(c);
                            }
                    }
                }
                sb.append('"');
            }
        }
    }

}
