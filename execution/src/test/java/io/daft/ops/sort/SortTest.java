package io.daft.ops.sort;

import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.memory.Memory;
import io.daft.ops.TestData;
import io.daft.ops.hash.Partitioner;
import io.daft.recordbatch.RecordBatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SortTest {
    private static final int ROWS = 12_000;
    private static Connection duck;
    private static Schema schema;
    private static List<Object[]> data;
    private long baseline;

    @BeforeAll
    static void setUp() throws Exception {
        Random rnd = new Random(11);
        List<Field> fields = new ArrayList<>();
        data = new ArrayList<>();
        for (DataType t : TestData.FLAT_TYPES) {
            fields.add(Field.of("k_" + TestData.shortName(t), t));
            data.add(TestData.column(t, ROWS, rnd, 60, 0.1, true));
        }
        fields.add(Field.of("id", DataType.INT64));
        Object[] ids = new Object[ROWS];
        for (int i = 0; i < ROWS; i++) {
            ids[i] = (long) i;
        }
        data.add(ids);
        schema = new Schema(fields);
        duck = DriverManager.getConnection("jdbc:duckdb:");
        TestData.load(duck, "t", schema, data);
    }

    @AfterAll
    static void tearDown() throws Exception {
        duck.close();
    }

    @BeforeEach
    void mark() {
        baseline = Memory.allocatedBytes();
    }

    @AfterEach
    void noLeaks() {
        assertEquals(baseline, Memory.allocatedBytes(), "Arrow memory leaked");
    }

    private static List<RecordBatch> batches(int size) {
        List<RecordBatch> out = new ArrayList<>();
        for (int pos = 0; pos < ROWS; pos += size) {
            out.add(TestData.batch(schema, data, pos, Math.min(ROWS, pos + size)));
        }
        return out;
    }

    private static void closeAll(List<RecordBatch> bs) {
        bs.forEach(RecordBatch::close);
    }

    private static List<List<Object>> ourSorted(int[] keys, boolean[] desc, boolean[] nf, int[] show) {
        List<RecordBatch> bs = batches(1777);
        try (RecordBatch sorted = Sorter.sort(bs, schema, keys, desc, nf); RecordBatch sel = sorted.select(show)) {
            assertEquals(ROWS, sorted.rowCount());
            return TestData.rows(sel);
        } finally {
            closeAll(bs);
        }
    }

    private static List<List<Object>> duckSorted(int[] keys, boolean[] desc, boolean[] nf, int[] show) throws Exception {
        StringBuilder sel = new StringBuilder();
        List<DataType> types = new ArrayList<>();
        for (int c : show) {
            Field f = schema.field(c);
            sel.append(sel.length() == 0 ? "" : ", ").append(TestData.wrap(f.name(), f.dataType()));
            types.add(f.dataType());
        }
        StringBuilder order = new StringBuilder();
        for (int i = 0; i < keys.length; i++) {
            order.append(i == 0 ? "" : ", ").append(schema.field(keys[i]).name()).append(desc[i] ? " DESC" : " ASC")
                    .append(nf[i] ? " NULLS FIRST" : " NULLS LAST");
        }
        return TestData.query(duck, "SELECT " + sel + " FROM t ORDER BY " + order, types);
    }

    private static int id() {
        return schema.requireIndex("id");
    }

    @Test
    void everyKeyTypeAndOrderMatchesDuckDb() throws Exception {
        for (int c = 0; c < TestData.FLAT_TYPES.size(); c++) {
            for (int mode = 0; mode < 4; mode++) {
                boolean d = (mode & 1) != 0;
                boolean n = (mode & 2) != 0;
                int[] keys = {c, id()};
                boolean[] desc = {d, false};
                boolean[] nf = {n, false};
                int[] show = {c, id()};
                TestData.assertRowsEqual(duckSorted(keys, desc, nf, show), ourSorted(keys, desc, nf, show),
                        "sort by " + schema.field(c) + " desc=" + d + " nullsFirst=" + n);
            }
        }
    }

    @Test
    void multiKeySortMatchesDuckDb() throws Exception {
        int[] keys = {schema.requireIndex("k_boolean"), schema.requireIndex("k_utf8"), schema.requireIndex("k_float64"),
                schema.requireIndex("k_dec"), schema.requireIndex("k_binary"), id()};
        boolean[] desc = {false, true, false, true, false, true};
        boolean[] nf = {true, true, false, false, true, false};
        TestData.assertRowsEqual(duckSorted(keys, desc, nf, keys), ourSorted(keys, desc, nf, keys), "multi-key sort");
    }

    @Test
    void sortIsStable() {
        int k = schema.requireIndex("k_int8");
        List<List<Object>> rows = ourSorted(new int[] {k}, new boolean[] {true}, new boolean[] {false}, new int[] {k, id()});
        for (int i = 1; i < rows.size(); i++) {
            if (java.util.Objects.equals(rows.get(i).get(0), rows.get(i - 1).get(0))) {
                assertTrue((Long) rows.get(i).get(1) > (Long) rows.get(i - 1).get(1), "stable at " + i);
            }
        }
    }

    @Test
    void topNEqualsSortedSlice() {
        int[] keys = {schema.requireIndex("k_float32"), schema.requireIndex("k_utf8")};
        boolean[] desc = {true, false};
        boolean[] nf = {false, true};
        List<List<Object>> full = ourSorted(keys, desc, nf, new int[] {keys[0], keys[1], id()});
        for (long[] lo : new long[][] {{10, 0}, {100, 37}, {5000, 4000}, {0, 5}, {20_000, 0}, {7, 11_995}}) {
            List<RecordBatch> bs = batches(333);
            try (TopN top = new TopN(schema, keys, desc, nf, lo[0], lo[1], io.daft.memory.MemoryReservation.unbounded("TopN"))) {
                for (RecordBatch b : bs) {
                    top.add(b);
                }
                try (RecordBatch out = top.finish().orElseThrow(); RecordBatch sel = out.select(new int[] {keys[0], keys[1], id()})) {
                    int from = (int) Math.min(lo[1], ROWS);
                    int to = (int) Math.min(ROWS, lo[0] + lo[1]);
                    TestData.assertRowsEqual(full.subList(from, to), TestData.rows(sel), "top " + lo[0] + " offset " + lo[1]);
                }
            } finally {
                closeAll(bs);
            }
        }
    }

    @Test
    void mergeOfSortedRunsEqualsSort() {
        int[] keys = {schema.requireIndex("k_date"), schema.requireIndex("k_binary")};
        boolean[] desc = {false, true};
        boolean[] nf = {true, false};
        List<List<Object>> full = ourSorted(keys, desc, nf, new int[] {keys[0], keys[1], id()});
        List<RecordBatch> bs = batches(2500);
        List<RecordBatch> runs = new ArrayList<>();
        try {
            for (RecordBatch b : bs) {
                runs.add(Sorter.sortBatch(b, keys, desc, nf));
            }
            try (RecordBatch merged = SortedMerge.merge(runs, schema, keys, desc, nf);
                 RecordBatch sel = merged.select(new int[] {keys[0], keys[1], id()})) {
                TestData.assertRowsEqual(full, TestData.rows(sel), "merge");
            }
        } finally {
            closeAll(bs);
            closeAll(runs);
        }
    }

    @Test
    void rangePartitionsConcatenateToTheSortOrder() {
        int[] keys = {schema.requireIndex("k_utf8"), schema.requireIndex("k_int64")};
        boolean[] desc = {true, false};
        boolean[] nf = {false, true};
        List<RecordBatch> bs = batches(ROWS);
        List<List<Object>> full = ourSorted(keys, desc, nf, new int[] {keys[0], keys[1], id()});
        try (RecordBatch all = bs.get(0); RecordBatch sorted = Sorter.sortBatch(all, keys, desc, nf);
             RecordBatch keyCols = sorted.select(keys)) {
            int[] boundaryRows = {1000, 4000, 4001, 9000};
            try (RecordBatch bounds = keyCols.take(boundaryRows, boundaryRows.length)) {
                RecordBatch[] parts = Partitioner.partitionByRange(all, keys, desc, nf, bounds);
                List<List<Object>> concat = new ArrayList<>();
                try {
                    assertEquals(5, parts.length);
                    for (RecordBatch p : parts) {
                        try (RecordBatch s = Sorter.sortBatch(p, keys, desc, nf); RecordBatch sel = s.select(new int[] {keys[0], keys[1], id()})) {
                            concat.addAll(TestData.rows(sel));
                        }
                    }
                } finally {
                    for (RecordBatch p : parts) {
                        p.close();
                    }
                }
                TestData.assertRowsEqual(full, concat, "range partitions");
            }
        }
    }

    /** Batches of a list as a closeable stream (the stream owns them). */
    private static io.daft.core.CloseableIterator<RecordBatch> streamOf(List<RecordBatch> batches) {
        java.util.Iterator<RecordBatch> it = new ArrayList<>(batches).iterator();
        List<RecordBatch> unconsumed = new ArrayList<>(batches);
        return new io.daft.core.CloseableIterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public RecordBatch next() {
                RecordBatch b = it.next();
                unconsumed.remove(b);
                return b;
            }

            @Override
            public void close() {
                unconsumed.forEach(RecordBatch::close);
                unconsumed.clear();
            }
        };
    }

    @Test
    void streamingMergeEqualsSort() {
        int[] keys = {schema.requireIndex("k_utf8"), schema.requireIndex("k_float32")};
        boolean[] desc = {true, false};
        boolean[] nf = {false, true};
        int[] show = {keys[0], keys[1], id()};
        List<List<Object>> full = ourSorted(keys, desc, nf, show);
        // 5 runs, each a sorted range of rows cut into uneven batches (some empty)
        List<io.daft.core.CloseableIterator<RecordBatch>> runs = new ArrayList<>();
        Random rnd = new Random(2);
        int[] cuts = {0, 1000, 1001, 5000, 9000, ROWS};
        for (int r = 0; r + 1 < cuts.length; r++) {
            List<RecordBatch> pieces = new ArrayList<>();
            try (RecordBatch part = TestData.batch(schema, data, cuts[r], cuts[r + 1]);
                 RecordBatch sorted = Sorter.sortBatch(part, keys, desc, nf)) {
                int p = 0;
                while (p <= sorted.rowCount()) {
                    int n = Math.min(sorted.rowCount() - p, rnd.nextInt(900));
                    pieces.add(sorted.slice(p, n));
                    p += n;
                    if (p == sorted.rowCount()) {
                        break;
                    }
                }
            }
            runs.add(streamOf(pieces));
        }
        List<List<Object>> merged = new ArrayList<>();
        try (io.daft.core.CloseableIterator<RecordBatch> it = SortedMerge.stream(runs, schema, keys, desc, nf, 1234)) {
            while (it.hasNext()) {
                try (RecordBatch b = it.next(); RecordBatch sel = b.select(show)) {
                    assertTrue(b.rowCount() <= 1234);
                    merged.addAll(TestData.rows(sel));
                }
            }
        }
        TestData.assertRowsEqual(full, merged, "streaming merge");
        // closing early releases everything
        List<io.daft.core.CloseableIterator<RecordBatch>> runs2 = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            runs2.add(streamOf(List.of(TestData.batch(schema, data, r * 100, r * 100 + 100),
                    TestData.batch(schema, data, r * 100 + 100, r * 100 + 200))));
        }
        try (io.daft.core.CloseableIterator<RecordBatch> it = SortedMerge.stream(runs2, schema, new int[] {id()},
                new boolean[] {false}, new boolean[] {false}, 10)) {
            it.next().close();
        }
    }

    @Test
    void externalSortEqualsInMemorySortAtEveryLimit(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        int[] keys = {schema.requireIndex("k_utf8"), schema.requireIndex("k_float64"), schema.requireIndex("k_int32")};
        boolean[] desc = {false, true, false};
        boolean[] nf = {true, false, false};
        int[] show = {keys[0], keys[1], keys[2], id()};
        List<List<Object>> full = ourSorted(keys, desc, nf, show);
        // 1 byte: every batch is a run and merges go two runs at a time; then a few runs; then none
        for (long limit : new long[] {1, 96 << 10, 400 << 10, 1L << 30}) {
            for (long keep : new long[] {Long.MAX_VALUE, 700}) {
                io.daft.memory.MemoryPool pool = io.daft.memory.MemoryPool.global().child("test", limit);
                List<List<Object>> out = new ArrayList<>();
                int spilledRuns;
                try (io.daft.spill.SpillSpace space = new io.daft.spill.SpillSpace(tmp, 0)) {
                    io.daft.memory.MemoryReservation reservation = pool.register("Sort", true);
                    try (ExternalSort sort = new ExternalSort(schema, keys, desc, nf, reservation, space, 1000, "Sort", keep)) {
                        for (RecordBatch b : batches(777)) {
                            sort.add(b);
                        }
                        spilledRuns = sort.spilledRuns();
                        try (io.daft.core.CloseableIterator<RecordBatch> it = sort.finish()) {
                            while (it.hasNext() && out.size() < keep) {
                                try (RecordBatch b = it.next(); RecordBatch sel = b.select(show)) {
                                    assertTrue(b.rowCount() <= 1000, "output batch of " + b.rowCount() + " rows");
                                    out.addAll(TestData.rows(sel));
                                }
                            }
                        }
                    }
                    assertTrue(reservation.peak() <= limit, "peak " + reservation.peak() + " over " + limit);
                    assertEquals(0, pool.reserved(), "reservation not released");
                    assertTrue(!java.nio.file.Files.exists(space.folder()) || space.folder().toFile().list().length == 0,
                            "runs not deleted");
                }
                String what = "limit " + limit + " keep " + keep;
                assertEquals(limit < (1L << 30), spilledRuns > 0, what + ": " + spilledRuns + " runs");
                List<List<Object>> expected = keep < full.size() ? full.subList(0, (int) keep) : full;
                TestData.assertRowsEqual(expected, out.subList(0, Math.min(out.size(), expected.size())), what);
                assertEquals(expected.size(), Math.min(out.size(), expected.size()), what);
            }
        }
    }

    @Test
    void topNHoldsItsRowsAndAFewBatchesAndSaysWhenTheyDoNotFit() {
        int[] keys = {schema.requireIndex("k_int64")};
        boolean[] desc = {true};
        boolean[] nf = {false};
        List<RecordBatch> bs = batches(500);
        long total = 0;
        for (RecordBatch b : bs) {
            total += b.sizeBytes();
        }
        try {
            io.daft.memory.MemoryPool pool = io.daft.memory.MemoryPool.global().child("test", 1L << 30);
            io.daft.memory.MemoryReservation small = pool.register("TopN", true);
            try (TopN top = new TopN(schema, keys, desc, nf, 50, 0, small)) {
                for (int round = 0; round < 10; round++) { // 10 times the rows: what it holds must not grow with them
                    for (RecordBatch b : bs) {
                        assertTrue(top.add(b));
                    }
                }
                top.finish().orElseThrow().close();
            }
            assertTrue(small.peak() < 10 * total / 4, "top 50 held " + small.peak() + " of " + 10 * total + " bytes");
            io.daft.memory.MemoryPool tight = io.daft.memory.MemoryPool.global().child("tight", total / 10);
            try (TopN top = new TopN(schema, keys, desc, nf, ROWS, 0, tight.register("TopN", true))) {
                boolean fits = true;
                for (RecordBatch b : bs) {
                    fits = fits && top.add(b);
                }
                assertTrue(!fits, "all rows were kept within a tenth of their size");
            }
            assertEquals(0, tight.reserved());
        } finally {
            closeAll(bs);
        }
    }
}
