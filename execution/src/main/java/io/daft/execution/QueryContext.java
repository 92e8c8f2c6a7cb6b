package io.daft.execution;

import io.daft.config.ExecutionConfig;
import io.daft.memory.MemoryLimits;
import io.daft.memory.MemoryPool;
import io.daft.memory.MemoryReservation;
import io.daft.execution.stages.StagePlan;
import io.daft.physical.PhysicalPlan;
import io.daft.spill.SpillSpace;

import java.util.Optional;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * What one running query owns besides its plan: its execution config, its memory pool (a child of the process
 * pool, sized by its {@code memory_limit}), its spill space and its statistics. Operators take reservations and
 * spill files from here, named after their plan node so EXPLAIN ANALYZE can show them; {@link #close} releases
 * the pool's spill files, however the query ended.
 */
public final class QueryContext implements AutoCloseable {
    private static final ThreadLocal<Consumer<QueryContext>> OBSERVER = new ThreadLocal<>();

    private final ExecutionConfig config;
    private final MemoryPool memory;
    private final SpillSpace spill;
    private final QueryStats stats;

    private QueryContext(ExecutionConfig config, Optional<StagePlan> plan) {
        this.config = requireNonNull(config, "config");
        this.memory = MemoryPool.global().child("query", config.memoryLimit());
        this.spill = new SpillSpace(config.tempDirectory(), config.maxTempDirectorySize());
        this.stats = new QueryStats(plan);
    }

    /** A context for a run of {@code plan} starting now with {@code config}; this thread's observer, if any, is told. */
    public static QueryContext start(ExecutionConfig config, StagePlan plan) {
        return start(config, Optional.of(plan));
    }

    /** A context for operators run without a stage plan (tests, one-off tools). */
    public static QueryContext start(ExecutionConfig config) {
        return start(config, Optional.empty());
    }

    private static QueryContext start(ExecutionConfig config, Optional<StagePlan> plan) {
        QueryContext q = new QueryContext(config, plan);
        Consumer<QueryContext> observer = OBSERVER.get();
        if (observer != null) {
            observer.accept(q);
        }
        return q;
    }

    /**
     * Until the returned scope closes, every query started on this thread is handed to {@code observer} (EXPLAIN
     * ANALYZE runs a query this way and reads its statistics afterwards).
     */
    public static io.daft.config.DaftContext.ConfigScope observe(Consumer<QueryContext> observer) {
        Consumer<QueryContext> previous = OBSERVER.get();
        OBSERVER.set(requireNonNull(observer, "observer"));
        return () -> {
            if (previous == null) {
                OBSERVER.remove();
            } else {
                OBSERVER.set(previous);
            }
        };
    }

    public ExecutionConfig config() {
        return config;
    }

    public MemoryPool memory() {
        return memory;
    }

    public SpillSpace spill() {
        return spill;
    }

    public QueryStats stats() {
        return stats;
    }

    /** A reservation for {@code consumer}, an operator named as users see it. */
    public MemoryReservation reserve(String consumer, boolean spillable) {
        return memory.register(consumer, spillable);
    }

    /** A reservation for {@code consumer}, counted in the statistics of {@code node}. */
    public MemoryReservation reserve(PhysicalPlan node, String consumer, boolean spillable) {
        return memory(node).register(consumer, spillable);
    }

    /** The pool for {@code node}'s reservations: the query's, counting them in the statistics of {@code node}. */
    public MemoryPool memory(PhysicalPlan node) {
        return stats.of(node).memory(memory, node.describe());
    }

    /** The query's spill space, counting what is spilled through it in the statistics of {@code node}. */
    public SpillSpace spill(PhysicalPlan node) {
        return spill.countingInto(stats.of(node)::spilled);
    }

    /** EXPLAIN ANALYZE's text: each stage's plan fragment with each node's statistics, then the query's totals. */
    public String explainAnalyzed() {
        return stats.render(memory.peak(), memory.limit(), spill.bytesSpilled(), spill.fileCount());
    }

    @Override
    public void close() {
        stats.finished();
        spill.close();
    }

    @Override
    public String toString() {
        return "QueryContext[limit " + MemoryLimits.format(memory.limit()) + ", peak " + MemoryLimits.format(memory.peak())
                + ", spilled " + MemoryLimits.format(spill.bytesSpilled()) + "]";
    }
}
