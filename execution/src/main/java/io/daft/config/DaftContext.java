package io.daft.config;

import java.util.function.UnaryOperator;

import static java.util.Objects.requireNonNull;

/**
 * The configs in force. A global value, plus a per-thread override installed by {@link #executionConfigCtx}
 * / {@link #planningConfigCtx} for one block, so a scoped change on one thread leaves queries on other
 * threads untouched.
 */
public final class DaftContext {
    private static volatile ExecutionConfig globalExecution = ExecutionConfig.defaults();
    private static volatile PlanningConfig globalPlanning = PlanningConfig.defaults();
    private static final ThreadLocal<ExecutionConfig> SCOPED_EXECUTION = new ThreadLocal<>();
    private static final ThreadLocal<PlanningConfig> SCOPED_PLANNING = new ThreadLocal<>();

    private DaftContext() {
    }

    public static ExecutionConfig executionConfig() {
        ExecutionConfig scoped = SCOPED_EXECUTION.get();
        return scoped != null ? scoped : globalExecution;
    }

    public static PlanningConfig planningConfig() {
        PlanningConfig scoped = SCOPED_PLANNING.get();
        return scoped != null ? scoped : globalPlanning;
    }

    /** Installs {@code config} for every thread; its {@code memory_limit} also sizes the process-wide memory pool. */
    public static void setExecutionConfig(ExecutionConfig config) {
        globalExecution = requireNonNull(config, "config");
        io.daft.memory.MemoryPool.global().setLimit(config.memoryLimit());
    }

    public static void setPlanningConfig(PlanningConfig config) {
        globalPlanning = requireNonNull(config, "config");
    }

    /** Until the returned scope is closed, this thread runs with the current execution config changed by {@code change}. */
    public static ConfigScope executionConfigCtx(UnaryOperator<ExecutionConfig.Builder> change) {
        ExecutionConfig previous = SCOPED_EXECUTION.get();
        ExecutionConfig next = change.apply(executionConfig().toBuilder()).build();
        SCOPED_EXECUTION.set(next);
        return () -> restore(SCOPED_EXECUTION, previous);
    }

    /** Until the returned scope is closed, this thread plans with the current planning config changed by {@code change}. */
    public static ConfigScope planningConfigCtx(UnaryOperator<PlanningConfig.Builder> change) {
        PlanningConfig previous = SCOPED_PLANNING.get();
        PlanningConfig next = change.apply(planningConfig().toBuilder()).build();
        SCOPED_PLANNING.set(next);
        return () -> restore(SCOPED_PLANNING, previous);
    }

    private static <T> void restore(ThreadLocal<T> local, T previous) {
        if (previous == null) {
            local.remove();
        } else {
            local.set(previous);
        }
    }

    /** A config change undone on close. */
    @FunctionalInterface
    public interface ConfigScope extends AutoCloseable {
        @Override
        void close();
    }
}
