package io.daft.execution;

import io.daft.core.CloseableIterator;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.memory.MemoryReservation;
import io.daft.micropartition.MicroPartition;
import io.daft.micropartition.PartitionBuilder;
import io.daft.ops.hash.Partitioner;
import io.daft.ops.sort.Sorter;
import io.daft.physical.Partitioning;
import io.daft.recordbatch.RecordBatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * An exchange as a map side and a reduce side. Each map task splits its input partition over the N output
 * partitions as it streams ({@link #scatter}), the pieces held under the exchange's spillable reservation and
 * spilled when it is refused ({@link PartitionBuilder}); the reduce side of a partition streams its piece of every
 * map task in task order ({@link #reduce}), batch by batch, so no partition is ever read into memory whole.
 * <p>
 * RANGE and ORDERED exchanges need to know all input before splitting (range boundaries, row counts), and still
 * hold none of it in memory beyond what the pool allows: each task first keeps its input whole, spillable, while
 * sampling keys and counting rows ({@link #buffer}); boundaries or row offsets are then chosen from those small
 * summaries ({@link #cuts}); then each task splits its kept input ({@link #split}). A cluster runner runs the same
 * steps as tasks, choosing the cuts on the driver.
 */
public final class Exchanges {
    /** Sampled rows kept per map task when choosing range boundaries (between this and twice this). */
    static final int SAMPLES_PER_TASK = 256;

    private Exchanges() {
    }

    /** Runs tasks in parallel and returns their results in order. */
    public interface Parallel {
        <T> List<T> run(int n, IntFunction<T> task);

        /** Runs the tasks one after another, in this thread (where the caller's parallelism is elsewhere). */
        Parallel SEQUENTIAL = new Parallel() {
            @Override
            public <T> List<T> run(int n, IntFunction<T> task) {
                List<T> out = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    out.add(task.apply(i));
                }
                return out;
            }
        };
    }

    /** The name of the exchange's reservation and spill files, as users see it. */
    public static String consumer(Partitioning spec) {
        return "Exchange " + spec.kind().name().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether the exchange must see all input before splitting it ({@link #buffer}, {@link #cuts}, {@link #split}):
     * RANGE and ORDERED ones into more than one partition (into one, a gather, every row goes to it in task order).
     */
    public static boolean needsCuts(Partitioning spec) {
        return (spec.kind() == Partitioning.Kind.RANGE || spec.kind() == Partitioning.Kind.ORDERED) && spec.numPartitions() > 1;
    }

    /**
     * Runs the map side of an exchange over {@code m} input partitions in this JVM: every step, every task on
     * {@code parallel}. Returns one output per map task; the caller closes them.
     */
    public static List<MapOutput> run(Partitioning spec, Schema schema, int m, IntFunction<CloseableIterator<RecordBatch>> open,
                                      Parallel parallel, QueryContext query) {
        try (MemoryReservation reservation = query.reserve(consumer(spec), true)) {
            if (!needsCuts(spec)) {
                return parallel.run(m, p -> scatter(spec, schema, p, open.apply(p), reservation, query));
            }
            List<Buffered> kept = parallel.run(m, p -> buffer(spec, schema, open.apply(p), reservation, query));
            try (Cuts cuts = cuts(spec, schema, kept)) {
                return parallel.run(m, p -> {
                    try (Buffered in = kept.get(p)) {
                        return split(spec, schema, p, in, cuts, reservation, query);
                    }
                });
            } finally {
                kept.forEach(Buffered::close);
            }
        }
    }

    /**
     * The map side of a HASH or RANDOM exchange, or of any exchange into one partition, for input partition
     * {@code task}; closes {@code input}.
     */
    public static MapOutput scatter(Partitioning spec, Schema schema, int task, CloseableIterator<RecordBatch> input,
                                    MemoryReservation reservation, QueryContext query) {
        int n = spec.numPartitions();
        if (n == 1) {
            return fill(spec, schema, input, b -> new RecordBatch[] {b.share()}, reservation, query);
        }
        Splitter splitter;
        switch (spec.kind()) {
            case HASH: {
                int[] keys = schema.indicesOf(spec.keys());
                splitter = b -> Partitioner.partitionByHash(b, keys, n);
                break;
            }
            case RANDOM:
                splitter = b -> Partitioner.partitionRandom(b, n, task);
                break;
            default:
                throw new IllegalArgumentException(spec.kind() + " exchanges into several partitions are split in three steps: "
                        + "buffer, cuts, split");
        }
        return fill(spec, schema, input, splitter, reservation, query);
    }

    /** A map task's input kept whole for a RANGE or ORDERED exchange, with its row count and key sample. */
    public static final class Buffered implements AutoCloseable {
        private final MicroPartition rows;
        private final RecordBatch sample;
        private boolean closed;

        Buffered(MicroPartition rows, RecordBatch sample) {
            this.rows = requireNonNull(rows, "rows");
            this.sample = requireNonNull(sample, "sample");
        }

        public long rowCount() {
            return rows.rowCount();
        }

        /** Evenly spaced rows of the sort keys (none for ORDERED). */
        public RecordBatch sample() {
            return sample;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                rows.close();
                sample.close();
            }
        }
    }

    /** Step 1 of a RANGE or ORDERED exchange: keeps one task's input (spillable), counting and sampling; closes it. */
    public static Buffered buffer(Partitioning spec, Schema schema, CloseableIterator<RecordBatch> input,
                                  MemoryReservation reservation, QueryContext query) {
        PartitionBuilder kept = new PartitionBuilder(schema, reservation, query.memory(), query.spill(), consumer(spec));
        Sampler sampler = spec.kind() == Partitioning.Kind.RANGE ? new Sampler(schema, schema.indicesOf(spec.keys())) : null;
        try (input) {
            while (input.hasNext()) {
                RecordBatch b = input.next();
                if (sampler != null) {
                    try {
                        sampler.add(b);
                    } catch (RuntimeException e) {
                        b.close();
                        throw e;
                    }
                }
                kept.add(b);
            }
        } catch (RuntimeException e) {
            kept.discard();
            if (sampler != null) {
                sampler.close();
            }
            throw e;
        }
        MicroPartition rows = kept.build();
        RecordBatch sample;
        try {
            sample = sampler != null ? sampler.finish() : RecordBatch.empty(schema);
        } catch (RuntimeException e) {
            rows.close();
            throw e;
        }
        return new Buffered(rows, sample);
    }

    /**
     * Where step 3 cuts the rows: range boundaries, or each task's first row number among all rows. Small; a
     * cluster runner computes it on the driver and ships it to the tasks (the boundaries as an Arrow batch).
     */
    public static final class Cuts implements AutoCloseable {
        private final RecordBatch boundaries;   // RANGE: n-1 rows of the keys; else null
        private final long[] firstRow;          // ORDERED: per map task; else null
        private final long totalRows;

        private Cuts(RecordBatch boundaries, long[] firstRow, long totalRows) {
            this.boundaries = boundaries;
            this.firstRow = firstRow;
            this.totalRows = totalRows;
        }

        /** Cuts of a RANGE exchange at {@code boundaries} (n-1 sorted rows of the keys; taken over). */
        public static Cuts range(RecordBatch boundaries) {
            return new Cuts(requireNonNull(boundaries, "boundaries"), null, 0);
        }

        /** Cuts of an ORDERED exchange whose map tasks hold {@code rowCounts} rows, in task order. */
        public static Cuts ordered(long[] rowCounts) {
            long[] first = new long[rowCounts.length];
            long total = 0;
            for (int p = 0; p < rowCounts.length; p++) {
                first[p] = total;
                total += rowCounts[p];
            }
            return new Cuts(null, first, total);
        }

        /** The range boundaries (RANGE exchanges). */
        public java.util.Optional<RecordBatch> boundaries() {
            return java.util.Optional.ofNullable(boundaries);
        }

        @Override
        public void close() {
            if (boundaries != null) {
                boundaries.close();
            }
        }
    }

    /** Step 2 in one JVM: the cuts from every task's count and sample (small: no rows beyond the samples). */
    public static Cuts cuts(Partitioning spec, Schema schema, List<Buffered> tasks) {
        long[] counts = new long[tasks.size()];
        List<RecordBatch> samples = new ArrayList<>(tasks.size());
        for (int p = 0; p < tasks.size(); p++) {
            counts[p] = tasks.get(p).rowCount();
            samples.add(tasks.get(p).sample());
        }
        return cuts(spec, schema, counts, samples);
    }

    /** Step 2: the cuts from each map task's row count and key sample (the caller keeps the samples). */
    public static Cuts cuts(Partitioning spec, Schema schema, long[] rowCounts, List<RecordBatch> samples) {
        if (spec.kind() == Partitioning.Kind.ORDERED) {
            return Cuts.ordered(rowCounts);
        }
        return Cuts.range(boundaries(rowCounts, samples, keySchema(schema, schema.indicesOf(spec.keys())), spec));
    }

    /** Step 3: splits one task's kept input over the output partitions; does not close {@code in}. */
    public static MapOutput split(Partitioning spec, Schema schema, int task, Buffered in, Cuts cuts,
                                  MemoryReservation reservation, QueryContext query) {
        if (spec.kind() == Partitioning.Kind.RANGE) {
            int[] keys = schema.indicesOf(spec.keys());
            return fill(spec, schema, in.rows.stream(),
                    b -> Partitioner.partitionByRange(b, keys, spec.descending(), spec.nullsFirst(), cuts.boundaries),
                    reservation, query);
        }
        if (cuts.firstRow == null || task >= cuts.firstRow.length) {
            throw new IllegalArgumentException("ORDERED cuts for task " + task + " are missing");
        }
        int n = spec.numPartitions();
        long base = cuts.totalRows / n;
        long extra = cuts.totalRows % n;
        long[] next = {cuts.firstRow[task]};   // the row number of the next row of this task
        return fill(spec, schema, in.rows.stream(), b -> ordered(b, next, n, base, extra), reservation, query);
    }

    /**
     * The rows of {@code b}, numbered from {@code next[0]}, cut into the output partitions: partition i holds rows
     * [start(i), start(i+1)) of all rows in order, start(i) = i * base + min(i, extra) (as equal as counts allow).
     */
    private static RecordBatch[] ordered(RecordBatch b, long[] next, int n, long base, long extra) {
        RecordBatch[] out = new RecordBatch[n];
        int offset = 0;
        try {
            while (offset < b.rowCount()) {
                long row = next[0] + offset;
                int bucket = bucketOf(row, n, base, extra);
                long end = start(bucket + 1, base, extra);
                int take = (int) Math.min(end - row, b.rowCount() - offset);
                out[bucket] = b.slice(offset, take);
                offset += take;
            }
        } catch (RuntimeException e) {
            for (RecordBatch r : out) {
                if (r != null) {
                    r.close();
                }
            }
            throw e;
        }
        next[0] += b.rowCount();
        for (int i = 0; i < n; i++) {
            if (out[i] == null) {
                out[i] = RecordBatch.empty(b.schema());
            }
        }
        return out;
    }

    private static long start(int bucket, long base, long extra) {
        return bucket * base + Math.min(bucket, extra);
    }

    private static int bucketOf(long row, int n, long base, long extra) {
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {   // last bucket whose start <= row
            int mid = (lo + hi + 1) >>> 1;
            if (start(mid, base, extra) <= row) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /**
     * The reduce side: partition {@code partition} of the exchange, streamed from the pieces of every map task in
     * task order (each piece read batch by batch, from memory or its spill file). The caller closes it.
     */
    public static CloseableIterator<RecordBatch> reduce(List<MapOutput> maps, int partition) {
        List<Supplier<CloseableIterator<RecordBatch>>> parts = new ArrayList<>(maps.size());
        for (MapOutput m : maps) {
            MicroPartition piece = m.piece(partition);
            if (piece.rowCount() > 0) {
                parts.add(piece::stream);
            }
        }
        return BatchIterators.concat(parts);
    }

    private interface Splitter {
        RecordBatch[] split(RecordBatch batch);
    }

    /** Streams {@code input}, splitting each batch as it arrives into the output partitions' builders. */
    private static MapOutput fill(Partitioning spec, Schema schema, CloseableIterator<RecordBatch> input, Splitter splitter,
                                  MemoryReservation reservation, QueryContext query) {
        int n = spec.numPartitions();
        String what = consumer(spec);
        List<PartitionBuilder> pieces = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            pieces.add(new PartitionBuilder(schema, reservation, query.memory(), query.spill(), what));
        }
        try (input) {
            while (input.hasNext()) {
                RecordBatch[] split;
                try (RecordBatch b = input.next()) {
                    split = splitter.split(b);
                }
                for (int i = 0; i < split.length; i++) {
                    try {
                        pieces.get(i).add(split[i]);
                    } catch (RuntimeException e) {
                        for (int j = i + 1; j < split.length; j++) {
                            split[j].close();
                        }
                        throw e;
                    }
                }
            }
        } catch (RuntimeException e) {
            pieces.forEach(PartitionBuilder::discard);
            throw e;
        }
        List<MicroPartition> out = new ArrayList<>(n);
        try {
            for (PartitionBuilder b : pieces) {
                out.add(b.build());
            }
        } catch (RuntimeException e) {
            out.forEach(MicroPartition::close);
            for (int i = out.size(); i < n; i++) {
                pieces.get(i).discard();
            }
            throw e;
        }
        return new MapOutput(out);
    }

    /**
     * Evenly spaced rows of the key columns of one task's input, of unknown length: every stride-th row; when more
     * than twice {@link #SAMPLES_PER_TASK} are held, every other one is dropped and the stride doubles.
     */
    private static final class Sampler implements AutoCloseable {
        private final Schema keySchema;
        private final int[] keys;
        private final List<RecordBatch> samples = new ArrayList<>();
        private int held;
        private long stride = 1;
        private long next;
        private long seen;

        Sampler(Schema schema, int[] keys) {
            this.keys = keys;
            this.keySchema = keySchema(schema, keys);
        }

        void add(RecordBatch b) {
            int rows = b.rowCount();
            int count = next >= seen + rows ? 0 : (int) ((seen + rows - 1 - next) / stride + 1);
            if (count > 0) {
                int[] idx = new int[count];
                for (int i = 0; i < count; i++) {
                    idx[i] = (int) (next + i * stride - seen);
                }
                next += count * stride;
                try (RecordBatch keyCols = b.select(keys)) {
                    samples.add(keyCols.take(idx, count));
                }
                held += count;
            }
            seen += rows;
            if (held > 2 * SAMPLES_PER_TASK) {
                halve();
            }
        }

        /** Keeps samples 0, 2, 4, ...; the next pick moves so the spacing stays even at twice the stride. */
        private void halve() {
            boolean lastKept = (held - 1) % 2 == 0;
            int[] idx = new int[(held + 1) / 2];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = 2 * i;
            }
            RecordBatch kept;
            try (RecordBatch all = RecordBatch.concat(keySchema, samples)) {
                kept = all.take(idx, idx.length);
            }
            samples.forEach(RecordBatch::close);
            samples.clear();
            samples.add(kept);
            held = idx.length;
            if (lastKept) {
                next += stride;
            }
            stride *= 2;
        }

        RecordBatch finish() {
            try {
                return RecordBatch.concat(keySchema, samples);
            } finally {
                close();
            }
        }

        @Override
        public void close() {
            samples.forEach(RecordBatch::close);
            samples.clear();
        }
    }

    /**
     * n-1 boundary rows of the key columns, at even steps through the sorted samples of every map task, each
     * sample weighted by the rows it stands for ({@code rowCounts[p]} over task p's samples), so a large task
     * weighs as much as its rows do.
     */
    private static RecordBatch boundaries(long[] rowCounts, List<RecordBatch> samples, Schema keySchema, Partitioning spec) {
        int n = spec.numPartitions();
        int[] sampleKeys = new int[keySchema.size()];
        for (int i = 0; i < sampleKeys.length; i++) {
            sampleKeys[i] = i;
        }
        try (RecordBatch all = RecordBatch.concat(keySchema, samples)) {
            int count = all.rowCount();
            if (count == 0) {
                return all.take(new int[0], 0);
            }
            double[] weight = new double[count];
            double total = 0;
            int row = 0;
            for (int p = 0; p < samples.size(); p++) {
                int rows = samples.get(p).rowCount();
                double w = rows == 0 ? 0 : (double) rowCounts[p] / rows;
                for (int i = 0; i < rows; i++) {
                    weight[row++] = w;
                }
                total += w * rows;
            }
            int[] order = Sorter.sortIndices(all, sampleKeys, spec.descending(), spec.nullsFirst());
            int[] picks = new int[n - 1];
            double seen = 0;
            int at = 0;
            for (int i = 0; i < picks.length; i++) {
                double target = total * (i + 1) / n;
                while (at < count - 1 && seen + weight[order[at]] < target) {
                    seen += weight[order[at]];
                    at++;
                }
                picks[i] = order[at];
            }
            return all.take(picks, picks.length);
        }
    }

    private static Schema keySchema(Schema schema, int[] keys) {
        List<Field> fields = new ArrayList<>();
        for (int k : keys) {
            fields.add(schema.field(k));
        }
        return new Schema(fields);
    }
}
