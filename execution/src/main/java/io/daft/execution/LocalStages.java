package io.daft.execution;

import io.daft.core.CloseableIterator;
import io.daft.core.Schema;
import io.daft.execution.stages.Stage;
import io.daft.execution.stages.StageId;
import io.daft.execution.stages.StagePlan;
import io.daft.execution.stages.StageRead;
import io.daft.micropartition.MicroPartition;
import io.daft.micropartition.PartitionSetRef;
import io.daft.micropartition.PartitionSets;
import io.daft.ops.join.JoinBuild;
import io.daft.physical.HashJoinPlan;
import io.daft.physical.PhysicalPlan;
import io.daft.recordbatch.RecordBatch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * The native runner's scheduler for one query: runs the stages of a {@link StagePlan} in dependency order, each
 * stage's tasks in parallel, keeps their outputs (exchange map outputs, broadcast builds) for the stages that
 * read them, and releases each output as soon as the last stage reading it is done. Owns the query's context.
 */
final class LocalStages implements StageInputs, AutoCloseable {
    private final StagePlan plan;
    private final QueryContext query;
    private final Exchanges.Parallel parallel;
    private final PartitionPipeline pipeline;
    private final Map<StageId, List<MapOutput>> exchanges = new ConcurrentHashMap<>();
    private final Map<StageId, JoinBuild> tables = new ConcurrentHashMap<>();
    /** Per stage with an output: how many stages reading it have not finished. */
    private final Map<StageId, Integer> readersLeft = new HashMap<>();
    private boolean closed;
    /** When the result stage started (after the upstream stages), for its time in EXPLAIN ANALYZE; 0 before. */
    private long resultStarted;

    LocalStages(StagePlan plan, QueryContext query, Exchanges.Parallel parallel) {
        this.plan = requireNonNull(plan, "plan");
        this.query = requireNonNull(query, "query");
        this.parallel = requireNonNull(parallel, "parallel");
        this.pipeline = new PartitionPipeline(this, query);
        for (Stage s : plan.stages()) {
            for (StageId in : s.inputs()) {
                readersLeft.merge(in, 1, Integer::sum);
            }
        }
    }

    StagePlan plan() {
        return plan;
    }

    QueryContext query() {
        return query;
    }

    PartitionPipeline pipeline() {
        return pipeline;
    }

    /** Runs every stage but the result stage, in dependency order. */
    void runUpstream() {
        List<Stage> stages = plan.stages();
        for (Stage s : stages.subList(0, stages.size() - 1)) {
            run(s);
        }
        resultStarted = System.nanoTime();
    }

    /** Runs one stage whose inputs are ready, keeps its output and releases the inputs no later stage reads. */
    void run(Stage s) {
        long t0 = System.nanoTime();
        PhysicalPlan fragment = s.fragment();
        switch (s.output().kind()) {
            case EXCHANGE:
                exchanges.put(s.id(), Exchanges.run(s.output().partitioning().orElseThrow(), fragment.schema(),
                        s.numTasks(), p -> pipeline.open(fragment, p), parallel, query));
                break;
            case BROADCAST:
                tables.put(s.id(), broadcast(s));
                break;
            default:
                throw new IllegalArgumentException(s.id() + " is the result stage: stream or collect it");
        }
        query.stats().stageRan(s.id(), System.nanoTime() - t0);
        finished(s);
    }

    /** Runs the result stage to completion, keeping its partitions; releases its inputs. */
    List<MicroPartition> collectResult() {
        Stage s = plan.resultStage();
        Schema schema = s.fragment().schema();
        List<MicroPartition> out = parallel.run(s.numTasks(),
                p -> new MicroPartition(schema, BatchIterators.drain(pipeline.open(s.fragment(), p))));
        finished(s);
        return out;
    }

    /** Releases the outputs of the stages {@code s} read that no unfinished stage reads. */
    synchronized void finished(Stage s) {
        for (StageId in : s.inputs()) {
            int left = readersLeft.merge(in, -1, Integer::sum);
            if (left == 0) {
                release(in);
            }
        }
    }

    private void release(StageId id) {
        List<MapOutput> maps = exchanges.remove(id);
        if (maps != null) {
            maps.forEach(MapOutput::close);
        }
        JoinBuild table = tables.remove(id);
        if (table != null) {
            table.close();
        }
    }

    /** Whether the output of stage {@code id} is held (for tests of its release). */
    boolean holds(StageId id) {
        return exchanges.containsKey(id) || tables.containsKey(id);
    }

    /**
     * Runs a broadcast stage's tasks and builds the join that reads it: a hash table, or hash buckets on disk when
     * the build side turns out larger than memory ({@link HashJoins#broadcastBuild}).
     */
    private JoinBuild broadcast(Stage s) {
        HashJoinPlan join = joinReading(s.id());
        return HashJoins.broadcastBuild(join, p -> pipeline.open(s.fragment(), p), parallel, query);
    }

    /** The broadcast join whose build side is stage {@code id}'s output. */
    private HashJoinPlan joinReading(StageId id) {
        for (Stage consumer : plan.consumers(id)) {
            HashJoinPlan j = findJoin(consumer.fragment(), id);
            if (j != null) {
                return j;
            }
        }
        throw new IllegalStateException("no broadcast join reads " + id);
    }

    private static HashJoinPlan findJoin(PhysicalPlan node, StageId id) {
        if (node instanceof HashJoinPlan && ((HashJoinPlan) node).strategy().broadcast()
                && StageRead.broadcastStage((HashJoinPlan) node).equals(id)) {
            return (HashJoinPlan) node;
        }
        for (PhysicalPlan c : node.children()) {
            HashJoinPlan j = findJoin(c, id);
            if (j != null) {
                return j;
            }
        }
        return null;
    }

    @Override
    public CloseableIterator<RecordBatch> stageOutput(StageId stage, int partition) {
        List<MapOutput> maps = exchanges.get(stage);
        if (maps == null) {
            throw new IllegalStateException(stage + " has no output here (not run, or already released): "
                    + plan.stage(stage).output());
        }
        return Exchanges.reduce(maps, partition);
    }

    @Override
    public CloseableIterator<RecordBatch> inMemory(PartitionSetRef set, int partition) {
        List<MicroPartition> parts = plan.partitionSet(set).orElseGet(() -> PartitionSets.resolve(set));
        return parts.get(partition).stream();
    }

    @Override
    public JoinBuild broadcastBuild(HashJoinPlan join) {
        StageId id = StageRead.broadcastStage(join);
        JoinBuild t = tables.get(id);
        if (t == null) {
            throw new IllegalStateException("broadcast side not built: " + join.describe() + " (" + id + ")");
        }
        return t;
    }

    /** Releases every output still held and ends the query (its spill folder removed). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (resultStarted != 0) {
            // streamed or collected: the result stage lasted until its output was read or abandoned
            query.stats().stageRan(plan.resultStage().id(), System.nanoTime() - resultStarted);
        }
        for (StageId id : new ArrayList<>(readersLeft.keySet())) {
            release(id);
        }
        query.close();
    }

    @Override
    public String toString() {
        return "LocalStages[" + plan.stages().size() + " stages, " + query + "]";
    }
}
