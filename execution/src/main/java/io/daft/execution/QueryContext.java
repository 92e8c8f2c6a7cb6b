package io.daft.execution;

import io.daft.config.ExecutionConfig;
import io.daft.memory.MemoryLimits;
import io.daft.memory.MemoryPool;
import io.daft.memory.MemoryReservation;
import io.daft.spill.SpillSpace;

import static java.util.Objects.requireNonNull;

/**
 * What one running query owns besides its plan: its execution config, its memory pool (a child of the process
 * pool, sized by its {@code memory_limit}) and its spill space. Operators take reservations and spill files from
 * here; {@link #close} releases both, however the query ended.
 */
public final class QueryContext implements AutoCloseable {
    private final ExecutionConfig config;
    private final MemoryPool memory;
    private final SpillSpace spill;

    private QueryContext(ExecutionConfig config) {
        this.config = requireNonNull(config, "config");
        this.memory = MemoryPool.global().child("query", config.memoryLimit());
        this.spill = new SpillSpace(config.tempDirectory(), config.maxTempDirectorySize());
    }

    /** A context for a query starting now with {@code config}. */
    public static QueryContext start(ExecutionConfig config) {
        return new QueryContext(config);
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

    /** A reservation for {@code consumer}, an operator named as users see it. */
    public MemoryReservation reserve(String consumer, boolean spillable) {
        return memory.register(consumer, spillable);
    }

    @Override
    public void close() {
        spill.close();
    }

    @Override
    public String toString() {
        return "QueryContext[limit " + MemoryLimits.format(memory.limit()) + ", peak " + MemoryLimits.format(memory.peak())
                + ", spilled " + MemoryLimits.format(spill.bytesSpilled()) + "]";
    }
}
