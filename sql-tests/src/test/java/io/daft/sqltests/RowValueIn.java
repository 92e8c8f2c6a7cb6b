package io.daft.sqltests;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the several-column {@code (a, b) [NOT] IN (SELECT ...)} of a query's text into an equivalent form for
 * DuckDB, whose own answer differs from SQL's (duckdb/duckdb#24320, still in 1.5.6): it answers NULL when any
 * value of the outer tuple or of a sub-query row is NULL, where SQL (and PostgreSQL, Calcite) answers FALSE when
 * every row differs from the tuple on some column where both are not NULL. The form sent is
 * <pre>{@code
 * (SELECT CASE WHEN COUNT(*) FILTER (WHERE a = x AND b = y) > 0 THEN TRUE
 *              WHEN COUNT(*) FILTER (WHERE (a = x AND b = y) IS NULL) > 0 THEN NULL ELSE FALSE END
 *  FROM (SELECT ...) AS __in1(x, y))
 * }</pre>
 * (names are fresh, so the outer tuple's columns cannot be captured by the sub-query's). A tuple is a parenthesized
 * list of two or more expressions that does not follow a function name.
 */
public final class RowValueIn {
    private static final Pattern IN = Pattern.compile("\\)\\s*(NOT\\s+)?IN\\s*\\(\\s*SELECT\\b", Pattern.CASE_INSENSITIVE);
    /** Words after which a parenthesis opens an expression, not a function's arguments. */
    private static final Set<String> KEYWORDS = Set.of("AND", "OR", "NOT", "WHEN", "THEN", "ELSE", "SELECT", "WHERE", "ON",
            "HAVING", "BY", "IN", "IS", "CASE", "DISTINCT", "AS");

    private RowValueIn() {
    }

    /** {@code sql} with each several-column IN sub-query in its standard form for DuckDB. */
    public static String standard(String sql) {
        int fresh = 0;
        int from = 0;
        while (true) {
            int[] match = parens(sql);
            Matcher m = IN.matcher(sql);
            boolean found = false;
            while (m.find(from)) {
                int close = m.start();
                from = close + 1;
                int open = match[close];
                if (open < 0 || insideQuote(sql, close) || afterName(sql, open)) {
                    continue;
                }
                List<String> tuple = splitTopLevel(sql.substring(open + 1, close));
                if (tuple.size() < 2) {
                    continue;
                }
                int subOpen = sql.indexOf('(', close + 1);
                int subClose = match[subOpen];
                if (subClose < 0) {
                    continue;
                }
                String name = "__in" + (++fresh);
                List<String> columns = new ArrayList<>();
                List<String> equal = new ArrayList<>();
                for (int i = 0; i < tuple.size(); i++) {
                    columns.add("__x" + (i + 1));
                    equal.add("(" + tuple.get(i).trim() + ") = " + name + ".__x" + (i + 1));
                }
                String all = String.join(" AND ", equal);
                String replaced = "(" + (m.group(1) != null ? "NOT " : "")
                        + "(SELECT CASE WHEN COUNT(*) FILTER (WHERE " + all + ") > 0 THEN TRUE WHEN COUNT(*) FILTER (WHERE ("
                        + all + ") IS NULL) > 0 THEN NULL ELSE FALSE END FROM (" + sql.substring(subOpen + 1, subClose) + ") AS "
                        + name + "(" + String.join(", ", columns) + ")))";
                sql = sql.substring(0, open) + replaced + sql.substring(subClose + 1);
                from = 0;
                found = true;
                break;
            }
            if (!found) {
                return sql;
            }
        }
    }

    /** For each parenthesis outside quotes, the position of its partner (-1 if none); -1 elsewhere. */
    private static int[] parens(String sql) {
        int[] match = new int[sql.length()];
        java.util.Arrays.fill(match, -1);
        java.util.ArrayDeque<Integer> open = new java.util.ArrayDeque<>();
        char quote = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(') {
                open.push(i);
            } else if (c == ')' && !open.isEmpty()) {
                int o = open.pop();
                match[o] = i;
                match[i] = o;
            }
        }
        return match;
    }

    private static boolean insideQuote(String sql, int at) {
        char quote = 0;
        for (int i = 0; i < at; i++) {
            char c = sql.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            }
        }
        return quote != 0;
    }

    /** Whether the parenthesis at {@code open} follows a name (a function's arguments), not a keyword or operator. */
    private static boolean afterName(String sql, int open) {
        int end = open;
        while (end > 0 && Character.isWhitespace(sql.charAt(end - 1))) {
            end--;
        }
        int start = end;
        while (start > 0 && (Character.isLetterOrDigit(sql.charAt(start - 1)) || sql.charAt(start - 1) == '_')) {
            start--;
        }
        if (end > 0 && sql.charAt(end - 1) == '"') {
            return true;
        }
        return start < end && !KEYWORDS.contains(sql.substring(start, end).toUpperCase(Locale.ROOT));
    }

    /** {@code list} split at its commas outside parentheses and quotes. */
    private static List<String> splitTopLevel(String list) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        int start = 0;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(list.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(list.substring(start));
        return parts;
    }
}
