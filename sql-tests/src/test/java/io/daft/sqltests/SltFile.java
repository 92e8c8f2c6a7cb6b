package io.daft.sqltests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads and writes sqllogictest files: records separated by blank lines; {@code #} comments;
 * {@code statement ok|error}; {@code query [types] [nosort|rowsort|valuesort]} then SQL, {@code ----}, and one
 * line per result row with the values separated by tabs (DuckDB's layout of sqllogictest results).
 * Also {@code query error} (a query that must fail). Values are in {@link Canonical} text form.
 */
public final class SltFile {
    private static final Pattern TYPES = Pattern.compile("[ITRB]+");

    private SltFile() {
    }

    public static List<SltRecord> parse(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<SltRecord> out = new ArrayList<>();
        List<String> comments = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i);
            if (line.isBlank()) {
                i++;
                continue;
            }
            if (line.startsWith("#")) {
                comments.add(line);
                i++;
                continue;
            }
            int start = i + 1;
            String[] head = line.trim().split("\\s+");
            SltRecord.Kind kind;
            boolean error = false;
            String types = "";
            SltRecord.SortMode sort = SltRecord.SortMode.NOSORT;
            if (head[0].equals("statement")) {
                kind = SltRecord.Kind.STATEMENT;
                if (head.length < 2 || !(head[1].equals("ok") || head[1].equals("error"))) {
                    throw new IOException(file + ":" + start + ": expected 'statement ok' or 'statement error'");
                }
                error = head[1].equals("error");
            } else if (head[0].equals("query")) {
                kind = SltRecord.Kind.QUERY;
                for (int h = 1; h < head.length; h++) {
                    String w = head[h];
                    if (w.equals("error")) {
                        error = true;
                    } else if (TYPES.matcher(w).matches()) {
                        types = w;
                    } else {
                        try {
                            sort = SltRecord.SortMode.valueOf(w.toUpperCase(Locale.ROOT));
                        } catch (IllegalArgumentException e) {
                            throw new IOException(file + ":" + start + ": unknown query option '" + w + "'");
                        }
                    }
                }
            } else {
                throw new IOException(file + ":" + start + ": expected a record, got '" + line + "'");
            }
            i++;
            StringBuilder sql = new StringBuilder();
            while (i < lines.size() && !lines.get(i).isBlank() && !lines.get(i).equals("----")) {
                if (sql.length() > 0) {
                    sql.append('\n');
                }
                sql.append(lines.get(i));
                i++;
            }
            List<String> expected = new ArrayList<>();
            if (i < lines.size() && lines.get(i).equals("----")) {
                i++;
                while (i < lines.size() && !lines.get(i).isEmpty()) {
                    expected.add(lines.get(i));
                    i++;
                }
            }
            if (sql.length() == 0) {
                throw new IOException(file + ":" + start + ": record without SQL");
            }
            out.add(new SltRecord(kind, error, types, sort, sql.toString(), expected, start, comments));
            comments = new ArrayList<>();
        }
        return out;
    }

    public static void write(Path file, List<SltRecord> records) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < records.size(); r++) {
            if (r > 0) {
                sb.append('\n');
            }
            sb.append(records.get(r).render());
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    /** A result as lines in the record's sort mode: rows joined by tabs; sorted as the mode asks. */
    public static List<String> resultLines(List<List<String>> rows, SltRecord.SortMode mode) {
        List<String> out = new ArrayList<>();
        switch (mode) {
            case VALUESORT: {
                List<String> values = new ArrayList<>();
                for (List<String> row : rows) {
                    values.addAll(row);
                }
                values.sort(Comparator.naturalOrder());
                out.addAll(values);
                break;
            }
            case ROWSORT: {
                List<List<String>> sorted = new ArrayList<>(rows);
                sorted.sort(Canonical::compareRows);
                for (List<String> row : sorted) {
                    out.add(String.join("\t", row));
                }
                break;
            }
            default:
                for (List<String> row : rows) {
                    out.add(String.join("\t", row));
                }
        }
        return out;
    }

    /** The sqllogictest type letter of a DuckDB column type. */
    public static char typeLetter(String duckType) {
        String t = duckType.toUpperCase(Locale.ROOT);
        if (t.matches("(U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT))")) {
            return 'I';
        }
        if (t.equals("FLOAT") || t.equals("REAL") || t.equals("DOUBLE") || t.startsWith("DECIMAL")) {
            return 'R';
        }
        return 'T';
    }
}
