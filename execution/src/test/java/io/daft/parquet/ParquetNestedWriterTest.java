package io.daft.parquet;

import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.memory.Memory;
import io.daft.recordbatch.RecordBatch;
import io.daft.recordbatch.Vectors;
import io.daft.testing.FormatTestBatches;
import io.daft.testing.FormatTestDuckDb;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.daft.testing.FormatTestDuckDb.literal;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ParquetNestedWriterTest {
    @TempDir
    Path dir;

    private long allocatedBefore;

    @BeforeEach
    void recordMemory() {
        allocatedBefore = Memory.allocatedBytes();
    }

    @AfterEach
    void checkNoLeaks() {
        assertEquals(allocatedBefore, Memory.allocatedBytes(), "Arrow memory leaked");
    }

    private static final Field INTS = Field.of("ints", DataType.list(Field.of("item", DataType.INT64)));
    private static final Field STRS = new Field("strs", DataType.list(new Field("item", DataType.UTF8, false)), true);
    private static final Field POINT = Field.of("point", DataType.struct(List.of(Field.of("a", DataType.INT32), Field.of("b", DataType.UTF8))));
    private static final Field NESTED = Field.of("nested", DataType.list(Field.of("item", DataType.struct(List.of(
            Field.of("x", DataType.INT64), Field.of("ys", DataType.list(Field.of("item", DataType.UTF8))))))));
    private static final Field DEEP = new Field("deep", DataType.struct(List.of(
            Field.of("inner", DataType.struct(List.of(Field.of("z", DataType.FLOAT64)))),
            Field.of("l", DataType.list(Field.of("item", DataType.INT32))))), false);
    private static final Field MATRIX = Field.of("matrix", DataType.list(Field.of("item", DataType.list(Field.of("item", DataType.INT64)))));
    private static final Schema SCHEMA = Schema.of(new Field("id", DataType.INT64, false), INTS, STRS, POINT, NESTED, DEEP, MATRIX);

    private static List<Object> ints(Random r, int max) {
        int n = r.nextInt(max);
        List<Object> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(r.nextInt(5) == 0 ? null : (long) r.nextInt(1000) - 500);
        }
        return l;
    }

    private static List<Object> strs(Random r, int max, boolean nulls) {
        int n = r.nextInt(max);
        List<Object> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(nulls && r.nextInt(4) == 0 ? null : "s" + r.nextInt(100));
        }
        return l;
    }

    private static Map<String, Object> struct(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** Row i: id then one value per nested column (null, List or Map). */
    private static Object[] row(int i) {
        Random r = new Random(i);
        Object ints = i % 6 == 0 ? null : ints(r, 6);
        Object strs = i % 5 == 0 ? null : strs(r, 4, false);
        Object point = i % 4 == 0 ? null : struct("a", i % 3 == 0 ? null : i * 3, "b", i % 7 == 0 ? null : "p" + i);
        Object nested = null;
        if (i % 3 != 0) {
            List<Object> l = new ArrayList<>();
            int n = r.nextInt(4);
            for (int k = 0; k < n; k++) {
                l.add(r.nextInt(5) == 0 ? null : struct("x", r.nextInt(3) == 0 ? null : (long) k * i, "ys", r.nextInt(3) == 0 ? null : strs(r, 3, true)));
            }
            nested = l;
        }
        List<Object> l = new ArrayList<>();
        for (int k = 0, n = r.nextInt(3); k < n; k++) {
            l.add((i + k) % 4 == 0 ? null : i * 2 + k);
        }
        Object deep = struct("inner", i % 2 == 0 ? null : struct("z", i % 3 == 0 ? null : i * 0.5), "l", i % 5 == 1 ? null : l);
        Object matrix = null;
        if (i % 7 != 3) {
            List<Object> m = new ArrayList<>();
            for (int k = 0, n = r.nextInt(3); k < n; k++) {
                m.add(r.nextInt(4) == 0 ? null : ints(r, 3));
            }
            matrix = m;
        }
        return new Object[] {(long) i, ints, strs, point, nested, deep, matrix};
    }

    @SuppressWarnings("unchecked")
    private static void set(FieldVector v, int i, Object o) {
        if (v instanceof ListVector) {
            ListVector lv = (ListVector) v;
            if (o == null) {
                lv.setNull(i);
                return;
            }
            List<Object> l = (List<Object>) o;
            int start = lv.startNewValue(i);
            for (int k = 0; k < l.size(); k++) {
                set(lv.getDataVector(), start + k, l.get(k));
            }
            lv.endValue(i, l.size());
            return;
        }
        if (v instanceof StructVector) {
            StructVector sv = (StructVector) v;
            Map<String, Object> m = (Map<String, Object>) o;
            if (o == null) {
                sv.setNull(i);
            } else {
                sv.setIndexDefined(i);
            }
            for (int k = 0; k < sv.size(); k++) {
                FieldVector child = (FieldVector) sv.getChildByOrdinal(k);
                set(child, i, m == null ? null : m.get(child.getName()));
            }
            return;
        }
        FieldVector one = FormatTestBatches.vector(Vectors.fieldOf(v), new Object[] {o}, 1);
        try {
            v.copyFromSafe(0, i, one);
        } finally {
            one.close();
        }
    }

    private static RecordBatch batch(int from, int rows) {
        List<FieldVector> vectors = new ArrayList<>();
        for (Field f : SCHEMA.fields()) {
            vectors.add(Vectors.allocate(f, rows));
        }
        for (int i = 0; i < rows; i++) {
            Object[] row = row(from + i);
            for (int c = 0; c < row.length; c++) {
                set(vectors.get(c), i, row[c]);
            }
        }
        for (FieldVector v : vectors) {
            v.setValueCount(rows);
        }
        return RecordBatch.of(SCHEMA, vectors, rows);
    }

    @SuppressWarnings("unchecked")
    private static String json(Object o) {
        if (o == null) {
            return "null";
        }
        if (o instanceof String) {
            return "\"" + o + "\"";
        }
        if (o instanceof List) {
            List<String> parts = new ArrayList<>();
            for (Object e : (List<Object>) o) {
                parts.add(json(e));
            }
            return "[" + String.join(",", parts) + "]";
        }
        if (o instanceof Map) {
            List<String> parts = new ArrayList<>();
            for (Map.Entry<String, Object> e : ((Map<String, Object>) o).entrySet()) {
                parts.add("\"" + e.getKey() + "\":" + json(e.getValue()));
            }
            return "{" + String.join(",", parts) + "}";
        }
        return o.toString();
    }

    @Test
    void nestedListsAndStructsRoundTripThroughDuckDb() {
        Path file = dir.resolve("nested.parquet");
        int rows = 7_000;
        try (ParquetWriter w = ParquetWriter.create(file, SCHEMA, ParquetWriteOptions.defaults()
                .withRowGroupSizeBytes(64 << 10).withPageSizeBytes(4 << 10))) {
            for (int from = 0; from < rows; from += 2_500) {
                try (RecordBatch b = batch(from, Math.min(2_500, rows - from))) {
                    w.write(b);
                }
            }
        }
        try (FormatTestDuckDb duck = new FormatTestDuckDb()) {
            List<Object[]> result = duck.query("SELECT id, to_json(ints), to_json(strs), to_json(point), to_json(nested), "
                    + "to_json(deep), to_json(matrix) FROM read_parquet(" + literal(file) + ") ORDER BY id");
            assertEquals(rows, result.size());
            for (int i = 0; i < rows; i++) {
                Object[] want = row(i);
                for (int c = 1; c < want.length; c++) {
                    Object got = result.get(i)[c];
                    assertEquals(want[c] == null ? null : json(want[c]), got == null ? null : got.toString(),
                            "row " + i + " column " + SCHEMA.field(c).name());
                }
            }
            List<Object[]> groups = duck.query("SELECT count(DISTINCT row_group_id) FROM parquet_metadata(" + literal(file) + ")");
            assertEquals(true, ((Number) groups.get(0)[0]).longValue() > 1, Arrays.toString(groups.get(0)));
            List<Object[]> paths = duck.query("SELECT DISTINCT path_in_schema FROM parquet_metadata(" + literal(file) + ") ORDER BY 1");
            List<String> got = new ArrayList<>();
            for (Object[] p : paths) {
                got.add(p[0].toString());
            }
            assertEquals(List.of("deep, inner, z", "deep, l, list, element", "id", "ints, list, element", "matrix, list, element, list, element",
                    "nested, list, element, x", "nested, list, element, ys, list, element", "point, a", "point, b",
                    "strs, list, element"), got);
        }
    }

    @Test
    void nullInsideNotNullNestedFieldIsAnError() {
        Field f = Field.of("l", DataType.list(new Field("item", DataType.INT64, false)));
        Schema schema = Schema.of(f);
        Path file = dir.resolve("bad-nested.parquet");
        try (ParquetWriter w = ParquetWriter.create(file, schema, ParquetWriteOptions.defaults())) {
            FieldVector v = Vectors.allocate(f, 2);
            set(v, 0, List.of(1L, 2L));
            set(v, 1, Arrays.asList(3L, null));
            v.setValueCount(2);
            try (RecordBatch b = RecordBatch.of(schema, List.of(v), 2)) {
                io.daft.core.DaftException e = org.junit.jupiter.api.Assertions.assertThrows(io.daft.core.DaftException.class, () -> w.write(b));
                org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("'item'") && e.getMessage().contains("bad-nested.parquet"), e.getMessage());
            }
        }
    }
}
