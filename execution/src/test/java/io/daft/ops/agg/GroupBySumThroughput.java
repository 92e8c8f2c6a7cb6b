package io.daft.ops.agg;

import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.dsl.AggOp;
import io.daft.memory.Memory;
import io.daft.ops.TestData;
import io.daft.recordbatch.RecordBatch;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Throughput check (not a test): group-by-sum of 10M rows fed as 64K-row batches, for several key shapes:
 * {@code str50} (50 distinct UTF8 keys), {@code i64} (100K distinct INT64 keys), {@code i32x2} (two INT32 key
 * columns, ~100K combinations). Reports CPU time of this thread (the machine is shared: wall time mostly
 * measures the other tenants). Run:
 * java -cp <test classpath> -Darrow.enable_unsafe_memory_access=true io.daft.ops.agg.GroupBySumThroughput [rows] [shape...]
 */
public final class GroupBySumThroughput {
    private static final int BATCH_ROWS = 65_536;
    private static final int ROUNDS = 5;

    private GroupBySumThroughput() {
    }

    public static void main(String[] args) {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
        List<String> shapes = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            shapes.add(args[i]);
        }
        if (shapes.isEmpty()) {
            shapes = List.of("str50", "i64", "i32x2");
        }
        for (String shape : shapes) {
            run(shape, total);
        }
        System.out.println("arrow bytes still allocated: " + Memory.allocatedBytes());
    }

    private static void run(String shape, int total) {
        Schema schema;
        int[] groupCols;
        switch (shape) {
            case "str50":
                schema = Schema.of(Field.of("k", DataType.UTF8), Field.of("v", DataType.INT64));
                groupCols = new int[] {0};
                break;
            case "i64":
                schema = Schema.of(Field.of("k", DataType.INT64), Field.of("v", DataType.INT64));
                groupCols = new int[] {0};
                break;
            case "i32x2":
                schema = Schema.of(Field.of("a", DataType.INT32), Field.of("b", DataType.INT32), Field.of("v", DataType.INT64));
                groupCols = new int[] {0, 1};
                break;
            default:
                throw new IllegalArgumentException("unknown shape " + shape + " (str50, i64, i32x2)");
        }
        int valueCol = schema.size() - 1;
        Random rnd = new Random(1);
        List<RecordBatch> pool = new ArrayList<>();
        for (int b = 0; b < 8; b++) {
            List<Object[]> cols = new ArrayList<>();
            for (int c = 0; c < schema.size(); c++) {
                cols.add(new Object[BATCH_ROWS]);
            }
            for (int i = 0; i < BATCH_ROWS; i++) {
                switch (shape) {
                    case "str50":
                        cols.get(0)[i] = "customer-segment-" + rnd.nextInt(50);
                        break;
                    case "i64":
                        cols.get(0)[i] = rnd.nextInt(100_000) * 1_000_003L - 7_000_000_000L;
                        break;
                    default:
                        cols.get(0)[i] = (long) rnd.nextInt(100);
                        cols.get(1)[i] = (long) rnd.nextInt(1000) * 17 - 5000;
                }
                cols.get(valueCol)[i] = (long) rnd.nextInt(1_000_000);
            }
            pool.add(TestData.batch(schema, cols, 0, BATCH_ROWS));
        }
        List<AggSpec> aggs = List.of(new AggSpec(AggOp.SUM, valueCol, "s", DataType.INT64));
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double best = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long t0 = System.nanoTime();
            long c0 = mx.getCurrentThreadCpuTime();
            int fed = 0;
            try (HashAggregator agg = new HashAggregator(schema, groupCols, aggs, AggMode.SINGLE)) {
                for (int i = 0; fed < total; i++) {
                    RecordBatch b = pool.get(i % pool.size());
                    int n = Math.min(BATCH_ROWS, total - fed);
                    if (n == BATCH_ROWS) {
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
                    best = Math.max(best, fed / cpu);
                    System.out.printf("%s round %d: %d rows, %d groups, wall %.3f s (%.1f M rows/s), cpu %.3f s (%.1f M rows/s)%n",
                            shape, round, fed, out.rowCount(), secs, fed / secs / 1e6, cpu, fed / cpu / 1e6);
                }
            }
        }
        System.out.printf("%s best: %.1f M rows/s (cpu)%n", shape, best / 1e6);
        pool.forEach(RecordBatch::close);
    }
}
