package io.daft.sqltests.fuzz;

import io.daft.sqltests.DuckDbEngine;
import io.daft.sqltests.QueryResult;
import io.daft.sqltests.ResultMatcher;
import io.daft.sqltests.SqlEngineUnderTest;
import io.daft.sqltests.fuzz.Outcome.Kind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static java.util.Objects.requireNonNull;

/**
 * Runs generated queries on our engine (under a {@link FuzzSetting}) and on DuckDB, classifies each pair of
 * outcomes ({@link Outcome}) and reduces failing queries to small reproducers.
 */
final class FuzzRunner implements AutoCloseable {
    /** Exceptions that are bugs of ours wherever they come from, not a user's error. */
    private static final Set<Class<? extends Throwable>> INTERNAL = Set.of(NullPointerException.class,
            ClassCastException.class, IndexOutOfBoundsException.class, IllegalStateException.class, AssertionError.class,
            ArithmeticException.class, NegativeArraySizeException.class, UnsupportedOperationException.class,
            ArrayStoreException.class, java.util.NoSuchElementException.class, java.util.ConcurrentModificationException.class,
            VirtualMachineError.class, IllegalArgumentException.class);
    private static final int MAX_REDUCTION_RUNS = 300;

    private final SqlEngineUnderTest ours;
    private final DuckDbEngine duck;
    private final long timeoutMillis;
    private final Map<String, Object> duckCache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Object> e) {
            return size() > 2000;
        }
    };
    private ExecutorService worker = newWorker();

    FuzzRunner(SqlEngineUnderTest ours, DuckDbEngine duck, long timeoutMillis) {
        this.ours = requireNonNull(ours, "ours");
        this.duck = requireNonNull(duck, "duck");
        this.timeoutMillis = timeoutMillis;
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-query");
            t.setDaemon(true);
            return t;
        });
    }

    /** DuckDB's answer (a QueryResult) or its error (an Exception), remembered per query text. */
    private Object duckAnswer(String sql) {
        return duckCache.computeIfAbsent(sql, q -> {
            try {
                return duck.query(q);
            } catch (Exception e) {
                return e;
            }
        });
    }

    Outcome run(String sql, FuzzSetting setting) {
        Object expected = duckAnswer(sql);
        Object actual = runOurs(sql, setting);
        if (actual instanceof TimeoutException) {
            return Outcome.of(Kind.TIMEOUT, "no answer within " + timeoutMillis + " ms");
        }
        if (actual instanceof Throwable t) {
            Throwable internal = internalCause(t);
            if (internal != null) {
                return new Outcome(Kind.INTERNAL_ERROR, describe(internal), Kind.INTERNAL_ERROR + ":" + internal.getClass().getName());
            }
            if (expected instanceof Exception) {
                return Outcome.of(Kind.BOTH_ERROR, firstLine(t.getMessage()));
            }
            String message = firstLine(t.getMessage());
            return message.startsWith("not supported") ? Outcome.of(Kind.UNSUPPORTED, message) : Outcome.of(Kind.OURS_ONLY_ERROR, message);
        }
        if (expected instanceof Exception e) {
            return Outcome.of(Kind.DUCKDB_ONLY_ERROR, firstLine(e.getMessage()));
        }
        String diff = ResultMatcher.difference(sql, (QueryResult) expected, (QueryResult) actual);
        return diff == null ? Outcome.of(Kind.MATCH, "") : Outcome.of(Kind.MISMATCH, diff);
    }

    /** Our answer, or what it threw, or a TimeoutException. */
    private Object runOurs(String sql, FuzzSetting setting) {
        Future<Object> f = worker.submit(() -> {
            try (var scope = setting.apply()) {
                return ours.query(sql);
            } catch (Throwable t) {
                return t;
            }
        });
        try {
            return f.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            worker.shutdownNow();
            worker = newWorker();
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    /**
     * The smallest query found by greedy reduction that still fails the same way under the same setting: drops
     * select items, conjuncts and clauses, and replaces expressions by their parts, keeping each step that fails alike.
     */
    FuzzQuery reduce(FuzzQuery query, FuzzSetting setting, Outcome failure) {
        FuzzQuery current = query;
        int runs = 0;
        boolean progress = true;
        while (progress && runs < MAX_REDUCTION_RUNS) {
            progress = false;
            for (FuzzQuery candidate : current.reductions()) {
                if (++runs > MAX_REDUCTION_RUNS) {
                    break;
                }
                if (run(candidate.sql(), setting).signature().equals(failure.signature())) {
                    current = candidate;
                    progress = true;
                    break;
                }
            }
        }
        return current;
    }

    static Throwable internalCause(Throwable t) {
        List<Throwable> seen = new ArrayList<>();
        for (Throwable c = t; c != null && !seen.contains(c); c = c.getCause()) {
            seen.add(c);
            for (Class<? extends Throwable> k : INTERNAL) {
                if (k.isInstance(c)) {
                    return c;
                }
            }
        }
        return null;
    }

    private static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder(t.toString());
        StackTraceElement[] st = t.getStackTrace();
        for (int i = 0; i < Math.min(4, st.length); i++) {
            sb.append("\n    at ").append(st[i]);
        }
        return sb.toString();
    }

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
