package io.daft.execution;

import io.daft.core.CloseableIterator;
import io.daft.core.Schema;
import io.daft.memory.MemoryReservation;
import io.daft.micropartition.MicroPartition;
import io.daft.micropartition.PartitionBuilder;
import io.daft.ops.hash.Partitioner;
import io.daft.ops.sort.Sorter;
import io.daft.physical.Exchange;
import io.daft.physical.Partitioning;
import io.daft.physical.PhysicalPlan;
import io.daft.recordbatch.RecordBatch;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Executes an {@link Exchange} in memory: runs every input partition and lays the rows out over the output
 * partitions as the partitioning says.
 */
final class Exchanges {
    /** Sampled rows per input partition when choosing range boundaries. */
    private static final int SAMPLES_PER_PARTITION = 256;

    private Exchanges() {
    }

    /** Runs tasks in parallel and returns their results in order. */
    interface Parallel {
        <T> List<T> run(int n, IntFunction<T> task);
    }

    /** Opens partition i of a plan node. */
    interface Opener {
        CloseableIterator<RecordBatch> open(PhysicalPlan node, int partition);
    }

    static List<MicroPartition> run(Exchange e, Opener opener, Parallel parallel, QueryContext query) {
        PhysicalPlan input = e.child();
        Partitioning spec = e.partitioning();
        Schema schema = input.schema();
        int n = spec.numPartitions();
        int m = input.numPartitions();
        String what = "Exchange " + spec.kind().name().toLowerCase(java.util.Locale.ROOT);
        try (MemoryReservation reservation = query.reserve(e, what, true)) {
            List<PartitionBuilder> buckets = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                buckets.add(new PartitionBuilder(schema, reservation, query.memory(), query.spill(), what));
            }
            try {
                fill(spec, input, schema, n, m, opener, parallel, buckets);
            } catch (RuntimeException ex) {
                buckets.forEach(PartitionBuilder::discard);
                throw ex;
            }
            List<MicroPartition> out = new ArrayList<>(n);
            try {
                for (PartitionBuilder b : buckets) {
                    out.add(b.build());
                }
            } catch (RuntimeException ex) {
                out.forEach(MicroPartition::close);
                throw ex;
            }
            return out;
        }
    }

    private static void fill(Partitioning spec, PhysicalPlan input, Schema schema, int n, int m, Opener opener,
                             Parallel parallel, List<PartitionBuilder> buckets) {
        switch (spec.kind()) {
            case HASH: {
                int[] keys = schema.indicesOf(spec.keys());
                scatter(m, p -> opener.open(input, p), buckets, (b, p) -> Partitioner.partitionByHash(b, keys, n), parallel);
                break;
            }
            case RANDOM:
                scatter(m, p -> opener.open(input, p), buckets, (b, p) -> Partitioner.partitionRandom(b, n, p), parallel);
                break;
            case ORDERED:
            case RANGE: {
                // both need every input row first: to count rows, or to sample range boundaries
                List<List<RecordBatch>> in = parallel.run(m, p -> BatchIterators.drain(opener.open(input, p)));
                try {
                    if (spec.kind() == Partitioning.Kind.ORDERED) {
                        ordered(in, buckets);
                    } else {
                        int[] keys = schema.indicesOf(spec.keys());
                        try (RecordBatch boundaries = boundaries(in, schema, keys, spec, n)) {
                            scatter(m, p -> BatchIterators.of(shareAll(in.get(p))), buckets,
                                    (b, p) -> Partitioner.partitionByRange(b, keys, spec.descending(), spec.nullsFirst(), boundaries), parallel);
                        }
                    }
                } finally {
                    for (List<RecordBatch> part : in) {
                        part.forEach(RecordBatch::close);
                    }
                }
                break;
            }
            default:
                throw new AssertionError(spec.kind());
        }
    }

    private static List<RecordBatch> shareAll(List<RecordBatch> batches) {
        List<RecordBatch> out = new ArrayList<>(batches.size());
        for (RecordBatch b : batches) {
            out.add(b.share());
        }
        return out;
    }

    private interface Splitter {
        RecordBatch[] split(RecordBatch batch, int inputPartition);
    }

    /**
     * Streams every input partition (in parallel), splitting each batch as it arrives, and appends the pieces
     * to their buckets in input-partition order. On failure every piece made so far is released.
     */
    private static void scatter(int m, java.util.function.IntFunction<CloseableIterator<RecordBatch>> open,
                                List<PartitionBuilder> buckets, Splitter splitter, Parallel parallel) {
        parallel.run(m, p -> {
            try (CloseableIterator<RecordBatch> it = open.apply(p)) {
                while (it.hasNext()) {
                    RecordBatch[] split;
                    try (RecordBatch b = it.next()) {
                        split = splitter.split(b, p);
                    }
                    for (int i = 0; i < split.length; i++) {
                        try {
                            buckets.get(i).add(split[i]);
                        } catch (RuntimeException e) {
                            for (int j = i + 1; j < split.length; j++) {
                                split[j].close();
                            }
                            throw e;
                        }
                    }
                }
            }
            return null;
        });
    }

    /** Cuts the rows, in order, into as equal contiguous runs as the counts allow. */
    private static void ordered(List<List<RecordBatch>> in, List<PartitionBuilder> buckets) {
        long total = 0;
        for (List<RecordBatch> part : in) {
            for (RecordBatch b : part) {
                total += b.rowCount();
            }
        }
        int n = buckets.size();
        long base = total / n;
        long extra = total % n;
        int bucket = 0;
        long room = base + (extra > 0 ? 1 : 0);
        for (List<RecordBatch> part : in) {
            for (RecordBatch b : part) {
                int offset = 0;
                while (offset < b.rowCount()) {
                    while (room == 0 && bucket < n - 1) {
                        bucket++;
                        room = base + (bucket < extra ? 1 : 0);
                    }
                    int take = (int) Math.min(room == 0 ? Long.MAX_VALUE : room, b.rowCount() - offset);
                    buckets.get(bucket).add(b.slice(offset, take));
                    offset += take;
                    room -= Math.min(room, take);
                }
            }
        }
    }

    /** n-1 boundary rows of the key columns, from evenly spaced samples of every input partition. */
    private static RecordBatch boundaries(List<List<RecordBatch>> in, Schema schema, int[] keys, Partitioning spec, int n) {
        List<RecordBatch> samples = new ArrayList<>();
        try {
            for (List<RecordBatch> part : in) {
                long rows = 0;
                for (RecordBatch b : part) {
                    rows += b.rowCount();
                }
                if (rows == 0) {
                    continue;
                }
                long step = Math.max(1, rows / SAMPLES_PER_PARTITION);
                long next = step / 2;
                long seen = 0;
                for (RecordBatch b : part) {
                    List<Integer> picks = new ArrayList<>();
                    while (next < seen + b.rowCount()) {
                        picks.add((int) (next - seen));
                        next += step;
                    }
                    seen += b.rowCount();
                    if (!picks.isEmpty()) {
                        int[] idx = picks.stream().mapToInt(Integer::intValue).toArray();
                        try (RecordBatch keyCols = b.select(keys)) {
                            samples.add(keyCols.take(idx, idx.length));
                        }
                    }
                }
            }
            int[] sampleKeys = new int[keys.length];
            for (int i = 0; i < keys.length; i++) {
                sampleKeys[i] = i;
            }
            Schema keySchema = keySchema(schema, keys);
            try (RecordBatch sorted = Sorter.sort(samples, keySchema, sampleKeys, spec.descending(), spec.nullsFirst())) {
                int count = sorted.rowCount();
                int[] picks = new int[count == 0 ? 0 : n - 1];
                for (int i = 0; i < picks.length; i++) {
                    picks[i] = (int) Math.min(count - 1, (long) (i + 1) * count / n);
                }
                return sorted.take(picks, picks.length);
            }
        } finally {
            samples.forEach(RecordBatch::close);
        }
    }

    private static Schema keySchema(Schema schema, int[] keys) {
        List<io.daft.core.Field> fields = new ArrayList<>();
        for (int k : keys) {
            fields.add(schema.field(k));
        }
        return new Schema(fields);
    }

}
