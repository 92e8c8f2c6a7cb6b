package io.daft.calcite;

import io.daft.core.DaftException;
import org.apache.calcite.plan.RelOptPlanner;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what Calcite and Daft throw into one readable {@link DaftException}: Calcite's own message (with line and
 * column) for syntax and validation errors, the list of tables for an unknown table, and "not supported: ..."
 * naming the operator for a query that cannot be planned onto Daft.
 */
public final class DaftSqlErrors {
    private static final Pattern MISSING = Pattern.compile("Missing conversions? (?:is|are) ([A-Za-z]+)");
    private static final Pattern NOT_FOUND = Pattern.compile("Object '([^']+)' not found");
    private static final int MAX_EXPECTED = 8;

    private DaftSqlErrors() {
    }

    /** The user-facing error for {@code e}; {@code tables} lists the tables for "not found" messages. */
    public static DaftException userError(Throwable e, Supplier<List<String>> tables) {
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
                String msg = shortenExpected(t.getMessage());
                if (NOT_FOUND.matcher(msg).find()) {
                    msg += "; the tables are " + tables.get();
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

    /** A parse error's "Was expecting one of:" list cut to its first few entries. */
    static String shortenExpected(String msg) {
        int i = msg.indexOf("Was expecting one of:");
        if (i < 0) {
            return msg;
        }
        String[] lines = msg.substring(i).split("\n");
        StringBuilder sb = new StringBuilder(msg.substring(0, i)).append(lines[0].trim());
        int shown = 0;
        for (int k = 1; k < lines.length && shown < MAX_EXPECTED; k++) {
            String l = lines[k].trim();
            if (!l.isEmpty() && !l.equals("...")) {
                sb.append(shown == 0 ? " " : ", ").append(l);
                shown++;
            }
        }
        if (lines.length - 1 > shown) {
            sb.append(", ...");
        }
        return sb.toString();
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
}
