package io.daft.ops.join;

import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.memory.Memory;
import io.daft.ops.TestData;
import io.daft.recordbatch.RecordBatch;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.Float8Vector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HashJoinTest {
    private static final int LEFT_ROWS = 1500;
    private static final int RIGHT_ROWS = 1000;
    private static Connection duck;
    private long baseline;

    @BeforeAll
    static void open() throws Exception {
        duck = DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterAll
    static void close() throws Exception {
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

    /** One side: key k (type t), second key k2 (INT32), unique id, value v (FLOAT64). */
    private record Side(Schema schema, List<Object[]> data) {
        int rows() {
            return data.get(0).length;
        }
    }

    private static Side side(String p, DataType t, int rows, Random rnd) {
        Schema s = Schema.of(Field.of(p + "k", t), Field.of(p + "k2", DataType.INT32), Field.of(p + "id", DataType.INT64),
                Field.of(p + "v", DataType.FLOAT64));
        Object[] ids = new Object[rows];
        for (int i = 0; i < rows; i++) {
            ids[i] = (long) i;
        }
        List<Object[]> d = List.of(TestData.column(t, rows, rnd, 150, 0.1, true), TestData.column(DataType.INT32, rows, rnd, 3, 0.05, false),
                ids, TestData.column(DataType.FLOAT64, rows, rnd, 100, 0.1, false));
        return new Side(s, d);
    }

    private static List<RecordBatch> batches(Side s, int size) {
        List<RecordBatch> out = new ArrayList<>();
        for (int pos = 0; pos < s.rows(); pos += size) {
            out.add(TestData.batch(s.schema(), s.data(), pos, Math.min(s.rows(), pos + size)));
        }
        return out;
    }

    /** lv < rv on the pair batch (left++right), null = no match. */
    private static final Function<RecordBatch, BitVector> LV_LT_RV = pairs -> {
        Float8Vector lv = (Float8Vector) pairs.column("lv");
        Float8Vector rv = (Float8Vector) pairs.column("rv");
        BitVector out = new BitVector("m", Memory.allocator());
        out.allocateNew(pairs.rowCount());
        for (int i = 0; i < pairs.rowCount(); i++) {
            if (lv.isNull(i) || rv.isNull(i)) {
                out.setNull(i);
            } else {
                out.set(i, lv.get(i) < rv.get(i) ? 1 : 0);
            }
        }
        out.setValueCount(pairs.rowCount());
        return out;
    };

    private static List<List<Object>> ours(Side left, Side right, int[] keys, JoinType type, boolean buildIsLeft,
                                           boolean residual) {
        Side build = buildIsLeft ? left : right;
        Side probe = buildIsLeft ? right : left;
        List<List<Object>> rows = new ArrayList<>();
        List<RecordBatch> buildBatches = batches(build, 700);
        List<RecordBatch> probeBatches = batches(probe, 450);
        try (JoinHashTable table = JoinHashTable.build(buildBatches, build.schema(), keys);
             HashJoinProbe p = new HashJoinProbe(table, type, buildIsLeft, probe.schema(), keys,
                     residual ? Optional.of(LV_LT_RV) : Optional.empty())) {
            buildBatches.forEach(RecordBatch::close);
            for (RecordBatch b : probeBatches) {
                try (RecordBatch out = p.probe(b)) {
                    assertEquals(p.schema(), out.schema());
                    rows.addAll(TestData.rows(out));
                }
            }
            Optional<RecordBatch> rest = p.finish();
            assertEquals(p.needsFinish(), rest.isPresent());
            if (rest.isPresent()) {
                try (RecordBatch out = rest.get()) {
                    assertEquals(p.schema(), out.schema());
                    rows.addAll(TestData.rows(out));
                }
            }
        } finally {
            probeBatches.forEach(RecordBatch::close);
        }
        return rows;
    }

    private static String cols(String alias, Schema s) {
        StringBuilder sb = new StringBuilder();
        for (Field f : s.fields()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(TestData.wrap(alias + "." + f.name(), f.dataType()));
        }
        return sb.toString();
    }

    private static List<List<Object>> duck(Side left, Side right, int nkeys, JoinType type, boolean residual) throws Exception {
        String on = "l.lk = r.rk" + (nkeys > 1 ? " AND l.lk2 = r.rk2" : "") + (residual ? " AND l.lv < r.rv" : "");
        List<DataType> types = new ArrayList<>();
        left.schema().fields().forEach(f -> types.add(f.dataType()));
        String sql;
        if (type == JoinType.SEMI || type == JoinType.ANTI) {
            sql = "SELECT " + cols("l", left.schema()) + " FROM l WHERE " + (type == JoinType.ANTI ? "NOT " : "")
                    + "EXISTS (SELECT 1 FROM r WHERE " + on + ")";
        } else {
            right.schema().fields().forEach(f -> types.add(f.dataType()));
            String kw = type == JoinType.INNER ? "INNER" : type == JoinType.LEFT ? "LEFT" : type == JoinType.RIGHT ? "RIGHT" : "FULL";
            sql = "SELECT " + cols("l", left.schema()) + ", " + cols("r", right.schema()) + " FROM l " + kw
                    + " JOIN r ON " + on;
        }
        return TestData.query(duck, sql, types);
    }

    @Test
    void everyJoinTypeAndKeyTypeMatchesDuckDb() throws Exception {
        Random rnd = new Random(7);
        for (DataType t : TestData.FLAT_TYPES) {
            // few distinct booleans: smaller sides keep the join output small
            int scale = t.id() == io.daft.core.TypeId.BOOLEAN ? 10 : 1;
            Side left = side("l", t, LEFT_ROWS / scale, rnd);
            Side right = side("r", t, RIGHT_ROWS / scale, rnd);
            TestData.load(duck, "l", left.schema(), left.data());
            TestData.load(duck, "r", right.schema(), right.data());
            for (int nkeys = 1; nkeys <= 2; nkeys++) {
                int[] keys = nkeys == 1 ? new int[] {0} : new int[] {0, 1};
                boolean residual = nkeys == 2;
                for (JoinType type : JoinType.values()) {
                    List<List<Object>> expected = duck(left, right, nkeys, type, residual);
                    for (boolean buildIsLeft : new boolean[] {true, false}) {
                        String what = type + " on " + t + " keys=" + nkeys + " residual=" + residual + " buildIsLeft=" + buildIsLeft;
                        TestData.assertSameRows(expected, ours(left, right, keys, type, buildIsLeft, residual), 99, what);
                    }
                    if (type == JoinType.INNER) {
                        assertFalse(expected.isEmpty(), "inner join on " + t + " should match something");
                    }
                }
            }
        }
    }

    /** Sides with keys of few values: every probe batch has more candidate pairs than one residual slice. */
    private static Side crowdedSide(String p, DataType t, int rows, Random rnd) {
        Side s = side(p, t, rows, rnd);
        List<Object[]> d = new ArrayList<>(s.data());
        d.set(0, TestData.column(t, rows, rnd, 2, 0.05, false));
        // many nulls in v: the residual lv < rv is often NULL, which must count as no match
        d.set(3, TestData.column(DataType.FLOAT64, rows, rnd, 40, 0.3, false));
        return new Side(s.schema(), d);
    }

    @Test
    void residualOverManyMatchesPerKeyMatchesDuckDb() throws Exception {
        Random rnd = new Random(11);
        for (DataType t : List.of(DataType.INT64, DataType.UTF8)) {
            Side left = crowdedSide("l", t, 900, rnd);
            Side right = crowdedSide("r", t, 800, rnd);
            TestData.load(duck, "l", left.schema(), left.data());
            TestData.load(duck, "r", right.schema(), right.data());
            for (int nkeys = 1; nkeys <= 2; nkeys++) {
                int[] keys = nkeys == 1 ? new int[] {0} : new int[] {0, 1};
                for (JoinType type : JoinType.values()) {
                    List<List<Object>> expected = duck(left, right, nkeys, type, true);
                    for (boolean buildIsLeft : new boolean[] {true, false}) {
                        String what = "crowded " + type + " on " + t + " keys=" + nkeys + " buildIsLeft=" + buildIsLeft;
                        TestData.assertSameRows(expected, ours(left, right, keys, type, buildIsLeft, true), 99, what);
                    }
                }
            }
        }
    }

    @Test
    void semiJoinStopsEvaluatingAProbeRowOnceItMatches() {
        // one key, 3,000 build rows: every probe row's first candidate passes the residual
        int buildRows = 3000;
        int probeRows = 400;
        Schema bs = Schema.of(Field.of("rk", DataType.INT64), Field.of("rv", DataType.FLOAT64));
        Schema ps = Schema.of(Field.of("lk", DataType.INT64), Field.of("lv", DataType.FLOAT64));
        Object[] bk = new Object[buildRows];
        Object[] bv = new Object[buildRows];
        for (int i = 0; i < buildRows; i++) {
            bk[i] = 1L;
            bv[i] = (double) i;
        }
        Object[] pk = new Object[probeRows];
        Object[] pv = new Object[probeRows];
        for (int i = 0; i < probeRows; i++) {
            pk[i] = 1L;
            pv[i] = -1.0;
        }
        long[] evaluated = new long[1];
        Function<RecordBatch, BitVector> counting = pairs -> {
            evaluated[0] += pairs.rowCount();
            return LV_LT_RV.apply(pairs);
        };
        try (RecordBatch b = TestData.batch(bs, List.of(bk, bv), 0, buildRows);
             RecordBatch pb = TestData.batch(ps, List.of(pk, pv), 0, probeRows);
             JoinHashTable table = JoinHashTable.build(List.of(b), bs, new int[] {0})) {
            for (JoinType type : List.of(JoinType.SEMI, JoinType.ANTI)) {
                evaluated[0] = 0;
                try (HashJoinProbe p = new HashJoinProbe(table, type, false, ps, new int[] {0}, Optional.of(counting));
                     RecordBatch out = p.probe(pb)) {
                    assertEquals(type == JoinType.SEMI ? probeRows : 0, out.rowCount(), type.toString());
                }
                assertEquals(probeRows, evaluated[0], type + ": one candidate per probe row, not " + buildRows);
            }
        }
    }

    @Test
    void nullKeysNeverMatch() {
        Schema s = Schema.of(Field.of("k", DataType.UTF8));
        Schema s2 = Schema.of(Field.of("k2", DataType.UTF8));
        List<Object[]> d = List.<Object[]>of(new Object[] {null, "a", null});
        List<RecordBatch> bs = List.of(TestData.batch(s, d, 0, 3));
        try (JoinHashTable table = JoinHashTable.build(bs, s, new int[] {0});
             RecordBatch probe = TestData.batch(s2, d, 0, 3)) {
            bs.forEach(RecordBatch::close);
            try (HashJoinProbe p = new HashJoinProbe(table, JoinType.INNER, false, s2, new int[] {0}, Optional.empty());
                 RecordBatch out = p.probe(probe)) {
                assertEquals(List.of(List.of("a", "a")), TestData.rows(out));
            }
            try (HashJoinProbe p = new HashJoinProbe(table, JoinType.ANTI, true, s2, new int[] {0}, Optional.empty())) {
                p.probe(probe).close();
                try (RecordBatch out = p.finish().orElseThrow()) {
                    List<Object> nullRow = new ArrayList<>();
                    nullRow.add(null);
                    assertEquals(List.of(nullRow, nullRow), TestData.rows(out));
                }
            }
        }
    }

    /** Inner join of two one-column batches (build = right), as sorted (left, right) value pairs. */
    private static List<List<Object>> innerJoin(DataType t, Object[] left, Object[] right) {
        Schema ls = Schema.of(Field.of("a", t));
        Schema rs = Schema.of(Field.of("b", t));
        List<RecordBatch> bs = List.of(TestData.batch(rs, List.<Object[]>of(right), 0, right.length));
        List<List<Object>> rows = new ArrayList<>();
        try (JoinHashTable table = JoinHashTable.build(bs, rs, new int[] {0});
             RecordBatch probe = TestData.batch(ls, List.<Object[]>of(left), 0, left.length);
             HashJoinProbe p = new HashJoinProbe(table, JoinType.INNER, false, ls, new int[] {0}, Optional.empty());
             RecordBatch out = p.probe(probe)) {
            rows.addAll(TestData.rows(out));
        } finally {
            bs.forEach(RecordBatch::close);
        }
        return rows;
    }

    @Test
    void floatKeysJoinBySqlEquality() {
        for (DataType t : List.of(DataType.FLOAT64, DataType.FLOAT32)) {
            Object[] left = {-0.0, Double.NaN, null, 1.0};
            Object[] right = {0.0, Double.longBitsToDouble(0x7ff8000000000abcL), null, 2.0};
            List<List<Object>> rows = innerJoin(t, left, right);
            assertEquals(2, rows.size(), t + ": " + rows);
            assertEquals(0.0, Math.abs((Double) rows.get(0).get(0)));
            assertTrue(Double.isNaN((Double) rows.get(1).get(0)));
        }
    }

    @Test
    void emptyStringKeysMatchOnlyEmptyStrings() {
        Object[] left = {"", null, "a", "abcdefghij", "abcdefghi"};
        Object[] right = {null, "", "", "abcdefghij", "abcdefgh"};
        assertEquals(List.of(List.of("", ""), List.of("", ""), List.of("abcdefghij", "abcdefghij")),
                innerJoin(DataType.UTF8, left, right));
    }

    @Test
    void keyTypesMustMatch() {
        Schema s = Schema.of(Field.of("k", DataType.INT32));
        Schema s2 = Schema.of(Field.of("k2", DataType.INT64));
        try (JoinHashTable table = JoinHashTable.build(List.of(), s, new int[] {0})) {
            assertThrows(DaftException.class,
                    () -> new HashJoinProbe(table, JoinType.INNER, true, s2, new int[] {0}, Optional.empty()));
        }
    }

    @Test
    void parallelProbesOfOneTableAgreeWithOneProbe() throws Exception {
        Random rnd = new Random(3);
        Side left = side("l", DataType.UTF8, 8_000, rnd);
        Side right = side("r", DataType.UTF8, 2_000, rnd);
        List<List<Object>> single = ours(left, right, new int[] {0}, JoinType.FULL, false, false);
        List<RecordBatch> build = batches(right, 1000);
        List<RecordBatch> probes = batches(left, 1000);
        List<List<Object>> rows = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (JoinHashTable table = JoinHashTable.build(build, right.schema(), new int[] {0})) {
            List<HashJoinProbe> ps = new ArrayList<>();
            List<Future<List<List<Object>>>> fs = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                HashJoinProbe p = new HashJoinProbe(table, JoinType.FULL, false, left.schema(), new int[] {0}, Optional.empty());
                ps.add(p);
                int worker = w;
                fs.add(pool.submit(() -> {
                    List<List<Object>> out = new ArrayList<>();
                    for (int i = worker; i < probes.size(); i += 4) {
                        try (RecordBatch o = p.probe(probes.get(i))) {
                            out.addAll(TestData.rows(o));
                        }
                    }
                    return out;
                }));
            }
            for (Future<List<List<Object>>> f : fs) {
                rows.addAll(f.get());
            }
            for (int w = 1; w < 4; w++) {
                ps.get(0).mergeMatchesFrom(ps.get(w));
            }
            try (RecordBatch rest = ps.get(0).finish().orElseThrow()) {
                rows.addAll(TestData.rows(rest));
            }
        } finally {
            pool.shutdown();
            build.forEach(RecordBatch::close);
            probes.forEach(RecordBatch::close);
        }
        TestData.assertSameRows(single, rows, 99, "parallel full join");
        assertTrue(rows.size() > 8_000);
    }
}
