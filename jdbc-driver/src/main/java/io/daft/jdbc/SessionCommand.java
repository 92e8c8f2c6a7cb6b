package io.daft.jdbc;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A session statement the driver runs itself instead of handing it to Calcite:
 * <ul>
 *   <li>{@code SET name = value} (also {@code SET name TO value} and {@code ALTER SESSION SET name = value}):
 *       changes one Daft execution or planning knob for this connection only;</li>
 *   <li>{@code RESET name} / {@code RESET ALL}: back to the value the connection opened with;</li>
 *   <li>{@code SHOW name} / {@code SHOW ALL}: a result set of (name, value);</li>
 *   <li>{@code EXPLAIN ANALYZE query}: runs the query to the end and returns its plan, one line per row in column
 *       {@code plan}, with what each operator did (rows, time, peak memory, bytes spilled).</li>
 * </ul>
 * Values may be quoted ({@code '64MiB'}) or bare ({@code 8}, {@code true}).
 */
public record SessionCommand(Kind kind, String name, String value) {
    public enum Kind { SET, RESET, SHOW, EXPLAIN_ANALYZE }

    private static final String NAME = "(\"[^\"]+\"|`[^`]+`|[A-Za-z_][A-Za-z0-9_.]*)";
    private static final Pattern SET = Pattern.compile(
            "(?is)(?:ALTER\\s+SESSION\\s+)?SET\\s+" + NAME + "\\s*(?:=|\\sTO\\s)\\s*(.*?)\\s*;?\\s*");
    private static final Pattern RESET = Pattern.compile("(?is)(?:ALTER\\s+SESSION\\s+)?RESET\\s+" + NAME + "\\s*;?\\s*");
    private static final Pattern SHOW = Pattern.compile("(?is)SHOW\\s+" + NAME + "\\s*;?\\s*");
    private static final Pattern LEADING_COMMENTS = Pattern.compile("(?s)^(\\s*(--[^\\n]*(\\n|$)|/\\*.*?\\*/))*\\s*");

    public SessionCommand {
        requireNonNull(kind, "kind");
        requireNonNull(name, "name");
    }

    /** The session command {@code sql} is, or null if it is ordinary SQL for Calcite. */
    public static SessionCommand parse(String sql) {
        if (sql == null) {
            return null;
        }
        String s = LEADING_COMMENTS.matcher(sql).replaceFirst("");
        if (s.length() < 4) {
            return null;
        }
        char c = Character.toUpperCase(s.charAt(0));
        if (c != 'S' && c != 'A' && c != 'R' && c != 'E') {
            return null;   // fast path: most SQL starts with SELECT/WITH/VALUES
        }
        String analyzed = io.daft.execution.ExplainAnalyze.innerQuery(s);
        if (analyzed != null) {
            return new SessionCommand(Kind.EXPLAIN_ANALYZE, "", analyzed);
        }
        Matcher m = SET.matcher(s);
        if (m.matches()) {
            return new SessionCommand(Kind.SET, unquote(m.group(1)), unquoteValue(m.group(2)));
        }
        m = RESET.matcher(s);
        if (m.matches()) {
            return new SessionCommand(Kind.RESET, unquote(m.group(1)), null);
        }
        m = SHOW.matcher(s);
        if (m.matches()) {
            String n = unquote(m.group(1));
            // SHOW TABLES etc. are not ours
            if (n.equalsIgnoreCase("all") || SessionConfig.knobNames().contains(n.toLowerCase(Locale.ROOT))) {
                return new SessionCommand(Kind.SHOW, n, null);
            }
        }
        return null;
    }

    private static String unquote(String name) {
        if (name.length() >= 2 && (name.charAt(0) == '"' || name.charAt(0) == '`')) {
            return name.substring(1, name.length() - 1);
        }
        return name;
    }

    private static String unquoteValue(String v) {
        String t = v.trim();
        if (t.length() >= 2 && t.charAt(0) == '\'' && t.charAt(t.length() - 1) == '\'') {
            return t.substring(1, t.length() - 1).replace("''", "'");
        }
        if (t.length() >= 2 && t.charAt(0) == '"' && t.charAt(t.length() - 1) == '"') {
            return t.substring(1, t.length() - 1);
        }
        return t;
    }
}
