package io.daft.ops.hash;

import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.memory.Memory;
import io.daft.ops.TestData;
import io.daft.recordbatch.RecordBatch;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link GroupIndex} against a plain Java model (a HashMap from normalised key tuples to ids in order of first
 * appearance): every path must give exactly the model's group ids and new-group rows, batch after batch.
 */
class GroupIndexTest {
    private long baseline;

    @BeforeEach
    void mark() {
        baseline = Memory.allocatedBytes();
    }

    @AfterEach
    void noLeaks() {
        assertEquals(baseline, Memory.allocatedBytes(), "Arrow memory leaked");
    }

    /** Grouping normal form of a test value: -0.0 is 0.0, byte[] compares by content. */
    private static Object norm(Object o) {
        if (o instanceof Double && (Double) o == 0.0) {
            return 0.0;
        }
        if (o instanceof byte[]) {
            return ByteBuffer.wrap((byte[]) o);
        }
        return o;
    }

    /** Feeds the rows in uneven batches and checks ids and new rows against the model; returns the path taken. */
    private static String check(Schema schema, List<Object[]> cols, long seed) {
        int rows = cols.get(0).length;
        GroupIndex index = new GroupIndex();
        Map<List<Object>, Integer> model = new HashMap<>();
        Random rnd = new Random(seed);
        int pos = 0;
        while (pos < rows) {
            int n = Math.min(rows - pos, 1 + rnd.nextInt(5000));
            try (RecordBatch b = TestData.batch(schema, cols, pos, pos + n)) {
                List<FieldVector> keys = new ArrayList<>(b.columns());
                int[] gids = new int[n];
                int[] newRows = new int[n];
                int created = index.findOrInsert(keys, n, gids, newRows);
                int[] expGids = new int[n];
                int[] expNew = new int[n];
                int expCreated = 0;
                for (int r = 0; r < n; r++) {
                    List<Object> key = new ArrayList<>(cols.size());
                    for (Object[] c : cols) {
                        key.add(norm(c[pos + r]));
                    }
                    Integer g = model.get(key);
                    if (g == null) {
                        g = model.size();
                        model.put(key, g);
                        expNew[expCreated++] = r;
                    }
                    expGids[r] = g;
                }
                assertEquals(expCreated, created, "new groups in batch at " + pos + " (" + index.path() + ")");
                assertArrayEquals(Arrays.copyOf(expNew, expCreated), Arrays.copyOf(newRows, created), "new rows at " + pos);
                assertArrayEquals(expGids, gids, "group ids at " + pos + " (" + index.path() + ")");
                assertEquals(model.size(), index.groupCount());
            }
            pos += n;
        }
        return index.path();
    }

    private static Object[] column(DataType t, int rows, Random rnd, int card, double nulls) {
        return TestData.column(t, rows, rnd, card, nulls, true);
    }

    @Test
    void singleKeyOfEveryTypeMatchesModel() {
        Random rnd = new Random(11);
        for (DataType t : TestData.FLAT_TYPES) {
            for (double nulls : new double[] {0.0, 0.2}) {
                Schema s = Schema.of(Field.of("k", t));
                String path = check(s, List.<Object[]>of(column(t, 30_000, rnd, 200, nulls)), 5);
                String expected = t.id() == io.daft.core.TypeId.DECIMAL ? "encoded"
                        : t.id() == io.daft.core.TypeId.UTF8 || t.id() == io.daft.core.TypeId.BINARY ? "bytes" : "long";
                assertEquals(expected, path, t.toString());
            }
        }
    }

    @Test
    void floatZerosAndNaNsGroupBySqlEquality() {
        Object[] vals = {0.0, -0.0, Double.NaN, null, 1.5, -0.0, Double.longBitsToDouble(0x7ff8000000000123L),
                Double.NaN, null, 0.0, -1.5, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY};
        for (DataType t : List.of(DataType.FLOAT64, DataType.FLOAT32)) {
            Schema s = Schema.of(Field.of("k", t));
            assertEquals("long", check(s, List.<Object[]>of(vals), 1));
            // packed with another key too
            Object[] other = new Object[vals.length];
            Arrays.fill(other, 7L);
            Schema s2 = Schema.of(Field.of("k", t), Field.of("i", DataType.INT16));
            check(s2, List.of(vals, other), 1);
            GroupIndex index = new GroupIndex();
            try (RecordBatch b = TestData.batch(s, List.<Object[]>of(vals), 0, vals.length)) {
                int[] gids = new int[vals.length];
                index.findOrInsert(b.columns(), vals.length, gids, new int[vals.length]);
                // 0, NaN, null, 1.5, -1.5, -inf, +inf
                assertEquals(7, index.groupCount(), t.toString());
                assertEquals(gids[0], gids[1]);
                assertEquals(gids[2], gids[6]);
            }
        }
    }

    @Test
    void emptyStringsAreNotNull() {
        Object[] vals = {"", null, "", "a", null, "", "abcdefgh", "abcdefghi", "abcdefgh", "ü€", ""};
        Schema s = Schema.of(Field.of("k", DataType.UTF8));
        assertEquals("bytes", check(s, List.<Object[]>of(vals), 3));
        Object[] bins = {new byte[0], null, new byte[] {0}, new byte[0], new byte[] {0, 0}, new byte[] {0}, null};
        assertEquals("bytes", check(Schema.of(Field.of("b", DataType.BINARY)), List.<Object[]>of(bins), 3));
    }

    @Test
    void stringsOfEveryLengthAcrossBatches() {
        // lengths 0..40 with shared prefixes, so word-at-a-time compares see every tail length
        Random rnd = new Random(5);
        int rows = 40_000;
        Object[] vals = new Object[rows];
        for (int i = 0; i < rows; i++) {
            if (rnd.nextInt(20) == 0) {
                continue;
            }
            int len = rnd.nextInt(41);
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < len; j++) {
                sb.append(j == len - 1 ? (char) ('a' + rnd.nextInt(3)) : 'x');
            }
            vals[i] = sb.toString();
        }
        assertEquals("bytes", check(Schema.of(Field.of("k", DataType.UTF8)), List.<Object[]>of(vals), 9));
    }

    @Test
    void manyGroupsGrowTheTables() {
        Random rnd = new Random(17);
        int rows = 300_000;
        Object[] longs = new Object[rows];
        Object[] strs = new Object[rows];
        Object[] a = new Object[rows];
        Object[] b = new Object[rows];
        for (int i = 0; i < rows; i++) {
            long k = rnd.nextInt(150_000);
            longs[i] = i % 97 == 0 ? null : k * 1_000_003L;
            strs[i] = i % 89 == 0 ? null : "key-" + k;
            a[i] = i % 83 == 0 ? null : (long) rnd.nextInt(400);
            b[i] = i % 79 == 0 ? null : (long) rnd.nextInt(400) - 200;
        }
        assertEquals("long", check(Schema.of(Field.of("k", DataType.INT64)), List.<Object[]>of(longs), 1));
        assertEquals("bytes", check(Schema.of(Field.of("k", DataType.UTF8)), List.<Object[]>of(strs), 2));
        assertEquals("packed128", check(Schema.of(Field.of("a", DataType.INT32), Field.of("b", DataType.INT32)),
                List.of(a, b), 3));
        assertEquals("packed64", check(Schema.of(Field.of("a", DataType.INT16), Field.of("b", DataType.INT32)),
                List.of(a, b), 4));
    }

    @Test
    void multiKeyPathsMatchModel() {
        Random rnd = new Random(23);
        int rows = 20_000;
        Object[][] shapes = {
            {DataType.BOOLEAN, DataType.INT8, "packed64"},
            {DataType.INT16, DataType.DATE, "packed64"},
            {DataType.INT64, DataType.INT32, "packed128"},
            {DataType.FLOAT64, DataType.FLOAT32, "packed128"},
            {TestData.TS, DataType.BOOLEAN, "packed128"},
            {DataType.INT64, DataType.FLOAT64, "encoded"},
            {DataType.UTF8, DataType.INT32, "encoded"},
            {TestData.DEC, DataType.INT8, "encoded"},
        };
        for (Object[] shape : shapes) {
            DataType t1 = (DataType) shape[0];
            DataType t2 = (DataType) shape[1];
            Schema s = Schema.of(Field.of("a", t1), Field.of("b", t2));
            List<Object[]> cols = List.of(column(t1, rows, rnd, 40, 0.1), column(t2, rows, rnd, 30, 0.1));
            assertEquals(shape[2], check(s, cols, 7), t1 + ", " + t2);
        }
        // three columns, all null in some rows
        Schema s3 = Schema.of(Field.of("a", DataType.INT8), Field.of("b", DataType.BOOLEAN), Field.of("c", DataType.INT32));
        List<Object[]> cols3 = List.of(column(DataType.INT8, rows, rnd, 10, 0.3), column(DataType.BOOLEAN, rows, rnd, 2, 0.3),
                column(DataType.INT32, rows, rnd, 10, 0.3));
        assertEquals("packed64", check(s3, cols3, 8));
    }

    @Test
    void sortedRunsUseTheLastMatchAndStayCorrect() {
        int rows = 50_000;
        Object[] longs = new Object[rows];
        Object[] strs = new Object[rows];
        for (int i = 0; i < rows; i++) {
            longs[i] = (i / 1000) % 7 == 3 ? null : (long) (i / 1000);
            strs[i] = (i / 700) % 5 == 1 ? null : "run-" + (i / 700) % 13;
        }
        assertEquals("long", check(Schema.of(Field.of("k", DataType.INT64)), List.<Object[]>of(longs), 1));
        assertEquals("bytes", check(Schema.of(Field.of("k", DataType.UTF8)), List.<Object[]>of(strs), 1));
    }

    /**
     * Keys that come with dictionary codes group exactly as without them, batch after batch, while dictionaries
     * change (new dictionary objects holding overlapping values in another order), with nulls, one or two keys,
     * and a key column without codes mixed in (which must take the plain path).
     */
    @Test
    void dictionaryCodesGroupAsTheValuesDo() {
        Random rnd = new Random(23);
        for (int keys = 1; keys <= 3; keys++) {
            Schema schema = keys == 1 ? Schema.of(Field.of("a", DataType.UTF8))
                    : keys == 2 ? Schema.of(Field.of("a", DataType.UTF8), Field.of("b", DataType.UTF8))
                    : Schema.of(Field.of("a", DataType.UTF8), Field.of("i", DataType.INT64));
            GroupIndex plain = new GroupIndex();
            GroupIndex coded = new GroupIndex();
            Object[][] dicts = new Object[2][];
            for (int batch = 0; batch < 40; batch++) {
                if (batch % 7 == 0) {
                    for (int d = 0; d < 2; d++) {   // a new row group: new dictionaries, values partly shared
                        Object[] dict = new Object[1 + rnd.nextInt(60)];
                        for (int e = 0; e < dict.length; e++) {
                            dict[e] = "v" + rnd.nextInt(80) + "-" + e % 3;
                        }
                        dicts[d] = dict;
                    }
                }
                int n = 1 + rnd.nextInt(3000);
                List<Object[]> cols = new ArrayList<>();
                List<java.util.Optional<io.daft.recordbatch.DictionaryCodes>> codes = new ArrayList<>();
                for (int c = 0; c < (keys == 3 ? 1 : keys); c++) {
                    Object[] dict = dicts[c];
                    int[] code = new int[n];
                    Object[] vals = new Object[n];
                    for (int r = 0; r < n; r++) {
                        code[r] = rnd.nextInt(10) == 0 ? -1 : rnd.nextInt(dict.length);
                        vals[r] = code[r] < 0 ? null : dict[code[r]];
                    }
                    cols.add(vals);
                    codes.add(java.util.Optional.of(new io.daft.recordbatch.DictionaryCodes(dict, dict.length, code, 0)));
                }
                if (keys == 3) {
                    Object[] ints = new Object[n];
                    for (int r = 0; r < n; r++) {
                        ints[r] = (long) rnd.nextInt(3);
                    }
                    cols.add(ints);
                    codes.add(java.util.Optional.empty());
                }
                try (RecordBatch b = TestData.batch(schema, cols, 0, n)) {
                    int[] expGids = new int[n];
                    int[] expNew = new int[n];
                    int expCreated = plain.findOrInsert(b.columns(), n, expGids, expNew);
                    int[] gids = new int[n];
                    int[] newRows = new int[n];
                    int created = coded.findOrInsert(b.columns(), codes, n, gids, newRows);
                    assertEquals(expCreated, created, "new groups, batch " + batch + ", " + keys + " keys");
                    assertArrayEquals(Arrays.copyOf(expNew, expCreated), Arrays.copyOf(newRows, created), "new rows, batch " + batch);
                    assertArrayEquals(expGids, gids, "group ids, batch " + batch + ", " + keys + " keys");
                    assertEquals(plain.groupCount(), coded.groupCount());
                }
            }
        }
    }
}
