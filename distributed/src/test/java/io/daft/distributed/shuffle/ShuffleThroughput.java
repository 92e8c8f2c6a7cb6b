package io.daft.distributed.shuffle;

import io.daft.core.CloseableIterator;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.execution.MapOutput;
import io.daft.execution.stages.StageId;
import io.daft.micropartition.MicroPartition;
import io.daft.recordbatch.RecordBatch;
import io.daft.recordbatch.Vectors;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Measures the shuffle data plane (not a test): map outputs totalling {@code totalMB} of in-memory Arrow data, in
 * pieces of {@code pieceMB}, are written to one node's store and fetched by another node over Flight on
 * loopback, with {@code threads} reducers at once, and read locally by the first node. Prints MB/s of
 * in-memory (uncompressed) data.
 * <pre>
 * java -cp ... io.daft.distributed.shuffle.ShuffleThroughput [totalMB=1024] [pieceMB=16] [threads=1,2]
 * </pre>
 */
public final class ShuffleThroughput {
    private static final Schema SCHEMA = new Schema(List.of(Field.of("k", DataType.INT64), Field.of("v", DataType.FLOAT64),
            Field.of("s", DataType.UTF8)));
    private static final int PARTITIONS = 4;
    private static final int BATCH_ROWS = 65_536;
    /** The machine is shared: each measurement is repeated. */
    private static final int ROUNDS = 3;

    private ShuffleThroughput() {
    }

    public static void main(String[] args) throws Exception {
        long totalMB = args.length > 0 ? Long.parseLong(args[0]) : 1024;
        long pieceMB = args.length > 1 ? Long.parseLong(args[1]) : 16;
        String[] threadCounts = (args.length > 2 ? args[2] : "1,2").split(",");
        Path dir = Files.createTempDirectory("shuffle-throughput");
        List<RecordBatch> piece = piece(pieceMB << 20);
        long pieceBytes = piece.stream().mapToLong(RecordBatch::sizeBytes).sum();
        int pieces = (int) Math.max(1, (totalMB << 20) / pieceBytes);
        int maps = (pieces + PARTITIONS - 1) / PARTITIONS;
        System.out.printf("%d map tasks x %d partitions, pieces of %.1f MB (%d rows), %.0f MB in all%n", maps, PARTITIONS,
                pieceBytes / 1e6, piece.stream().mapToLong(RecordBatch::rowCount).sum(), (double) maps * PARTITIONS * pieceBytes / 1e6);
        try (ShuffleStore storeA = new ShuffleStore(dir.resolve("a"));
             ShuffleServer serverA = ShuffleServer.start(storeA);
             ShuffleStore storeB = new ShuffleStore(dir.resolve("b"));
             ShuffleServer serverB = ShuffleServer.start(storeB);
             ShuffleClient clientA = new ShuffleClient(Optional.of(storeA));
             ShuffleClient clientB = new ShuffleClient(Optional.of(storeB))) {
            List<MapOutputDescriptor> outputs = new ArrayList<>();
            long start = System.nanoTime();
            for (int m = 0; m < maps; m++) {
                List<MicroPartition> parts = new ArrayList<>();
                for (int p = 0; p < PARTITIONS; p++) {
                    parts.add(new MicroPartition(SCHEMA, piece.stream().map(RecordBatch::share).toList()));
                }
                outputs.add(storeA.put(new ShuffleKey("bench", new StageId(1), m), new MapOutput(parts)));
            }
            long bytes = outputs.stream().mapToLong(MapOutputDescriptor::totalBytes).sum();
            report("put (write zstd files)", bytes, System.nanoTime() - start);
            System.out.printf("  on disk: %.0f MB (%.2fx smaller)%n", du(storeA.directory()) / 1e6, (double) bytes / du(storeA.directory()));

            fetchAll(clientB, outputs.subList(0, Math.min(2, outputs.size())), 1);   // warm up
            for (int round = 1; round <= ROUNDS; round++) {
                for (String t : threadCounts) {
                    int threads = Integer.parseInt(t.trim());
                    start = System.nanoTime();
                    long fetched = fetchAll(clientB, outputs, threads);
                    report("Flight fetch, loopback, " + threads + " reducer(s)", fetched, System.nanoTime() - start);
                }
                start = System.nanoTime();
                long local = fetchAll(clientA, outputs, 1);
                report("local read (same store), 1 reducer", local, System.nanoTime() - start);
            }
        } finally {
            piece.forEach(RecordBatch::close);
        }
    }

    /** Fetches every piece of every output, {@code threads} pieces at a time; returns the bytes received. */
    private static long fetchAll(ShuffleClient client, List<MapOutputDescriptor> outputs, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Long>> done = new ArrayList<>();
            for (MapOutputDescriptor d : outputs) {
                for (int p = 0; p < d.numPartitions(); p++) {
                    int partition = p;
                    done.add(pool.submit(() -> {
                        long n = 0;
                        try (CloseableIterator<RecordBatch> it = client.fetch(d, partition)) {
                            while (it.hasNext()) {
                                try (RecordBatch b = it.next()) {
                                    n += b.sizeBytes();
                                }
                            }
                        }
                        return n;
                    }));
                }
            }
            long total = 0;
            for (Future<Long> f : done) {
                total += f.get();
            }
            return total;
        } finally {
            pool.shutdown();
        }
    }

    private static void report(String what, long bytes, long nanos) {
        System.out.printf("%-40s %8.0f MB in %6.2f s: %7.0f MB/s%n", what, bytes / 1e6, nanos / 1e9, bytes / 1e6 / (nanos / 1e9));
    }

    private static long du(Path folder) throws IOException {
        try (Stream<Path> all = Files.walk(folder)) {
            return all.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    /** About {@code bytes} of rows like a shuffle's: keys from a range, doubles, short strings from a vocabulary. */
    private static List<RecordBatch> piece(long bytes) {
        Random rnd = new Random(42);
        List<RecordBatch> out = new ArrayList<>();
        long size = 0;
        while (size < bytes) {
            BigIntVector k = (BigIntVector) Vectors.allocate("k", DataType.INT64, BATCH_ROWS);
            Float8Vector v = (Float8Vector) Vectors.allocate("v", DataType.FLOAT64, BATCH_ROWS);
            VarCharVector s = (VarCharVector) Vectors.allocate("s", DataType.UTF8, BATCH_ROWS);
            for (int r = 0; r < BATCH_ROWS; r++) {
                k.set(r, rnd.nextInt(10_000_000));
                v.set(r, Math.round(rnd.nextDouble() * 1e6) / 100.0);
                s.setSafe(r, ("customer#" + rnd.nextInt(100_000)).getBytes(StandardCharsets.UTF_8));
            }
            RecordBatch b = RecordBatch.of(SCHEMA, List.of(k, v, s), BATCH_ROWS);
            size += b.sizeBytes();
            out.add(b);
        }
        return out;
    }
}
