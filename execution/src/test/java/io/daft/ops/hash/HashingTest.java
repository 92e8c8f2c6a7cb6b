package io.daft.ops.hash;

import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.memory.Memory;
import io.daft.ops.TestData;
import io.daft.recordbatch.RecordBatch;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HashingTest {
    private long baseline;

    @BeforeEach
    void mark() {
        baseline = Memory.allocatedBytes();
    }

    @AfterEach
    void noLeaks() {
        assertEquals(baseline, Memory.allocatedBytes(), "Arrow memory leaked");
    }

    @Test
    void xxh64MatchesReferenceVectors() {
        // published XXH64 test vectors (seed 0)
        assertEquals(0xEF46DB3751D8E999L, Hashing.xxh64(new byte[0], 0, 0, 0));
        assertEquals(0x44BC2CF5AD770999L, Hashing.xxh64("abc".getBytes(StandardCharsets.US_ASCII), 0, 3, 0));
        byte[] longer = "Nobody inspects the spammish repetition".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0xFBCEA83C8A378BF1L, Hashing.xxh64(longer, 0, longer.length, 0));
        try (ArrowBuf buf = Memory.allocator().buffer(64)) {
            buf.setBytes(0, longer);
            assertEquals(0xFBCEA83C8A378BF1L, Hashing.xxh64(buf, 0, longer.length, 0));
        }
        // XXH64 of 8 little-endian bytes == hashLong
        byte[] le = {1, 2, 3, 4, 5, 6, 7, 8};
        assertEquals(Hashing.xxh64(le, 0, 8, 99), Hashing.hashLong(0x0807060504030201L, 99));
    }

    /** Hashes are pinned: changing them would send rows to different partitions on different versions. */
    @Test
    void hashesArePinned() {
        Schema s = Schema.of(Field.of("i", DataType.INT64), Field.of("s", DataType.UTF8));
        List<Object[]> d = List.of(new Object[] {1L, null, 42L}, new Object[] {"a", "b", null});
        try (RecordBatch b = TestData.batch(s, d, 0, 3)) {
            long[] h = Hashing.hash(b.columns(), 3);
            long[] again = Hashing.hash(b.columns(), 3);
            assertArrayEquals(h, again);
            long h0 = Hashing.xxh64("a".getBytes(StandardCharsets.UTF_8), 0, 1, Hashing.hashLong(1L, Hashing.SEED));
            assertEquals(h0, h[0]);
            long h1 = Hashing.xxh64("b".getBytes(StandardCharsets.UTF_8), 0, 1, Hashing.hashLong(Hashing.NULL_VALUE, Hashing.SEED));
            assertEquals(h1, h[1]);
            assertEquals(Hashing.hashLong(Hashing.NULL_VALUE, Hashing.hashLong(42L, Hashing.SEED)), h[2]);
        }
    }

    @Test
    void equalValuesHashEquallyAcrossWidthsSlicesAndBatches() {
        Random rnd = new Random(5);
        for (DataType t : TestData.FLAT_TYPES) {
            Schema s = Schema.of(Field.of("x", t));
            List<Object[]> d = List.<Object[]>of(TestData.column(t, 2000, rnd, 30, 0.2, true));
            try (RecordBatch whole = TestData.batch(s, d, 0, 2000); RecordBatch part = TestData.batch(s, d, 700, 1500);
                 RecordBatch slice = whole.slice(700, 800)) {
                long[] hw = Hashing.hash(whole.columns(), 2000);
                long[] hp = Hashing.hash(part.columns(), 800);
                long[] hs = Hashing.hash(slice.columns(), 800);
                Map<Object, Long> byValue = new HashMap<>();
                for (int i = 0; i < 800; i++) {
                    assertEquals(hw[700 + i], hp[i], t + " row " + i);
                    assertEquals(hw[700 + i], hs[i], t + " sliced row " + i);
                }
                for (int i = 0; i < 2000; i++) {
                    Object v = TestData.norm(d.get(0)[i]);
                    Long prev = byValue.putIfAbsent(v == null ? "<null>" : v, hw[i]);
                    if (prev != null) {
                        assertEquals(prev, hw[i], t + " value " + v);
                    }
                }
                assertTrue(new HashSet<>(byValue.values()).size() == byValue.size(), t + ": distinct values collide");
            }
        }
        // integers hash alike at any width; null hashes alike at any type
        Schema s = Schema.of(Field.of("a", DataType.INT8), Field.of("b", DataType.INT32), Field.of("c", DataType.INT64),
                Field.of("d", DataType.UTF8));
        List<Object[]> d = List.of(new Object[] {5L, null}, new Object[] {5L, null}, new Object[] {5L, null}, new Object[] {"x", null});
        try (RecordBatch b = TestData.batch(s, d, 0, 2)) {
            List<FieldVector> cols = b.columns();
            for (int i = 1; i < 3; i++) {
                assertArrayEquals(Hashing.hash(List.of(cols.get(0)), 2), Hashing.hash(List.of(cols.get(i)), 2));
            }
            assertEquals(Hashing.hash(List.of(cols.get(0)), 2)[1], Hashing.hash(List.of(cols.get(3)), 2)[1]);
        }
    }

    @Test
    void floatsNormaliseZeroAndNaN() {
        Schema s = Schema.of(Field.of("f", DataType.FLOAT64), Field.of("g", DataType.FLOAT32));
        double otherNaN = Double.longBitsToDouble(0x7ff8000000000123L);
        List<Object[]> d = List.of(new Object[] {0.0, -0.0, Double.NaN, otherNaN, 1.5},
                new Object[] {0.0, -0.0, Double.NaN, Double.NaN, 1.5});
        try (RecordBatch b = TestData.batch(s, d, 0, 5)) {
            long[] h = Hashing.hash(List.of(b.column(0)), 5);
            assertEquals(h[0], h[1]);
            assertEquals(h[2], h[3]);
            assertNotEquals(h[0], h[2]);
            long[] g = Hashing.hash(List.of(b.column(1)), 5);
            assertArrayEquals(h, g, "float32 widens to float64");
        }
    }

    @Test
    void hashPartitionsSplitByKeyAndKeepEveryRow() {
        Random rnd = new Random(9);
        Schema s = Schema.of(Field.of("k", DataType.UTF8), Field.of("v", DataType.INT64));
        List<Object[]> d = List.of(TestData.column(DataType.UTF8, 5000, rnd, 100, 0.1, false),
                TestData.column(DataType.INT64, 5000, rnd, 1000, 0.0, false));
        try (RecordBatch b = TestData.batch(s, d, 0, 5000)) {
            RecordBatch[] parts = Partitioner.partitionByHash(b, new int[] {0}, 7);
            Map<Object, Integer> home = new HashMap<>();
            List<List<Object>> all = new ArrayList<>();
            try {
                for (int p = 0; p < parts.length; p++) {
                    for (List<Object> row : TestData.rows(parts[p])) {
                        Integer prev = home.putIfAbsent(String.valueOf(row.get(0)), p);
                        assertTrue(prev == null || prev == p, "key " + row.get(0) + " in two partitions");
                        all.add(row);
                    }
                    long[] h = Hashing.hash(List.of(parts[p].column(0)), parts[p].rowCount());
                    for (long x : h) {
                        assertEquals(p, Partitioner.partitionOf(x, 7));
                    }
                }
            } finally {
                for (RecordBatch p : parts) {
                    p.close();
                }
            }
            TestData.assertSameRows(TestData.rows(b), all, 2, "hash partitions");
            assertTrue(home.size() > 50);
        }
    }

    @Test
    void randomPartitionsAreReproducible() {
        Schema s = Schema.of(Field.of("v", DataType.INT64));
        Object[] vals = new Object[1000];
        for (int i = 0; i < vals.length; i++) {
            vals[i] = (long) i;
        }
        try (RecordBatch b = TestData.batch(s, List.<Object[]>of(vals), 0, 1000)) {
            RecordBatch[] p1 = Partitioner.partitionRandom(b, 4, 123);
            RecordBatch[] p2 = Partitioner.partitionRandom(b, 4, 123);
            int total = 0;
            Set<Object> seen = new HashSet<>();
            for (int i = 0; i < 4; i++) {
                assertEquals(TestData.rows(p1[i]), TestData.rows(p2[i]));
                total += p1[i].rowCount();
                assertTrue(p1[i].rowCount() > 150, "roughly even");
                TestData.rows(p1[i]).forEach(r -> seen.add(r.get(0)));
                p1[i].close();
                p2[i].close();
            }
            assertEquals(1000, total);
            assertEquals(1000, seen.size());
        }
    }
}
