package io.daft.sqltests;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares a query's answer on the engine under test with DuckDB's: values by {@link Canonical#sameText}; rows in
 * order when the query ends in ORDER BY (rows whose ORDER BY keys tie may come in any order among themselves),
 * otherwise as a multiset.
 */
public final class ResultMatcher {
    private static final Pattern ORDER_BY = Pattern.compile("(?is)\\border\\s+by\\s+(.*?)(\\blimit\\b.*)?$");

    private ResultMatcher() {
    }

    /** Null when the answers match, else a description of the first difference. */
    public static String difference(String sql, QueryResult expected, QueryResult actual) {
        if (expected.columnNames().size() != actual.columnNames().size()) {
            return "expected " + expected.columnNames().size() + " columns " + expected.columnNames() + " but got "
                    + actual.columnNames().size() + " " + actual.columnNames();
        }
        List<List<String>> e = Canonical.formatRows(expected.rows());
        List<List<String>> a = Canonical.formatRows(actual.rows());
        if (e.size() != a.size()) {
            return "expected " + e.size() + " rows but got " + a.size() + "\n" + sample(e, a);
        }
        int[] keys = orderKeys(sql, expected.columnNames());
        if (keys == null) {
            return compareSorted(e, a, 0, e.size());
        }
        // ordered: walk runs of rows with equal keys; each run must hold the same rows in any order
        int start = 0;
        while (start < e.size()) {
            int end = start + 1;
            while (end < e.size() && sameKeys(e.get(start), e.get(end), keys)) {
                end++;
            }
            String diff = compareSorted(e, a, start, end);
            if (diff != null) {
                return "in ORDER BY order, rows " + start + ".." + (end - 1) + ": " + diff;
            }
            start = end;
        }
        return null;
    }

    private static String compareSorted(List<List<String>> e, List<List<String>> a, int from, int to) {
        List<List<String>> es = new ArrayList<>(e.subList(from, to));
        List<List<String>> as = new ArrayList<>(a.subList(from, to));
        es.sort(Canonical::compareRows);
        as.sort(Canonical::compareRows);
        for (int i = 0; i < es.size(); i++) {
            if (!Canonical.sameRow(es.get(i), as.get(i))) {
                return "expected row " + es.get(i) + " but got " + as.get(i) + "\n" + sample(e, a);
            }
        }
        return null;
    }

    private static boolean sameKeys(List<String> x, List<String> y, int[] keys) {
        for (int k : keys) {
            if (!x.get(k).equals(y.get(k))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The output columns of the query's final ORDER BY, or null if it has none. A key that is not an output column
     * name makes every row its own run (strict order).
     */
    static int[] orderKeys(String sql, List<String> columns) {
        String text = sql.strip();
        int last = text.toLowerCase(Locale.ROOT).lastIndexOf("order by");
        if (last < 0 || text.substring(last).contains(")")) {
            return null; // no ORDER BY, or only inside a subquery / window
        }
        Matcher m = ORDER_BY.matcher(text.substring(last));
        if (!m.find()) {
            return null;
        }
        List<Integer> idx = new ArrayList<>();
        for (String item : m.group(1).split(",")) {
            String k = item.strip().replaceAll("(?i)\\s+(asc|desc)(\\s+nulls\\s+(first|last))?$", "")
                    .replaceAll("(?i)\\s+nulls\\s+(first|last)$", "").replace("\"", "").strip();
            int found = -1;
            for (int c = 0; c < columns.size(); c++) {
                if (columns.get(c).equalsIgnoreCase(k)) {
                    found = c;
                }
            }
            if (found < 0) {
                int[] all = new int[columns.size()];
                for (int c = 0; c < all.length; c++) {
                    all[c] = c;
                }
                return all;
            }
            idx.add(found);
        }
        return idx.stream().mapToInt(Integer::intValue).toArray();
    }

    private static String sample(List<List<String>> e, List<List<String>> a) {
        return "expected (first 5): " + e.subList(0, Math.min(5, e.size())) + "\nactual   (first 5): "
                + a.subList(0, Math.min(5, a.size()));
    }
}
