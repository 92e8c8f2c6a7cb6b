package io.daft.execution;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * EXPLAIN ANALYZE: runs a query to the end, discarding its rows, and reports what each operator did (rows, batches,
 * time, peak memory, bytes spilled) and the query's totals. The same for SQL, the CLI, JDBC and DataFrames.
 */
public final class ExplainAnalyze {
    private static final Pattern PREFIX = Pattern.compile(
            "(?is)^(?:\\s*(?:--[^\\n]*(?:\\n|$)|/\\*.*?\\*/))*\\s*EXPLAIN\\s+ANALY[SZ]E\\s+(.*?)\\s*;?\\s*$");

    private ExplainAnalyze() {
    }

    /** The query of an {@code EXPLAIN ANALYZE <query>} statement, or null when {@code sql} is not one. */
    public static String innerQuery(String sql) {
        if (sql == null) {
            return null;
        }
        Matcher m = PREFIX.matcher(sql);
        return m.matches() ? m.group(1) : null;
    }

    /**
     * Runs {@code query} (which must read its result to the end) and returns the analyzed plans of the Daft queries it
     * ran on this thread, with {@code rowsReturned} from the caller when known (-1 otherwise).
     */
    public static String analyze(java.util.function.LongSupplier query) {
        List<QueryContext> ran = new ArrayList<>();
        long rows;
        try (io.daft.config.DaftContext.ConfigScope s = QueryContext.observe(ran::add)) {
            rows = query.getAsLong();
        }
        if (ran.isEmpty()) {
            throw new io.daft.core.DaftException("EXPLAIN ANALYZE: the statement ran no Daft query");
        }
        StringBuilder sb = new StringBuilder();
        for (QueryContext q : ran) {
            sb.append(q.explainAnalyzed());
        }
        if (rows >= 0) {
            sb.append("rows returned: ").append(rows).append('\n');
        }
        return sb.toString();
    }
}
