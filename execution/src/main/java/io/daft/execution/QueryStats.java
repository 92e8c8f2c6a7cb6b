package io.daft.execution;

import io.daft.core.CloseableIterator;
import io.daft.memory.MemoryLimits;
import io.daft.execution.stages.Stage;
import io.daft.execution.stages.StageId;
import io.daft.execution.stages.StagePlan;
import io.daft.physical.PhysicalPlan;
import io.daft.recordbatch.BufferedBatchIterator;
import io.daft.recordbatch.RecordBatch;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Statistics of one query run, per plan node ({@link OperatorStats}), for EXPLAIN ANALYZE: the runner's pipelines
 * report every batch a node produces through {@link #track}; operators report memory and spilling.
 */
public final class QueryStats {
    private final Optional<StagePlan> plan;
    private final Map<PhysicalPlan, OperatorStats> operators = new IdentityHashMap<>();
    private final Map<StageId, Long> stageNanos = new java.util.concurrent.ConcurrentHashMap<>();
    private final long startNanos = System.nanoTime();
    private volatile long endNanos;

    /** Statistics of a run of {@code plan}'s stages (empty when an operator runs outside a stage plan, in tests). */
    public QueryStats(Optional<StagePlan> plan) {
        this.plan = requireNonNull(plan, "plan");
    }

    /** Records that stage {@code id} ran (all its tasks) in {@code nanos} of wall time. */
    public void stageRan(StageId id, long nanos) {
        stageNanos.merge(id, nanos, Long::sum);
    }

    /** The statistics of {@code node} (made on first use). */
    public OperatorStats of(PhysicalPlan node) {
        synchronized (operators) {
            return operators.computeIfAbsent(node, n -> new OperatorStats());
        }
    }

    /**
     * Opens one task of {@code node} with {@code open} and counts the batches it produces and the time spent
     * opening and pulling them.
     */
    public CloseableIterator<RecordBatch> track(PhysicalPlan node, Supplier<CloseableIterator<RecordBatch>> open) {
        OperatorStats stats = of(node);
        stats.taskStarted();
        long t0 = System.nanoTime();
        CloseableIterator<RecordBatch> input = open.get();
        stats.spent(System.nanoTime() - t0);
        return new BufferedBatchIterator() {
            @Override
            protected RecordBatch computeNext() {
                long t = System.nanoTime();
                boolean more = input.hasNext();
                RecordBatch b = more ? input.next() : null;
                long elapsed = System.nanoTime() - t;
                if (b != null) {
                    stats.produced(b.rowCount(), elapsed);
                } else {
                    stats.spent(elapsed);
                }
                return b;
            }

            @Override
            protected void closeSources() {
                input.close();
            }
        };
    }

    /** Marks the query's end (its output fully read, or abandoned). */
    void finished() {
        if (endNanos == 0) {
            endNanos = System.nanoTime();
        }
    }

    /** Wall time from the start to {@link #finished} (or now). */
    public long wallNanos() {
        long end = endNanos;
        return (end == 0 ? System.nanoTime() : end) - startNanos;
    }

    /**
     * The physical plan with each node's statistics, then the query's totals: EXPLAIN ANALYZE's text.
     * {@code peakMemory} and {@code spilled} are the query's, from its memory pool and spill space.
     */
    public String render(long peakMemory, long limit, long spilled, long spillFiles) {
        StringBuilder sb = new StringBuilder("== Physical Plan (analyzed), by stage ==\n");
        if (plan.isEmpty()) {
            sb.append("(no stage plan)\n");
        }
        for (Stage stage : plan.map(StagePlan::stages).orElse(List.of())) {
            Long nanos = stageNanos.get(stage.id());
            sb.append(String.format(Locale.ROOT, "%s -> %s: %d tasks, %s%n", capitalized(stage.id().toString()),
                    stage.output(), stage.numTasks(), nanos == null ? "not run" : millis(nanos)));
            append(sb, stage.fragment(), "", true, true);
        }
        sb.append(String.format(Locale.ROOT, "query: %s wall, peak memory %s of memory_limit %s, spilled %s in %d files%n",
                millis(wallNanos()), MemoryLimits.format(peakMemory), MemoryLimits.format(limit), MemoryLimits.format(spilled), spillFiles));
        return sb.toString();
    }

    private void append(StringBuilder sb, PhysicalPlan node, String indent, boolean last, boolean root) {
        sb.append(indent);
        if (!root) {
            sb.append(last ? "└─ " : "├─ ");
        }
        sb.append(node.describe()).append("  [partitions=").append(node.numPartitions()).append("]");
        OperatorStats s;
        synchronized (operators) {
            s = operators.get(node);
        }
        if (s == null) {
            sb.append("  (not run)");
        } else {
            long self = s.nanos();
            for (PhysicalPlan c : node.children()) {
                OperatorStats cs;
                synchronized (operators) {
                    cs = operators.get(c);
                }
                if (cs != null && inPipeline(node, c)) {
                    self -= cs.nanos();
                }
            }
            sb.append(String.format(Locale.ROOT, "  (rows=%d, batches=%d, tasks=%d, time=%s, self=%s",
                    s.rows(), s.batches(), s.tasks(), millis(s.nanos()), millis(Math.max(0, self))));
            if (s.peakMemory() > 0) {
                sb.append(", peak memory=").append(MemoryLimits.format(s.peakMemory()));
            }
            if (s.spilledBytes() > 0) {
                sb.append(", spilled=").append(MemoryLimits.format(s.spilledBytes()));
            }
            sb.append(")");
        }
        sb.append('\n');
        List<PhysicalPlan> cs = node.children();
        String childIndent = root ? "" : indent + (last ? "   " : "│  ");
        for (int i = 0; i < cs.size(); i++) {
            append(sb, cs.get(i), childIndent, i == cs.size() - 1, false);
        }
    }

    /** Whether {@code child} runs inside {@code node}'s tasks (not in a stage of its own before them). */
    private static boolean inPipeline(PhysicalPlan node, PhysicalPlan child) {
        if (node instanceof io.daft.physical.Exchange) {
            return false;
        }
        if (node instanceof io.daft.physical.HashJoinPlan) {
            io.daft.physical.HashJoinPlan j = (io.daft.physical.HashJoinPlan) node;
            if (j.strategy() == io.daft.physical.HashJoinPlan.Strategy.BROADCAST_LEFT) {
                return child != j.left();
            }
            if (j.strategy() == io.daft.physical.HashJoinPlan.Strategy.BROADCAST_RIGHT) {
                return child != j.right();
            }
        }
        return true;
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
}
