package io.daft.engine;

import io.daft.Daft;
import io.daft.DataFrame;
import io.daft.config.ExecutionConfig;
import io.daft.core.CloseableIterator;
import io.daft.execution.PartitionPipeline;
import io.daft.execution.QueryContext;
import io.daft.execution.StageInputs;
import io.daft.ops.join.JoinHashTable;
import io.daft.physical.Exchange;
import io.daft.physical.HashJoinPlan;
import io.daft.physical.PhysicalPlan;
import io.daft.recordbatch.RecordBatch;
import io.daft.recordbatch.Values;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs a single-stage plan (no exchange) through a {@link PartitionPipeline} under a {@link QueryContext} made
 * here, so tests can read what the query spilled and its peak reservation (until EXPLAIN ANALYZE reports them).
 */
final class OperatorRun {
    final List<List<Object>> rows;
    final long bytesSpilled;
    final long peak;
    final long limit;
    final long inputBytes;

    private OperatorRun(List<List<Object>> rows, long bytesSpilled, long peak, long limit, long inputBytes) {
        this.rows = rows;
        this.bytesSpilled = bytesSpilled;
        this.peak = peak;
        this.limit = limit;
        this.inputBytes = inputBytes;
    }

    /** Runs {@code df}'s physical plan (planned with {@code config}, which must give a single stage). */
    static OperatorRun run(DataFrame df, ExecutionConfig config) {
        Daft.setExecutionConfig(config);
        PhysicalPlan plan = df.physicalPlan();
        assertTrue(!hasExchange(plan), "test plan must be one stage:\n" + plan);
        long inputBytes = 0;
        for (PhysicalPlan leaf = plan; !leaf.children().isEmpty(); ) {
            leaf = leaf.children().get(0);
            if (leaf.children().isEmpty()) {
                inputBytes = scannedBytes(leaf, config);
            }
        }
        try (QueryContext query = QueryContext.start(config)) {
            PartitionPipeline pipeline = new PartitionPipeline(NO_INPUTS, query);
            List<List<Object>> rows = new ArrayList<>();
            for (int p = 0; p < plan.numPartitions(); p++) {
                try (CloseableIterator<RecordBatch> it = pipeline.open(plan, p)) {
                    while (it.hasNext()) {
                        try (RecordBatch b = it.next()) {
                            for (int r = 0; r < b.rowCount(); r++) {
                                List<Object> row = new ArrayList<>(b.numColumns());
                                for (int c = 0; c < b.numColumns(); c++) {
                                    row.add(Values.get(b.column(c), r));
                                }
                                rows.add(row);
                            }
                        }
                    }
                }
            }
            return new OperatorRun(rows, query.spill().bytesSpilled(), query.memory().peak(), query.memory().limit(), inputBytes);
        }
    }

    /** In-memory bytes of every batch the leaf produces. */
    private static long scannedBytes(PhysicalPlan leaf, ExecutionConfig config) {
        long bytes = 0;
        try (QueryContext query = QueryContext.start(config)) {
            PartitionPipeline pipeline = new PartitionPipeline(NO_INPUTS, query);
            for (int p = 0; p < leaf.numPartitions(); p++) {
                try (CloseableIterator<RecordBatch> it = pipeline.open(leaf, p)) {
                    while (it.hasNext()) {
                        try (RecordBatch b = it.next()) {
                            bytes += b.sizeBytes();
                        }
                    }
                }
            }
        }
        return bytes;
    }

    private static boolean hasExchange(PhysicalPlan plan) {
        if (plan instanceof Exchange) {
            return true;
        }
        for (PhysicalPlan c : plan.children()) {
            if (hasExchange(c)) {
                return true;
            }
        }
        return false;
    }

    /** Every regular file left under {@code dir} (spill files of ended queries must be gone). */
    static List<Path> filesUnder(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final StageInputs NO_INPUTS = new StageInputs() {
        @Override
        public CloseableIterator<RecordBatch> stageOutput(io.daft.execution.stages.StageId stage, int partition) {
            throw new IllegalStateException("no exchanges in a one-stage plan");
        }

        @Override
        public CloseableIterator<RecordBatch> inMemory(io.daft.micropartition.PartitionSetRef set, int partition) {
            throw new IllegalStateException("no in-memory inputs in a one-stage plan");
        }

        @Override
        public io.daft.ops.join.JoinBuild broadcastBuild(HashJoinPlan join) {
            throw new IllegalStateException("no broadcast joins in a one-stage plan");
        }
    };
}
