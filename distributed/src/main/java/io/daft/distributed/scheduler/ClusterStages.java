package io.daft.distributed.scheduler;

import io.daft.core.CloseableIterator;
import io.daft.core.DaftException;
import io.daft.distributed.shuffle.MapOutputDescriptor;
import io.daft.distributed.shuffle.ShuffleFetchException;
import io.daft.distributed.shuffle.ShuffleKey;
import io.daft.distributed.tasks.ExchangeCuts;
import io.daft.distributed.tasks.StageTask;
import io.daft.distributed.tasks.TaskExecutor;
import io.daft.distributed.tasks.TaskResult;
import io.daft.execution.BatchIterators;
import io.daft.execution.Exchanges;
import io.daft.execution.MapOutput;
import io.daft.execution.QueryContext;
import io.daft.execution.stages.Stage;
import io.daft.execution.stages.StageId;
import io.daft.execution.stages.StagePlan;
import io.daft.micropartition.MicroPartition;
import io.daft.micropartition.PartitionSetRef;
import io.daft.micropartition.PartitionSets;
import io.daft.physical.Partitioning;
import io.daft.recordbatch.RecordBatch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * The cluster runner's scheduler for one query, the counterpart of the native runner's {@code LocalStages} over the
 * same {@link StagePlan}: runs the stages in dependency order, each stage's tasks spread over the workers (at most
 * a worker's slots at once), and keeps where each task's output lives. Outputs stay on the workers' disks and
 * travel between nodes only when read; the result streams to the driver partition by partition.
 *
 * <p>Faults: a task that fails because a worker was lost, or because an input it read was lost with its node, is
 * run again (on another worker when its own is gone) after re-running the map tasks whose outputs were lost
 * (lineage), up to {@code maxAttempts} per task; a task that fails for its own reasons (a type error, a limit)
 * fails the query at once with that error, naming the stage.
 */
public final class ClusterStages implements AutoCloseable {
    /** Stored in-memory partition sets are keyed above every stage id. */
    private static final int PARTITION_SET_KEYS = 1 << 24;

    private final StagePlan plan;
    private final Workers workers;
    private final String queryId;
    private final int maxAttempts;
    private final TaskDispatcher dispatcher;
    /** Per finished stage, each task's stored output, by task. */
    private final Map<StageId, MapOutputDescriptor[]> outputs = new HashMap<>();
    /** The cuts of each RANGE/ORDERED stage, kept to re-run a lost split. */
    private final Map<StageId, byte[]> cuts = new HashMap<>();
    private final Map<String, List<MapOutputDescriptor>> partitionSets = new LinkedHashMap<>();
    /** Per stage, the node each task's output was made on (for EXPLAIN ANALYZE). */
    private final Map<StageId, String[]> nodes = new HashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger reruns = new java.util.concurrent.atomic.AtomicInteger();
    /** The query on the driver: its config and statistics, workers' spilling included. */
    private final QueryContext query;
    /** Per node, the most the query had spilled there by a task's end. */
    private final Map<String, Long> spilledOnNode = new HashMap<>();
    private boolean closed;

    public ClusterStages(StagePlan plan, Workers workers, String queryId, int maxAttempts) {
        this.plan = requireNonNull(plan, "plan");
        this.workers = requireNonNull(workers, "workers");
        this.queryId = requireNonNull(queryId, "queryId");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts < 1: " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
        this.dispatcher = new TaskDispatcher(workers);
        this.query = QueryContext.start(plan.resultStage().config(), plan);
    }

    /** Runs every stage but the result stage, in dependency order. */
    public void runUpstream() {
        shipPartitionSets();
        List<Stage> stages = plan.stages();
        for (Stage s : stages.subList(0, stages.size() - 1)) {
            runStage(s);
        }
    }

    /** Runs the result stage and streams its partitions in order; call after {@link #runUpstream}. */
    public CloseableIterator<RecordBatch> streamResult() {
        Stage result = plan.resultStage();
        runStage(result);
        MapOutputDescriptor[] parts;
        synchronized (outputs) {
            parts = outputs.get(result.id());
        }
        List<Supplier<CloseableIterator<RecordBatch>>> pieces = new ArrayList<>();
        for (int p = 0; p < parts.length; p++) {
            int task = p;
            pieces.add(() -> fetchResult(result, task));
        }
        return BatchIterators.concat(pieces);
    }

    /** Runs the result stage and keeps its partitions, one per task, in order; call after {@link #runUpstream}. */
    public List<MicroPartition> collectResult() {
        Stage result = plan.resultStage();
        runStage(result);
        List<MicroPartition> out = new ArrayList<>();
        try {
            for (int p = 0; p < result.numTasks(); p++) {
                out.add(new MicroPartition(result.fragment().schema(), BatchIterators.drain(fetchResult(result, p))));
            }
        } catch (RuntimeException e) {
            out.forEach(MicroPartition::close);
            throw e;
        }
        return out;
    }

    /** How many map tasks ran again because their outputs were lost. */
    public int reruns() {
        return reruns.get();
    }

    /** The nodes the tasks of a finished stage ran on, by task. */
    public List<String> nodesOf(StageId stage) {
        synchronized (outputs) {
            String[] n = nodes.get(stage);
            return n == null ? List.of() : List.of(n);
        }
    }

    /** A result partition, re-made if the node holding it was lost before the driver read it. */
    private CloseableIterator<RecordBatch> fetchResult(Stage result, int task) {
        for (int attempt = 0; ; attempt++) {
            MapOutputDescriptor d;
            synchronized (outputs) {
                d = outputs.get(result.id())[task];
            }
            try {
                return workers.driverClient().fetch(d, 0);
            } catch (ShuffleFetchException e) {
                if (attempt + 1 >= maxAttempts) {
                    throw new DaftException(result.id() + ": the result of task " + task + " was lost " + maxAttempts
                            + " times: " + e.getMessage(), e);
                }
                rerun(d.key());
            }
        }
    }

    private void shipPartitionSets() {
        int n = 0;
        for (Stage s : plan.stages()) {
            for (PartitionSetRef ref : s.partitionSets()) {
                if (partitionSets.containsKey(ref.id())) {
                    continue;
                }
                List<MicroPartition> parts = plan.partitionSet(ref).orElseGet(() -> PartitionSets.resolve(ref));
                List<MapOutputDescriptor> stored = new ArrayList<>(parts.size());
                for (int p = 0; p < parts.size(); p++) {
                    MicroPartition copy = new MicroPartition(ref.schema(), BatchIterators.drain(parts.get(p).stream()));
                    try (MapOutput one = new MapOutput(List.of(copy))) {
                        stored.add(workers.driverStore().put(new ShuffleKey(queryId, new StageId(PARTITION_SET_KEYS + n), p), one));
                    }
                }
                partitionSets.put(ref.id(), stored);
                n++;
            }
        }
    }

    /** Runs all tasks of a stage whose inputs are ready and records where their outputs are. */
    private void runStage(Stage s) {
        int n = s.numTasks();
        MapOutputDescriptor[] out = new MapOutputDescriptor[n];
        String[] ranOn = new String[n];
        Partitioning spec = s.output().partitioning().orElse(null);
        if (spec != null && Exchanges.needsCuts(spec)) {
            List<CompletableFuture<Placed>> buffered = new ArrayList<>();
            for (int t = 0; t < n; t++) {
                int task = t;
                buffered.add(dispatcher.run(w -> attempt(s, task, StageTask.Step.BUFFER, Optional.empty(), w)));
            }
            long[] counts = new long[n];
            List<Optional<byte[]>> samples = new ArrayList<>(n);
            List<Workers.Worker> holders = new ArrayList<>(n);
            for (int t = 0; t < n; t++) {
                Placed p = await(s, t, buffered.get(t));
                counts[t] = p.result.rowCount();
                samples.add(p.result.sample());
                holders.add(p.worker);
            }
            byte[] c = ExchangeCuts.cuts(spec, s.fragment().schema(), counts, samples);
            synchronized (outputs) {
                cuts.put(s.id(), c);
            }
            List<CompletableFuture<Placed>> split = new ArrayList<>();
            for (int t = 0; t < n; t++) {
                int task = t;
                Workers.Worker holder = holders.get(t);
                // the buffered rows are on their worker: split there, or buffer again wherever there is room
                split.add(dispatcher.runOn(holder, w -> attempt(s, task, StageTask.Step.SPLIT, Optional.of(c), w))
                        .exceptionallyCompose(e -> dispatcher.run(w -> bufferAndSplit(s, task, c, w))));
            }
            for (int t = 0; t < n; t++) {
                Placed p = await(s, t, split.get(t));
                out[t] = p.result.output().orElseThrow();
                ranOn[t] = p.result.nodeId();
            }
        } else {
            List<CompletableFuture<Placed>> running = new ArrayList<>();
            for (int t = 0; t < n; t++) {
                int task = t;
                running.add(dispatcher.run(w -> attempt(s, task, StageTask.Step.RUN, Optional.empty(), w)));
            }
            for (int t = 0; t < n; t++) {
                Placed p = await(s, t, running.get(t));
                out[t] = p.result.output().orElseThrow();
                ranOn[t] = p.result.nodeId();
            }
        }
        synchronized (outputs) {
            outputs.put(s.id(), out);
            nodes.put(s.id(), ranOn);
        }
    }

    /** A task's result and the worker that made it. */
    private record Placed(Workers.Worker worker, TaskResult result) {
    }

    private Placed bufferAndSplit(Stage s, int task, byte[] c, Workers.Worker w) {
        attempt(s, task, StageTask.Step.BUFFER, Optional.empty(), w);
        return attempt(s, task, StageTask.Step.SPLIT, Optional.of(c), w);
    }

    /**
     * Runs one step of a task on {@code worker} (blocking its dispatcher thread), re-running lost inputs and
     * retrying when the failure was the cluster's, not the task's.
     */
    private Placed attempt(Stage s, int task, StageTask.Step step, Optional<byte[]> c, Workers.Worker worker) {
        Workers.Worker on = worker;
        for (int attempt = 0; ; attempt++) {
            StageTask t = new StageTask(queryId, s, task, attempt, step, inputsOf(s), partitionSets, c);
            try {
                TaskResult r = workers.submit(on, t).get();
                synchronized (spilledOnNode) {
                    spilledOnNode.merge(r.nodeId(), r.querySpilledOnNode(), Math::max);
                }
                return new Placed(on, r);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DaftException("query cancelled while running " + t, e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                Optional<ShuffleFetchException> lostInput = find(cause, ShuffleFetchException.class);
                boolean lostState = find(cause, TaskExecutor.TaskInputLostException.class).isPresent();
                boolean lostWorker = !workers.live().contains(on);
                if (lostInput.isEmpty() && !lostState && !lostWorker && !workers.isClusterFailure(cause)) {
                    throw failure(s, task, cause);
                }
                if (attempt + 1 >= maxAttempts || (lostState && step == StageTask.Step.SPLIT)) {
                    if (lostState) {
                        throw new TaskExecutor.TaskInputLostException(t + ": " + cause.getMessage());
                    }
                    throw new DaftException(s.id() + ": task " + task + " failed " + maxAttempts + " times; last: " + cause, cause);
                }
                lostInput.ifPresent(f -> rerun(f.key()));
                if (lostWorker) {
                    on = dispatcher.anyLive();
                }
            }
        }
    }

    /** Re-makes a lost stored output by running the map task that made it again, on a live worker. */
    private void rerun(ShuffleKey key) {
        reruns.incrementAndGet();
        Stage s = plan.stage(key.stage());
        int task = key.mapTask();
        Optional<byte[]> c;
        synchronized (outputs) {
            c = Optional.ofNullable(cuts.get(s.id()));
        }
        // outside the slot limits: the task waiting for it holds a slot, and all of them might be waiting
        Placed p = await(s, task, dispatcher.runUnbounded(w -> c.isPresent()
                ? bufferAndSplit(s, task, c.get(), w)
                : attempt(s, task, StageTask.Step.RUN, Optional.empty(), w)));
        synchronized (outputs) {
            outputs.get(s.id())[task] = p.result.output().orElseThrow();
            nodes.get(s.id())[task] = p.result.nodeId();
        }
    }

    private Map<StageId, List<MapOutputDescriptor>> inputsOf(Stage s) {
        Map<StageId, List<MapOutputDescriptor>> in = new HashMap<>();
        synchronized (outputs) {
            for (StageId id : s.inputs()) {
                MapOutputDescriptor[] o = outputs.get(id);
                if (o == null) {
                    throw new IllegalStateException(s.id() + " reads " + id + ", which has not run");
                }
                in.put(id, List.of(o));
            }
        }
        return in;
    }

    private Placed await(Stage s, int task, CompletableFuture<Placed> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DaftException("query cancelled while waiting for " + s.id() + " task " + task, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw failure(s, task, cause);
        }
    }

    private static RuntimeException failure(Stage s, int task, Throwable cause) {
        Optional<DaftException> own = find(cause, DaftException.class);
        if (own.isPresent()) {
            return own.get();
        }
        return new DaftException(s.id() + " task " + task + " failed: " + cause, cause);
    }

    private static <T extends Throwable> Optional<T> find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return Optional.of(type.cast(c));
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return Optional.empty();
    }

    /** Ends the query on every worker: their stored outputs and state go; then the driver's shipped sets. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        dispatcher.close();
        try {
            workers.endQuery(queryId);
            workers.driverStore().removeQuery(queryId);
        } finally {
            synchronized (spilledOnNode) {
                query.spill().countSpilledElsewhere(spilledOnNode.values().stream().mapToLong(Long::longValue).sum());
            }
            query.close();
        }
    }
}
