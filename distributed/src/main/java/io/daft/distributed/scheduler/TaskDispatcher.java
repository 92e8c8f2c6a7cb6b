package io.daft.distributed.scheduler;

import io.daft.core.DaftException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * Spreads tasks over the live workers, at most a worker's slots at once on each, to the worker with the most free
 * slots; a caller waits for a free slot. Each running task holds a driver thread that waits for its worker.
 */
final class TaskDispatcher implements AutoCloseable {
    private final Workers workers;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "daft-dispatch");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Integer> busy = new HashMap<>();

    TaskDispatcher(Workers workers) {
        this.workers = requireNonNull(workers, "workers");
    }

    /** Runs {@code work} on a thread once a worker has a free slot; the worker is held until it returns. */
    <T> CompletableFuture<T> run(Function<Workers.Worker, T> work) {
        return start(acquire(null), work);
    }

    /** As {@link #run}, on the given worker (waiting for one of its slots); fails when it is no longer live. */
    <T> CompletableFuture<T> runOn(Workers.Worker worker, Function<Workers.Worker, T> work) {
        if (!workers.live().contains(worker)) {
            return CompletableFuture.failedFuture(new DaftException("worker " + worker.nodeId() + " was lost"));
        }
        return start(acquire(worker), work);
    }

    /** Runs {@code work} on a thread with the slot of {@code w} held, released when it returns. */
    private <T> CompletableFuture<T> start(Workers.Worker w, Function<Workers.Worker, T> work) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return work.apply(w);
            } finally {
                release(w);
            }
        }, threads);
    }

    /** Runs {@code work} at once on the least busy live worker, whatever its slots (for re-runs of lost outputs). */
    <T> CompletableFuture<T> runUnbounded(Function<Workers.Worker, T> work) {
        Workers.Worker w = anyLive();
        return CompletableFuture.supplyAsync(() -> work.apply(w), threads);
    }

    /** The live worker with the most free slots. */
    synchronized Workers.Worker anyLive() {
        List<Workers.Worker> live = workers.live();
        if (live.isEmpty()) {
            throw new DaftException("no live workers in the cluster");
        }
        Workers.Worker best = live.get(0);
        for (Workers.Worker w : live) {
            if (free(w) > free(best)) {
                best = w;
            }
        }
        return best;
    }

    private synchronized Workers.Worker acquire(Workers.Worker only) {
        while (true) {
            List<Workers.Worker> live = workers.live();
            if (live.isEmpty()) {
                throw new DaftException("no live workers in the cluster");
            }
            Workers.Worker best = null;
            for (Workers.Worker w : live) {
                if ((only == null || w.equals(only)) && free(w) > 0 && (best == null || free(w) > free(best))) {
                    best = w;
                }
            }
            if (best != null) {
                busy.merge(best.nodeId(), 1, Integer::sum);
                return best;
            }
            if (only != null && !live.contains(only)) {
                throw new DaftException("worker " + only.nodeId() + " was lost");
            }
            try {
                wait(1000);   // also re-reads the live workers: a lost worker's slots never come back
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DaftException("query cancelled while waiting for a worker", e);
            }
        }
    }

    private synchronized void release(Workers.Worker w) {
        busy.merge(w.nodeId(), -1, Integer::sum);
        notifyAll();
    }

    private int free(Workers.Worker w) {
        return w.slots() - busy.getOrDefault(w.nodeId(), 0);
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
