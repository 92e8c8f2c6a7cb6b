package io.daft.execution;

import io.daft.Daft;
import io.daft.DataFrame;
import io.daft.config.ExecutionConfig;
import io.daft.core.CloseableIterator;
import io.daft.core.DaftException;
import io.daft.dsl.Expr;
import io.daft.memory.MemoryLimitExceededException;
import io.daft.memory.MemoryPool;
import io.daft.memory.MemoryReservation;
import io.daft.micropartition.MicroPartition;
import io.daft.ops.join.JoinBuild;
import io.daft.ops.join.JoinType;
import io.daft.physical.Exchange;
import io.daft.physical.HashJoinPlan;
import io.daft.physical.PhysicalPlan;
import io.daft.recordbatch.RecordBatch;
import io.daft.recordbatch.Values;
import io.daft.testing.LeakCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static io.daft.Daft.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hash joins whose sides are each more than 20 times the memory limit: the build side spills to hash buckets and
 * the join runs bucket by bucket (grace hash join), for every join type, build side, key shape and broadcast, with
 * DuckDB's answers, bytes spilled, the peak reservation within the limit, no spill file and no Arrow memory left.
 * A key whose rows alone exceed the limit fails clearly; failed and cancelled queries leave no files.
 */
class JoinSpillTest {
    private static final long LIMIT = 1L << 20;
    private static final long HUGE = 1L << 40;

    @TempDir
    static Path dir;
    private static Connection duck;
    private static Path spillBase;
    private static String a;
    private static String b;

    @BeforeAll
    static void writeData() throws Exception {
        duck = DriverManager.getConnection("jdbc:duckdb:");
        spillBase = dir.resolve("spill");
        a = dir.resolve("a.parquet").toString();
        b = dir.resolve("b.parquet").toString();
        try (Statement s = duck.createStatement()) {
            // keys repeat (duplicates on both sides), some are NULL, and only part of them exist on the other side
            s.execute("COPY (SELECT CASE WHEN i % 101 = 0 THEN NULL ELSE i % 120000 END AS ak,"
                    + " CASE WHEN i % 89 = 0 THEN NULL ELSE 'key' || (i % 90000) END AS as_,"
                    + " i % 7 AS ak2, i % 997 AS ax, repeat('a', 10 + (i % 20)::INT) AS apad FROM range(360000) t(i)) TO '"
                    + a + "' (FORMAT PARQUET, ROW_GROUP_SIZE 30000)");
            s.execute("COPY (SELECT CASE WHEN i % 103 = 0 THEN NULL ELSE (i * 7) % 150000 END AS bk,"
                    + " CASE WHEN i % 83 = 0 THEN NULL ELSE 'key' || ((i * 3) % 100000) END AS bs,"
                    + " i % 5 AS bk2, i % 991 AS by_, repeat('b', 10 + (i % 25)::INT) AS bpad FROM range(360000) t(i)) TO '"
                    + b + "' (FORMAT PARQUET, ROW_GROUP_SIZE 30000)");
        }
    }

    @AfterAll
    static void closeDuck() throws SQLException {
        duck.close();
    }

    @AfterEach
    void reset() {
        Daft.setExecutionConfig(ExecutionConfig.defaults());
    }

    private static ExecutionConfig.Builder config() {
        return ExecutionConfig.builder().memoryLimit(LIMIT).tempDirectory(spillBase.toString()).defaultMorselSize(4096)
                .numPartitions(1).broadcastJoinSizeBytesThreshold(0).scanTasksMinSizeBytes(HUGE).scanTasksMaxSizeBytes(HUGE);
    }

    /** The scan of {@code path} in {@code partitions} partitions (1: one scan task). */
    private static PhysicalPlan scan(String path, int partitions) {
        ExecutionConfig c = partitions == 1 ? config().build()
                : config().scanTasksMinSizeBytes(1).scanTasksMaxSizeBytes(new java.io.File(path).length() / partitions + 1).build();
        Daft.setExecutionConfig(c);
        try {
            PhysicalPlan p = Daft.readParquet(path).physicalPlan();
            assertTrue(partitions == 1 ? p.numPartitions() == 1 : p.numPartitions() > 1, "partitions of " + p.describe());
            return p;
        } finally {
            Daft.setExecutionConfig(ExecutionConfig.defaults());
        }
    }

    private enum Keys {
        LONG(List.of("ak"), List.of("bk"), "a.ak = b.bk"),
        STRING(List.of("as_"), List.of("bs"), "a.as_ = b.bs"),
        MULTI(List.of("ak2", "as_"), List.of("bk2", "bs"), "a.ak2 = b.bk2 AND a.as_ = b.bs");

        final List<String> left;
        final List<String> right;
        final String sql;

        Keys(List<String> left, List<String> right, String sql) {
            this.left = left;
            this.right = right;
            this.sql = sql;
        }
    }

    @Test
    void inputsAreMoreThanTwentyTimesTheLimit() {
        for (String path : List.of(a, b)) {
            long bytes = 0;
            try (Run run = new Run(config().build()); CloseableIterator<RecordBatch> it = run.open(scan(path, 1))) {
                while (it.hasNext()) {
                    try (RecordBatch batch = it.next()) {
                        bytes += batch.sizeBytes();
                    }
                }
            }
            assertTrue(bytes >= 20 * LIMIT, path + " is " + bytes + " bytes in memory");
        }
    }

    @Test
    void partitionedJoinsOfEveryTypeSpillAndMatchDuckDb() throws Exception {
        for (JoinType type : JoinType.values()) {
            check(type, Keys.LONG, HashJoinPlan.Strategy.PARTITIONED, false);
        }
    }

    @Test
    void buildingTheLeftSideSpillsAndMatchesDuckDb() throws Exception {
        // the build side preserved (LEFT, FULL), and semi/anti rows emitted when each bucket is done
        for (JoinType type : List.of(JoinType.LEFT, JoinType.FULL, JoinType.SEMI, JoinType.ANTI)) {
            check(type, Keys.LONG, HashJoinPlan.Strategy.PARTITIONED_BUILD_LEFT, false);
        }
    }

    @Test
    void stringAndMultiColumnKeysSpillAndMatchDuckDb() throws Exception {
        check(JoinType.INNER, Keys.STRING, HashJoinPlan.Strategy.PARTITIONED, false);
        check(JoinType.FULL, Keys.STRING, HashJoinPlan.Strategy.PARTITIONED_BUILD_LEFT, false);
        check(JoinType.ANTI, Keys.STRING, HashJoinPlan.Strategy.PARTITIONED, false);
        check(JoinType.LEFT, Keys.MULTI, HashJoinPlan.Strategy.PARTITIONED, false);
        check(JoinType.SEMI, Keys.MULTI, HashJoinPlan.Strategy.PARTITIONED_BUILD_LEFT, false);
    }

    @Test
    void residualConditionsHoldPerBucket() throws Exception {
        for (JoinType type : List.of(JoinType.LEFT, JoinType.FULL, JoinType.ANTI)) {
            check(type, Keys.LONG, HashJoinPlan.Strategy.PARTITIONED, true);
        }
        check(JoinType.SEMI, Keys.STRING, HashJoinPlan.Strategy.PARTITIONED_BUILD_LEFT, true);
        check(JoinType.ANTI, Keys.LONG, HashJoinPlan.Strategy.PARTITIONED_BUILD_LEFT, true);
    }

    @Test
    void broadcastSideLargerThanMemoryFallsBackToBuckets() throws Exception {
        check(JoinType.LEFT, Keys.LONG, HashJoinPlan.Strategy.BROADCAST_RIGHT, false);
        check(JoinType.ANTI, Keys.LONG, HashJoinPlan.Strategy.BROADCAST_RIGHT, false);
        check(JoinType.SEMI, Keys.STRING, HashJoinPlan.Strategy.BROADCAST_RIGHT, true);
        check(JoinType.RIGHT, Keys.MULTI, HashJoinPlan.Strategy.BROADCAST_LEFT, false);
    }

    @Test
    void smallBuildSidesStayInMemory() throws Exception {
        long baseline = LeakCheck.settledBaseline();
        PhysicalPlan left = scan(a, 1);
        PhysicalPlan right = scan(b, 1);
        HashJoinPlan plan = new HashJoinPlan(left, right, List.of("ak"), List.of("bk"), JoinType.INNER,
                HashJoinPlan.Strategy.PARTITIONED, Optional.empty());
        try (Run run = new Run(config().memoryLimit(1L << 30).build())) {
            long[] ours = run.checksum(plan);
            assertArrayEquals(duckChecksum(JoinType.INNER, Keys.LONG, false), ours);
            assertEquals(0, run.query.spill().bytesSpilled(), "nothing spills when the build side fits");
        }
        LeakCheck.assertReturnsTo(baseline);
    }

    /** Runs one join of a and b under the limit and compares with DuckDB. */
    private void check(JoinType type, Keys keys, HashJoinPlan.Strategy strategy, boolean residual) throws Exception {
        String what = type + " " + keys + " " + strategy + (residual ? " with residual" : "");
        long baseline = LeakCheck.settledBaseline();
        int probePartitions = strategy.broadcast() ? 2 : 1;
        PhysicalPlan left = scan(a, strategy == HashJoinPlan.Strategy.BROADCAST_LEFT ? 2 : probePartitions);
        PhysicalPlan right = scan(b, strategy == HashJoinPlan.Strategy.BROADCAST_RIGHT ? 2 : 1);
        if (strategy == HashJoinPlan.Strategy.BROADCAST_LEFT) {
            right = scan(b, 2);
        }
        Optional<Expr> condition = residual ? Optional.of(col("ax").lt(col("by_"))) : Optional.empty();
        HashJoinPlan plan = new HashJoinPlan(left, right, keys.left, keys.right, type, strategy, condition);
        long[] ours;
        try (Run run = new Run(config().build())) {
            ours = run.checksum(plan);
            assertTrue(run.query.spill().bytesSpilled() > 0, what + ": nothing spilled");
            // the buckets were built in memory under the reservation, up to the limit and no further
            long peak = run.query.memory().peak();
            assertTrue(peak > LIMIT / 8 && peak <= LIMIT, what + ": peak " + peak);
        }
        assertArrayEquals(duckChecksum(type, keys, residual), ours, what + ": " + Arrays.toString(ours));
        assertNoSpillFiles(what);
        LeakCheck.assertReturnsTo(baseline);
    }

    @Test
    void dataFrameJoinsThroughTheNativeRunnerSpill() throws Exception {
        long baseline = LeakCheck.settledBaseline();
        Daft.setExecutionConfig(config().build());
        DataFrame joined = Daft.readParquet(a).join(Daft.readParquet(b), List.of(col("ak")), List.of(col("bk")), JoinType.FULL);
        assertEquals(HashJoinPlan.Strategy.PARTITIONED, findJoin(joined.physicalPlan()).strategy());
        assertArrayEquals(duckChecksum(JoinType.FULL, Keys.LONG, false), checksum(joined.stream()));
        // planned as a broadcast (the estimate is under the threshold), but 20 times larger than the memory limit
        Daft.setExecutionConfig(config().broadcastJoinSizeBytesThreshold(HUGE).scanTasksMinSizeBytes(1)
                .scanTasksMaxSizeBytes(4 << 20).build());
        DataFrame broadcast = Daft.readParquet(a).join(Daft.readParquet(b), List.of(col("ak")), List.of(col("bk")), JoinType.LEFT);
        assertTrue(findJoin(broadcast.physicalPlan()).strategy().broadcast());
        assertArrayEquals(duckChecksum(JoinType.LEFT, Keys.LONG, false), checksum(broadcast.stream()));
        assertNoSpillFiles("native runner");
        LeakCheck.assertReturnsTo(baseline);
    }

    @Test
    void aSmallBucketIsBuiltWhenOtherConsumersHoldAllTheMemory() throws Exception {
        String probe = dir.resolve("probe.parquet").toString();
        String build = dir.resolve("build.parquet").toString();
        try (Statement s = duck.createStatement()) {
            s.execute("COPY (SELECT i % 3000 AS ak, i % 997 AS ax FROM range(30000) t(i)) TO '" + probe + "' (FORMAT PARQUET)");
            s.execute("COPY (SELECT i AS bk, i % 991 AS by_ FROM range(3000) t(i)) TO '" + build + "' (FORMAT PARQUET)");
        }
        long[] expected = new long[8];
        try (Statement s = duck.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*), count(ax), sum(ax), count(by_),"
                + " sum(by_), sum(ax * by_)::BIGINT, 0, 0 FROM '" + probe + "' a JOIN '" + build + "' b ON a.ak = b.bk")) {
            assertTrue(rs.next());
            for (int i = 0; i < 8; i++) {
                expected[i] = rs.getLong(i + 1);
            }
        }
        long baseline = LeakCheck.settledBaseline();
        Daft.setExecutionConfig(config().build());
        // another query holds the whole limit: no bucket ever fits, however finely split, yet none is skewed
        MemoryReservation other = MemoryPool.global().register("another query", false);
        try {
            other.forceGrow(LIMIT, 0);
            DataFrame q = Daft.readParquet(probe).join(Daft.readParquet(build), List.of(col("ak")), List.of(col("bk")), JoinType.INNER);
            assertArrayEquals(expected, checksum(q.stream()));
        } finally {
            other.close();
        }
        assertNoSpillFiles("join under memory held by others");
        LeakCheck.assertReturnsTo(baseline);
    }

    @Test
    void oneKeyLargerThanTheLimitFailsClearlyAndLeavesNoFiles() throws Exception {
        String skew = dir.resolve("skew.parquet").toString();
        try (Statement s = duck.createStatement()) {
            s.execute("COPY (SELECT CASE WHEN i < 200000 THEN 42 ELSE i END AS sk, repeat('s', 20) AS spad FROM range(220000) t(i)) TO '"
                    + skew + "' (FORMAT PARQUET, ROW_GROUP_SIZE 30000)");
        }
        long baseline = LeakCheck.settledBaseline();
        Daft.setExecutionConfig(config().build());
        DataFrame q = Daft.readParquet(a).join(Daft.readParquet(skew), List.of(col("ak")), List.of(col("sk")), JoinType.INNER);
        MemoryLimitExceededException e = assertThrows(MemoryLimitExceededException.class, () -> checksum(q.stream()));
        assertTrue(e.getMessage().contains("HashJoin(PARTITIONED): INNER on [ak] = [sk]") && e.getMessage().contains("skew"),
                e.getMessage());
        assertNoSpillFiles("failed query");
        LeakCheck.assertReturnsTo(baseline);
    }

    @Test
    void cancelledJoinsLeaveNoFiles() throws Exception {
        long baseline = LeakCheck.settledBaseline();
        for (int delayMs : new int[]{100, 400, 1200}) {
            Daft.setExecutionConfig(config().build());
            DataFrame q = Daft.readParquet(a).join(Daft.readParquet(b), List.of(col("as_")), List.of(col("bs")), JoinType.FULL);
            AtomicReference<Throwable> error = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    checksum(q.stream());
                } catch (Throwable x) {
                    error.set(x);
                }
            });
            t.start();
            Thread.sleep(delayMs);
            t.interrupt();
            t.join(120_000);
            assertFalse(t.isAlive(), "query did not stop");
            assertTrue(error.get() == null || error.get() instanceof DaftException, "unexpected " + error.get());
            assertNoSpillFiles("cancelled after " + delayMs + " ms");
            LeakCheck.assertReturnsTo(baseline);
        }
    }

    private static HashJoinPlan findJoin(PhysicalPlan p) {
        if (p instanceof HashJoinPlan) {
            return (HashJoinPlan) p;
        }
        for (PhysicalPlan c : p.children()) {
            HashJoinPlan j = findJoin(c);
            if (j != null) {
                return j;
            }
        }
        return null;
    }

    private static void assertNoSpillFiles(String what) throws Exception {
        if (!Files.isDirectory(spillBase)) {
            return;
        }
        try (Stream<Path> all = Files.walk(spillBase)) {
            List<Path> files = all.filter(Files::isRegularFile).toList();
            assertTrue(files.isEmpty(), what + ": spill files left: " + files);
        }
    }

    /**
     * rows, count(ax), sum(ax), count(by), sum(by), sum(ax * by), sum(length(apad)), sum(length(bpad)): detects
     * lost, duplicated and mispaired rows, and wrong NULL padding.
     */
    private static long[] checksum(CloseableIterator<RecordBatch> out) {
        long[] sum = new long[8];
        try (out) {
            while (out.hasNext()) {
                try (RecordBatch batch = out.next()) {
                    add(sum, batch);
                }
            }
        }
        return sum;
    }

    private static void add(long[] sum, RecordBatch batch) {
        List<String> names = batch.schema().names();
        int ax = names.indexOf("ax");
        int by = names.indexOf("by_");
        int apad = names.indexOf("apad");
        int bpad = names.indexOf("bpad");
        for (int r = 0; r < batch.rowCount(); r++) {
            sum[0]++;
            Long x = ax < 0 ? null : (Long) Values.get(batch.column(ax), r);
            Long y = by < 0 ? null : (Long) Values.get(batch.column(by), r);
            if (x != null) {
                sum[1]++;
                sum[2] += x;
            }
            if (y != null) {
                sum[3]++;
                sum[4] += y;
            }
            if (x != null && y != null) {
                sum[5] += x * y;
            }
            Object p = apad < 0 ? null : Values.get(batch.column(apad), r);
            Object q = bpad < 0 ? null : Values.get(batch.column(bpad), r);
            sum[6] += p == null ? 0 : p.toString().length();
            sum[7] += q == null ? 0 : q.toString().length();
        }
    }

    private static long[] duckChecksum(JoinType type, Keys keys, boolean residual) throws SQLException {
        String cond = keys.sql + (residual ? " AND a.ax < b.by_" : "");
        String from = "'" + a + "' a";
        String other = "'" + b + "' b";
        String sql;
        switch (type) {
            case SEMI:
            case ANTI:
                sql = "SELECT count(*), count(ax), coalesce(sum(ax), 0), 0, 0, 0, coalesce(sum(length(apad)), 0), 0 FROM " + from
                        + " WHERE " + (type == JoinType.ANTI ? "NOT " : "") + "EXISTS (SELECT 1 FROM " + other + " WHERE " + cond + ")";
                break;
            default:
                String join = type == JoinType.INNER ? "JOIN" : type + " JOIN";
                sql = "SELECT count(*), count(ax), coalesce(sum(ax), 0), count(by_), coalesce(sum(by_), 0),"
                        + " coalesce(sum(ax * by_), 0)::BIGINT, coalesce(sum(length(apad)), 0), coalesce(sum(length(bpad)), 0) FROM "
                        + from + " " + join + " " + other + " ON " + cond;
        }
        try (Statement s = duck.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next());
            long[] out = new long[8];
            for (int i = 0; i < 8; i++) {
                out[i] = rs.getLong(i + 1);
            }
            return out;
        }
    }

    /**
     * Runs a plan's stages as the native runner does ({@link LocalStages}), one task after another, under a query
     * context the test reads; checks on close that the join removed its spill files itself, before the query's folder
     * goes.
     */
    private static final class Run implements AutoCloseable {
        private static final Exchanges.Parallel SEQUENTIAL = Exchanges.Parallel.SEQUENTIAL;

        final QueryContext query;
        private final ExecutionConfig config;
        private LocalStages stages;

        Run(ExecutionConfig config) {
            this.config = config;
            this.query = QueryContext.start(config);
        }

        /** Partition 0 of a plan without stage boundaries, under this run's query context. */
        CloseableIterator<RecordBatch> open(PhysicalPlan plan) {
            return new PartitionPipeline(new LocalStages(io.daft.execution.stages.StagePlanner.plan(plan, config), query, SEQUENTIAL), query)
                    .open(plan, 0);
        }

        long[] checksum(PhysicalPlan plan) {
            stages = new LocalStages(io.daft.execution.stages.StagePlanner.plan(plan, config), query, SEQUENTIAL);
            stages.runUpstream();
            io.daft.execution.stages.Stage result = stages.plan().resultStage();
            long[] sum = new long[8];
            for (int p = 0; p < result.numTasks(); p++) {
                long[] part = JoinSpillTest.checksum(stages.pipeline().open(result.fragment(), p));
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += part[i];
                }
            }
            stages.finished(result);
            return sum;
        }

        @Override
        public void close() {
            try {
                if (Files.isDirectory(query.spill().folder())) {
                    try (Stream<Path> files = Files.list(query.spill().folder())) {
                        List<Path> left = files.toList();
                        assertTrue(left.isEmpty(), "the join left spill files: " + left);
                    }
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            } finally {
                if (stages != null) {
                    stages.close();
                }
                query.close();
            }
        }
    }
}
