package io.daft.ops.agg;

import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.dsl.AggOp;
import io.daft.memory.Memory;
import io.daft.ops.TestData;
import io.daft.recordbatch.RecordBatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Throughput check (not a test): group-by-sum of 10M rows over 50 distinct string keys, fed as 64K-row batches.
 * Run: java -cp <test classpath> -Darrow.enable_unsafe_memory_access=true io.daft.ops.agg.GroupBySumThroughput
 */
public final class GroupBySumThroughput {
    private GroupBySumThroughput() {
    }

    public static void main(String[] args) {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
        int batchRows = 65_536;
        Schema schema = Schema.of(Field.of("k", DataType.UTF8), Field.of("v", DataType.INT64));
        Random rnd = new Random(1);
        List<RecordBatch> pool = new ArrayList<>();
        for (int b = 0; b < 8; b++) {
            Object[] keys = new Object[batchRows];
            Object[] vals = new Object[batchRows];
            for (int i = 0; i < batchRows; i++) {
                keys[i] = "customer-segment-" + rnd.nextInt(50);
                vals[i] = (long) rnd.nextInt(1_000_000);
            }
            pool.add(TestData.batch(schema, List.of(keys, vals), 0, batchRows));
        }
        List<AggSpec> aggs = List.of(new AggSpec(AggOp.SUM, 1, "s", DataType.INT64));
        for (int round = 0; round < 5; round++) {
            java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
            long t0 = System.nanoTime();
            long c0 = mx.getCurrentThreadCpuTime();
            int fed = 0;
            try (HashAggregator agg = new HashAggregator(schema, new int[] {0}, aggs, AggMode.SINGLE)) {
                for (int i = 0; fed < total; i++) {
                    RecordBatch b = pool.get(i % pool.size());
                    int n = Math.min(batchRows, total - fed);
                    if (n == batchRows) {
                        agg.add(b);
                    } else {
                        try (RecordBatch s = b.slice(0, n)) {
                            agg.add(s);
                        }
                    }
                    fed += n;
                }
                try (RecordBatch out = agg.finish()) {
                    double secs = (System.nanoTime() - t0) / 1e9;
                    double cpu = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
                    // CPU time too: on a shared machine wall time mostly measures the other tenants
                    System.out.printf("round %d: %d rows, %d groups, wall %.3f s (%.1f M rows/s), cpu %.3f s (%.1f M rows/s)%n",
                            round, fed, out.rowCount(), secs, fed / secs / 1e6, cpu, fed / cpu / 1e6);
                }
            }
        }
        pool.forEach(RecordBatch::close);
        System.out.println("arrow bytes still allocated: " + Memory.allocatedBytes());
    }
}
