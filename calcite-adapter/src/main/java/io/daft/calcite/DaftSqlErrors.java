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
 * Turns what Calcite and Daft throw into one readable {@link DaftException}: the one-line syntax error of
 * {@link DaftParserImpl} and Calcite's validation errors (with line and column), the list of tables for an unknown table, and "not supported: ..."
 * naming the operator for a query that cannot be planned onto Daft.
 */
public final class DaftSqlErrors {
    private static final Pattern MISSING = Pattern.compile("Missing conversions? (?:is|are) ([A-Za-z]+)");
    private static final Pattern NOT_FOUND = Pattern.compile("Object '([^']+)' not found");

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
                String msg = t.getMessage();
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
