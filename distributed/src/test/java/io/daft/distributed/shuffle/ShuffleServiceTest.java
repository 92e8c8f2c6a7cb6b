package io.daft.distributed.shuffle;

import io.daft.config.ExecutionConfig;
import io.daft.core.CloseableIterator;
import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.execution.BatchIterators;
import io.daft.execution.Exchanges;
import io.daft.execution.MapOutput;
import io.daft.execution.QueryContext;
import io.daft.execution.stages.StageId;
import io.daft.memory.Memory;
import io.daft.memory.MemoryReservation;
import io.daft.micropartition.MicroPartition;
import io.daft.physical.Partitioning;
import io.daft.recordbatch.RecordBatch;
import io.daft.recordbatch.Vectors;
import io.daft.testing.FormatTestBatches;
import io.daft.testing.LeakCheck;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shuffle data plane on loopback: two "nodes" (store, Flight server, client) in one JVM. Map outputs written
 * through one node are fetched through the other over Flight and through the node itself from its files, and must
 * give the rows the map task produced, value for value.
 */
class ShuffleServiceTest {
    private static final Schema SCHEMA = new Schema(List.of(
            new Field("id", DataType.INT64, false),
            Field.of("name", DataType.UTF8),
            Field.of("price", DataType.decimal(12, 2)),
            Field.of("qty", DataType.INT32)));
    private static final String QUERY = "query-1";
    private static final StageId STAGE = new StageId(3);

    @TempDir
    Path dir;

    private long baseline;
    private Node a;
    private Node b;

    /** One worker's shuffle side: its store, the server serving it, and a client that reads the store directly. */
    private record Node(ShuffleStore store, ShuffleServer server, ShuffleClient client) implements AutoCloseable {
        static Node start(Path folder) {
            ShuffleStore store = new ShuffleStore(folder);
            ShuffleServer server = ShuffleServer.start(store);
            return new Node(store, server, new ShuffleClient(Optional.of(store)));
        }

        @Override
        public void close() {
            client.close();
            server.close();
            store.close();
        }
    }

    @BeforeEach
    void start() {
        baseline = LeakCheck.settledBaseline();
        a = Node.start(dir.resolve("a"));
        b = Node.start(dir.resolve("b"));
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
        LeakCheck.assertReturnsTo(baseline);
    }

    /** {@code rows} rows starting at id {@code first}, in batches of 500, with nulls in every nullable column. */
    private static List<RecordBatch> rows(long first, int rows) {
        Random rnd = new Random(first);
        List<RecordBatch> out = new ArrayList<>();
        for (int start = 0; start < rows; start += 500) {
            int n = Math.min(500, rows - start);
            Object[] id = new Object[n];
            Object[] name = new Object[n];
            Object[] price = new Object[n];
            Object[] qty = new Object[n];
            for (int i = 0; i < n; i++) {
                long k = first + start + i;
                id[i] = k;
                name[i] = k % 7 == 0 ? null : "name-" + k + "-é".repeat(rnd.nextInt(4));
                price[i] = k % 5 == 0 ? null : BigDecimal.valueOf(rnd.nextInt(2_000_000) - 1_000_000, 2);
                qty[i] = k % 3 == 0 ? null : rnd.nextInt(100);
            }
            out.add(FormatTestBatches.build(SCHEMA, List.of(id, name, price, qty), n));
        }
        return out;
    }

    /** Every row's values, in order (Arrow's own value objects: Text, BigDecimal, Long...). */
    private static List<List<Object>> values(CloseableIterator<RecordBatch> batches) {
        List<List<Object>> out = new ArrayList<>();
        try (batches) {
            while (batches.hasNext()) {
                try (RecordBatch batch = batches.next()) {
                    assertEquals(SCHEMA, batch.schema());
                    for (int r = 0; r < batch.rowCount(); r++) {
                        List<Object> row = new ArrayList<>();
                        for (FieldVector v : batch.columns()) {
                            row.add(v.getObject(r));
                        }
                        out.add(row);
                    }
                }
            }
        }
        return out;
    }

    /** The rows of each output partition of {@code output}, read before it is handed to a store. */
    private static List<List<List<Object>>> expected(MapOutput output) {
        List<List<List<Object>>> out = new ArrayList<>();
        for (int p = 0; p < output.numPartitions(); p++) {
            out.add(values(output.piece(p).stream()));
        }
        return out;
    }

    private void assertFetches(MapOutputDescriptor d, List<List<List<Object>>> expected) {
        assertEquals(expected.size(), d.numPartitions());
        for (int p = 0; p < expected.size(); p++) {
            assertEquals(expected.get(p).size(), d.rows(p), "rows of partition " + p);
            assertEquals(d.rows(p) == 0, d.bytes(p) == 0, "bytes of partition " + p);
            for (Node reader : List.of(a, b)) {
                assertEquals(expected.get(p), values(reader.client.fetch(d, p)), "partition " + p + " of " + d.key() + " through "
                        + reader.server.endpoint());
            }
        }
    }

    @Test
    void hashExchangeOutputFetchedOverFlightAndLocallyIsIdentical() {
        int n = 8;
        Partitioning spec = Partitioning.hash(List.of("id"), n);
        // a small memory limit: the map side spills some pieces, which the store streams back from their spill files
        try (QueryContext query = QueryContext.start(ExecutionConfig.builder().memoryLimit(128 << 10)
                .tempDirectory(dir.toString()).build());
             MemoryReservation reservation = query.reserve(Exchanges.consumer(spec), true)) {
            for (int task = 0; task < 3; task++) {
                MapOutput output = Exchanges.scatter(spec, SCHEMA, task, BatchIterators.of(rows(task * 10_000L, 4000)), reservation, query);
                List<List<List<Object>>> expected = expected(output);
                Node writer = task < 2 ? a : b;
                MapOutputDescriptor d = writer.store.put(new ShuffleKey(QUERY, STAGE, task), output);
                assertEquals(writer.server.endpoint(), d.endpoint());
                assertEquals(4000, d.totalRows());
                assertFetches(d, expected);
                assertFetches(roundTrip(d), expected);   // as the driver gets it from a worker
            }
            assertTrue(query.spill().fileCount() > 0, "the map side spilled pieces, which the store read back");
        }
        assertEquals(1, a.client.connectionCount(), "node a fetched only b's output over the network");
        assertEquals(1, b.client.connectionCount(), "node b connected to a once, for both of its outputs");
    }

    private static MapOutputDescriptor roundTrip(MapOutputDescriptor d) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(d);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                MapOutputDescriptor copy = (MapOutputDescriptor) in.readObject();
                assertEquals(d, copy);
                return copy;
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void manyPartitionsMostlyEmpty() throws Exception {
        int n = 64;
        List<MicroPartition> pieces = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            // every 5th partition holds rows, in batches of 1 to 500 rows (small ones are coalesced on write)
            pieces.add(p % 5 == 0 ? new MicroPartition(SCHEMA, p % 10 == 0 ? rows(p * 1000L, 700) : tiny(p * 1000L, 40))
                    : MicroPartition.empty(SCHEMA));
        }
        MapOutput output = new MapOutput(pieces);
        List<List<List<Object>>> expected = expected(output);
        MapOutputDescriptor d = a.store.put(new ShuffleKey(QUERY, STAGE, 0), output);
        assertFetches(d, expected);
        try (Stream<Path> files = Files.list(a.store.directory().resolve(only(a.store.directory())))) {
            assertEquals(1, files.count(), "one file per map task, not one per piece");
        }

        // the server also answers an empty partition (the client skips those): a schema and no batches
        try (BufferAllocator allocator = Memory.allocator().newChildAllocator("test", 0, Long.MAX_VALUE);
             FlightClient raw = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", a.server.endpoint().port())).build();
             FlightStream stream = raw.getStream(new ShuffleTicket(a.store.id(), d.key(), 1).toTicket())) {
            assertEquals(SCHEMA.size(), stream.getRoot().getSchema().getFields().size());
            assertFalse(stream.next());
        }
    }

    /** Batches of one row each. */
    private static List<RecordBatch> tiny(long first, int rows) {
        List<RecordBatch> out = new ArrayList<>();
        for (RecordBatch batch : rows(first, rows)) {
            try (batch) {
                for (int r = 0; r < batch.rowCount(); r++) {
                    out.add(batch.slice(r, 1));
                }
            }
        }
        return out;
    }

    private static Path only(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            List<Path> all = entries.toList();
            assertEquals(1, all.size(), "entries of " + folder);
            return all.get(0).getFileName();
        }
    }

    @Test
    void closingAFetchEarlyCancelsTheStream() throws Exception {
        // 40 batches of 256 KiB: far more than gRPC's window and the client's buffer hold, so the server is still sending
        Schema schema = new Schema(List.of(Field.of("k", DataType.INT64)));
        List<RecordBatch> big = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            BigIntVector v = (BigIntVector) Vectors.allocate("k", DataType.INT64, 32_768);
            for (int r = 0; r < 32_768; r++) {
                v.set(r, i * 32_768L + r);
            }
            big.add(RecordBatch.of(schema, List.of(v), 32_768));
        }
        MapOutputDescriptor d = a.store.put(new ShuffleKey(QUERY, STAGE, 0), new MapOutput(List.of(new MicroPartition(schema, big))));
        try (CloseableIterator<RecordBatch> it = b.client.fetch(d, 0)) {
            try (RecordBatch first = it.next()) {
                assertEquals(0L, first.column(0).getObject(0));
            }
            assertEquals(1, a.server.activeStreams());
        }
        for (int i = 0; i < 200 && a.server.activeStreams() > 0; i++) {
            Thread.sleep(10);
        }
        assertEquals(0, a.server.activeStreams(), "the server stopped sending once the reducer closed its stream");
        // the connection still serves later fetches
        long rows = 0;
        try (CloseableIterator<RecordBatch> it = b.client.fetch(d, 0)) {
            while (it.hasNext()) {
                try (RecordBatch batch = it.next()) {
                    rows += batch.rowCount();
                }
            }
        }
        assertEquals(40 * 32_768L, rows);
    }

    @Test
    void anInterruptedFetchIsACancelledQueryNotALostOutput() {
        List<RecordBatch> batches = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            batches.addAll(rows(i * 100_000L, 50_000));   // ~9 MB: a few coalesced batches of ~4 MB
        }
        MapOutputDescriptor d = a.store.put(new ShuffleKey(QUERY, STAGE, 0), new MapOutput(List.of(new MicroPartition(SCHEMA, batches))));
        try (CloseableIterator<RecordBatch> it = b.client.fetch(d, 0)) {
            it.next().close();
            Thread.currentThread().interrupt();
            DaftException e = assertThrows(DaftException.class, it::hasNext);
            assertFalse(e instanceof ShuffleFetchException, e.toString());
            assertTrue(e.getMessage().startsWith("query cancelled while fetching partition 0 of query query-1 stage 3 map task 0"), e.getMessage());
            assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
        }
    }

    @Test
    void removeQueryDeletesItsFilesAndRefusesLateOutputs() throws Exception {
        MapOutputDescriptor q1 = a.store.put(new ShuffleKey("q1", STAGE, 0), new MapOutput(List.of(new MicroPartition(SCHEMA, rows(0, 1000)))));
        MapOutputDescriptor q1b = a.store.put(new ShuffleKey("q1", new StageId(4), 0), new MapOutput(List.of(new MicroPartition(SCHEMA, rows(0, 10)))));
        MapOutputDescriptor q2 = a.store.put(new ShuffleKey("q2", STAGE, 0), new MapOutput(List.of(new MicroPartition(SCHEMA, rows(0, 1000)))));
        assertEquals(3, fileCount(a.store.directory()));

        a.store.removeQuery("q1");
        assertEquals(1, fileCount(a.store.directory()), "only q2's file is left");
        assertEquals(1, a.store.size());
        assertEquals(1000, values(b.client.fetch(q2, 0)).size());

        ShuffleFetchException remote = assertThrows(ShuffleFetchException.class, () -> b.client.fetch(q1, 0));
        assertEquals(a.server.endpoint(), remote.endpoint());
        assertEquals(q1.key(), remote.key());
        assertTrue(remote.getMessage().contains("NOT_FOUND") && remote.getMessage().contains("query q1 stage 3 map task 0"), remote.getMessage());
        ShuffleFetchException local = assertThrows(ShuffleFetchException.class, () -> a.client.fetch(q1b, 0));
        assertTrue(local.getMessage().contains("query q1 stage 4 map task 0"), local.getMessage());

        // a map task of q1 finishing after the query ended leaves nothing behind
        DaftException late = assertThrows(DaftException.class, () -> a.store.put(new ShuffleKey("q1", STAGE, 1),
                new MapOutput(List.of(new MicroPartition(SCHEMA, rows(0, 10))))));
        assertTrue(late.getMessage().contains("has ended"), late.getMessage());
        assertEquals(1, fileCount(a.store.directory()));

        a.store.removeQuery("q2");
        assertEquals(0, fileCount(a.store.directory()));
    }

    private static long fileCount(Path folder) throws IOException {
        try (Stream<Path> all = Files.walk(folder)) {
            return all.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void fetchingFromAClosedServerFailsNamingTheEndpointAndOutput() {
        ShuffleKey key = new ShuffleKey(QUERY, STAGE, 7);
        MapOutputDescriptor d;
        ShuffleEndpoint gone;
        try (Node c = Node.start(dir.resolve("c"))) {
            d = c.store.put(key, new MapOutput(List.of(new MicroPartition(SCHEMA, rows(0, 100)))));
            gone = c.server.endpoint();
            assertEquals(100, values(b.client.fetch(d, 0)).size());
        }
        ShuffleFetchException e = assertThrows(ShuffleFetchException.class, () -> b.client.fetch(d, 0));
        assertEquals(gone, e.endpoint());
        assertEquals(key, e.key());
        assertTrue(e.getMessage().contains(gone.toString()) && e.getMessage().contains("UNAVAILABLE"), e.getMessage());
        // and again, on a fresh connection (the dead one was dropped)
        assertThrows(ShuffleFetchException.class, () -> b.client.fetch(d, 0));
    }

    @Test
    void aRestartedWorkerOnTheSameEndpointIsNotMistakenForTheOneThatHeldTheOutput() {
        MapOutputDescriptor d = a.store.put(new ShuffleKey(QUERY, STAGE, 0), new MapOutput(List.of(new MicroPartition(SCHEMA, rows(0, 10)))));
        MapOutputDescriptor other = new MapOutputDescriptor(d.key(), d.endpoint(), "another-store", new long[] {10}, new long[] {d.bytes(0)});
        ShuffleFetchException e = assertThrows(ShuffleFetchException.class, () -> b.client.fetch(other, 0));
        assertTrue(e.getMessage().contains("the worker restarted"), e.getMessage());
    }
}
