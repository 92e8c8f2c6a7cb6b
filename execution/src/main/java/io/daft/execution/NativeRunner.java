package io.daft.execution;

import io.daft.config.ExecutionConfig;
import io.daft.core.CloseableIterator;
import io.daft.core.DaftException;
import io.daft.execution.stages.StagePlan;
import io.daft.execution.stages.StagePlanner;
import io.daft.memory.MemoryReservation;
import io.daft.micropartition.MicroPartition;
import io.daft.physical.PhysicalPlan;
import io.daft.recordbatch.RecordBatch;
import io.daft.runners.Runner;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * The default runner: cuts the plan into stages ({@link StagePlanner}) and runs them in this JVM, each stage's
 * tasks in parallel on a thread pool ({@link LocalStages}); the result stage then streams, partition by partition
 * in order, through queues bounded in bytes (counted in the query's memory) so a consumer that reads slowly holds
 * the producers back.
 */
public final class NativeRunner implements Runner {
    /** Bytes of result batches each partition may queue ahead of the consumer (at least one batch). */
    private static final long QUEUE_BYTES = 8L << 20;
    private static final Object END = new Object();

    private final int numThreads;
    private final ExecutorService pool;

    public NativeRunner(int numThreads) {
        if (numThreads < 1) {
            throw new DaftException("the native runner needs at least 1 thread, got " + numThreads);
        }
        this.numThreads = numThreads;
        AtomicInteger counter = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, "daft-native-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.pool = Executors.newFixedThreadPool(numThreads, tf);
    }

    public int numThreads() {
        return numThreads;
    }

    @Override
    public String name() {
        return "native";
    }

    @Override
    public CloseableIterator<RecordBatch> stream(PhysicalPlan plan) {
        LocalStages stages = start(plan);
        try {
            stages.runUpstream();
        } catch (RuntimeException e) {
            stages.close();
            throw e;
        }
        try {
            return new OrderedStream(stages);
        } catch (RuntimeException e) {
            stages.close();
            throw e;
        }
    }

    @Override
    public List<MicroPartition> collect(PhysicalPlan plan) {
        LocalStages stages = start(plan);
        try {
            stages.runUpstream();
            return stages.collectResult();
        } finally {
            stages.close();
        }
    }

    /** Cuts the plan into stages and starts the query, with the execution config of the calling thread. */
    private LocalStages start(PhysicalPlan plan) {
        ExecutionConfig config = io.daft.config.DaftContext.executionConfig();
        StagePlan stages = StagePlanner.plan(plan, config);
        return new LocalStages(stages, QueryContext.start(config, stages), this::parallel);
    }


    @Override
    public void close() {
        pool.shutdownNow();
    }

    /**
     * Runs {@code task(i)} for i in [0, n) on the pool and waits; the first failure (or an interrupt of the caller,
     * which is how a cancelled query arrives) cancels the rest. Results of tasks that finish after that are released
     * as they finish, so an abandoned stage leaves no Arrow memory behind.
     */
    private <T> List<T> parallel(int n, IntFunction<T> task) {
        Object lock = new Object();
        boolean[] abandoned = new boolean[1];
        List<Object> finished = new ArrayList<>();
        // 0 = not started, 1 = running or done, 2 = abandoned before it started; `done` counts the first two ending
        java.util.concurrent.atomic.AtomicIntegerArray state = new java.util.concurrent.atomic.AtomicIntegerArray(n);
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(n);
        List<Future<T>> futures = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int p = i;
            futures.add(pool.submit(() -> {
                if (!state.compareAndSet(p, 0, 1)) {
                    return null;
                }
                try {
                    T r = task.apply(p);
                    synchronized (lock) {
                        if (abandoned[0]) {
                            release(r);
                            return null;
                        }
                        finished.add(r);
                    }
                    return r;
                } finally {
                    done.countDown();
                }
            }));
        }
        List<T> out = new ArrayList<>(n);
        RuntimeException failure = null;
        for (Future<T> f : futures) {
            if (failure != null) {
                f.cancel(true);
                continue;
            }
            try {
                out.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = new DaftException("query interrupted", e);
                f.cancel(true);   // the task waited on is stopped too, not left to finish its partition
            } catch (java.util.concurrent.ExecutionException e) {
                failure = unwrap(e.getCause());
            }
        }
        if (failure != null) {
            synchronized (lock) {
                abandoned[0] = true;
                finished.forEach(NativeRunner::release);
                finished.clear();
            }
            for (int p = 0; p < n; p++) {
                if (state.compareAndSet(p, 0, 2)) {
                    done.countDown();
                }
            }
            // a stopped query is stopped: wait for running tasks (interrupted above) to end before returning
            awaitUninterruptibly(done);
            throw failure;
        }
        return out;
    }

    private static void awaitUninterruptibly(java.util.concurrent.CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes what a task produced: batches, partitions, or lists or arrays of them. */
    private static void release(Object result) {
        if (result instanceof AutoCloseable) {
            try {
                ((AutoCloseable) result).close();
            } catch (Exception e) {
                // releasing after a failure: the first failure is the one reported
            }
        } else if (result instanceof Iterable) {
            for (Object o : (Iterable<?>) result) {
                release(o);
            }
        } else if (result instanceof Object[]) {
            for (Object o : (Object[]) result) {
                release(o);
            }
        }
    }

    static RuntimeException unwrap(Throwable t) {
        if (t instanceof RuntimeException) {
            return (RuntimeException) t;
        }
        if (t instanceof OutOfMemoryError) {
            // the task's thread survives it (the pool caught it); the query fails, the process goes on serving
            return new io.daft.memory.MemoryLimitExceededException("the Java heap is exhausted (" + t.getMessage() + "; -Xmx is "
                    + io.daft.memory.MemoryLimits.format(Runtime.getRuntime().maxMemory())
                    + "): raise -Xmx, or lower memory_limit so that operators spill sooner", t);
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        return new DaftException(String.valueOf(t.getMessage()), t);
    }

    /**
     * The final stage, streamed: each partition runs as a pool task feeding its own bounded queue, and the
     * consumer drains the queues in partition order. Tasks are queued in partition order, so the partition the
     * consumer waits on is always running or done: no deadlock, and memory stays bounded by the queues.
     */
    private final class OrderedStream implements CloseableIterator<RecordBatch> {
        private final LocalStages state;
        private final List<BatchQueue> queues = new ArrayList<>();
        private final MemoryReservation queued;
        private final List<Future<?>> tasks = new ArrayList<>();
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private int current;
        private RecordBatch next;
        private boolean closed;

        OrderedStream(LocalStages state) {
            this.state = state;
            PhysicalPlan plan = state.plan().resultStage().fragment();
            int n = plan.numPartitions();
            this.queued = state.query().reserve("Result stream", false);
            for (int i = 0; i < n; i++) {
                queues.add(new BatchQueue(QUEUE_BYTES, queued));
            }
            for (int i = 0; i < n; i++) {
                int p = i;
                tasks.add(pool.submit(() -> produce(plan, p)));
            }
        }

        private void produce(PhysicalPlan plan, int p) {
            BatchQueue q = queues.get(p);
            try (CloseableIterator<RecordBatch> it = state.pipeline().open(plan, p)) {
                while (!cancelled.get() && it.hasNext()) {
                    RecordBatch b = it.next();
                    if (!offer(q, b)) {
                        b.close();
                        return;
                    }
                }
                offer(q, END);
            } catch (Throwable t) {
                offer(q, t);
            }
        }

        /** Blocks while the queue is full; gives up when the stream is cancelled. */
        private boolean offer(BatchQueue q, Object item) {
            try {
                while (!cancelled.get()) {
                    if (q.offer(item, 50)) {
                        return true;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        }

        @Override
        public boolean hasNext() {
            while (next == null && !closed && current < queues.size()) {
                Object item;
                try {
                    item = queues.get(current).take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    close();
                    throw new DaftException("query interrupted", e);
                }
                if (item == END) {
                    current++;
                } else if (item instanceof Throwable) {
                    close();
                    throw unwrap((Throwable) item);
                } else {
                    next = (RecordBatch) item;
                }
            }
            if (next == null && !closed) {
                close();
            }
            return next != null;
        }

        @Override
        public RecordBatch next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            RecordBatch b = next;
            next = null;
            return b;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            cancelled.set(true);
            if (next != null) {
                next.close();
                next = null;
            }
            // Producers must be done before the stage state is released under them: wait even if this thread was
            // interrupted (a cancelled query), and keep the interrupt for the caller.
            boolean interrupted = Thread.interrupted();
            for (Future<?> f : tasks) {
                while (true) {
                    try {
                        f.get();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    } catch (Exception e) {
                        break; // the task reported its failure through its queue, or was cancelled
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            for (BatchQueue q : queues) {
                for (Object o : q.clear()) {
                    if (o instanceof RecordBatch) {
                        ((RecordBatch) o).close();
                    }
                }
            }
            queued.close();
            state.close();
        }
    }
}
