package io.daft.distributed.tasks;

import io.daft.distributed.shuffle.ShuffleKey;
import io.daft.execution.Exchanges;
import io.daft.execution.QueryContext;
import io.daft.execution.stages.StageId;
import io.daft.ops.join.JoinBuild;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/** What one query keeps on one worker between its tasks. */
final class WorkerQuery implements AutoCloseable {
    private final QueryContext context;
    private final Map<StageId, JoinBuild> builds = new HashMap<>();
    private final Map<ShuffleKey, Exchanges.Buffered> buffered = new HashMap<>();

    WorkerQuery(QueryContext context) {
        this.context = requireNonNull(context, "context");
    }

    QueryContext context() {
        return context;
    }

    /** The broadcast build of a stage's output, built once per worker and shared by the tasks probing it. */
    synchronized JoinBuild build(StageId stage, Supplier<JoinBuild> build) {
        return builds.computeIfAbsent(stage, s -> build.get());
    }

    synchronized void keep(ShuffleKey key, Exchanges.Buffered kept) {
        Exchanges.Buffered old = buffered.put(key, kept);
        if (old != null) {
            old.close();
        }
    }

    synchronized Optional<Exchanges.Buffered> takeBuffered(ShuffleKey key) {
        return Optional.ofNullable(buffered.remove(key));
    }

    @Override
    public synchronized void close() {
        try {
            builds.values().forEach(JoinBuild::close);
            buffered.values().forEach(Exchanges.Buffered::close);
        } finally {
            builds.clear();
            buffered.clear();
            context.close();
        }
    }
}
