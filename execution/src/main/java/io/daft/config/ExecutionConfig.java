package io.daft.config;

import io.daft.core.DaftException;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * How queries execute, with Daft's knob names and defaults. Immutable; change it with {@link #toBuilder()} and
 * install it with {@code Daft.setExecutionConfig} or, for one block, {@code Daft.executionConfigCtx}.
 * Every knob can also be set by its snake_case name from a string ({@link Builder#set}), which is how the JDBC
 * properties, {@code SET} statements and {@code --set} command-line options reach it. Serializable: it travels with
 * every stage fragment a runner ships, so a task runs with the config of the query that planned it.
 */
public final class ExecutionConfig implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private static final long MIB = 1L << 20;

    private final long scanTasksMinSizeBytes;
    private final long scanTasksMaxSizeBytes;
    private final double parquetInflationFactor;
    private final double csvInflationFactor;
    private final long broadcastJoinSizeBytesThreshold;
    private final int defaultMorselSize;
    private final int shuffleAggregationDefaultPartitions;
    private final int numPartitions;
    private final long memoryLimit;
    private final String tempDirectory;
    private final long maxTempDirectorySize;

    private ExecutionConfig(Builder b) {
        this.scanTasksMinSizeBytes = b.scanTasksMinSizeBytes;
        this.scanTasksMaxSizeBytes = b.scanTasksMaxSizeBytes;
        this.parquetInflationFactor = b.parquetInflationFactor;
        this.csvInflationFactor = b.csvInflationFactor;
        this.broadcastJoinSizeBytesThreshold = b.broadcastJoinSizeBytesThreshold;
        this.defaultMorselSize = b.defaultMorselSize;
        this.shuffleAggregationDefaultPartitions = b.shuffleAggregationDefaultPartitions;
        this.numPartitions = b.numPartitions;
        this.memoryLimit = b.memoryLimit;
        this.tempDirectory = b.tempDirectory;
        this.maxTempDirectorySize = b.maxTempDirectorySize;
    }

    /** Daft's defaults; {@code num_partitions} defaults to the number of cores. */
    public static ExecutionConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.scanTasksMinSizeBytes = scanTasksMinSizeBytes;
        b.scanTasksMaxSizeBytes = scanTasksMaxSizeBytes;
        b.parquetInflationFactor = parquetInflationFactor;
        b.csvInflationFactor = csvInflationFactor;
        b.broadcastJoinSizeBytesThreshold = broadcastJoinSizeBytesThreshold;
        b.defaultMorselSize = defaultMorselSize;
        b.shuffleAggregationDefaultPartitions = shuffleAggregationDefaultPartitions;
        b.numPartitions = numPartitions;
        b.memoryLimit = memoryLimit;
        b.tempDirectory = tempDirectory;
        b.maxTempDirectorySize = maxTempDirectorySize;
        return b;
    }

    /** Scan tasks smaller than this are merged with neighbours (file bytes). Default 96 MiB. */
    public long scanTasksMinSizeBytes() {
        return scanTasksMinSizeBytes;
    }

    /** Files larger than this are split by row groups into several scan tasks (file bytes). Default 384 MiB. */
    public long scanTasksMaxSizeBytes() {
        return scanTasksMaxSizeBytes;
    }

    /** In-memory bytes per Parquet file byte, for size estimates. Default 3.0. */
    public double parquetInflationFactor() {
        return parquetInflationFactor;
    }

    /** In-memory bytes per CSV file byte, for size estimates. Default 0.5. */
    public double csvInflationFactor() {
        return csvInflationFactor;
    }

    /** A join side estimated below this many bytes is broadcast instead of shuffled. Default 10 MiB. */
    public long broadcastJoinSizeBytesThreshold() {
        return broadcastJoinSizeBytesThreshold;
    }

    /** Rows per batch that scans produce and pipelines process. Default 131072. */
    public int defaultMorselSize() {
        return defaultMorselSize;
    }

    /** Upper bound on the partitions of an aggregation's shuffle. Default 200. */
    public int shuffleAggregationDefaultPartitions() {
        return shuffleAggregationDefaultPartitions;
    }

    /** Default width of shuffles (joins, repartition without a count). Default: the number of cores. */
    public int numPartitions() {
        return numPartitions;
    }

    /**
     * Most bytes of data a query may hold in memory: Arrow buffers and the heap state of hash tables, accumulators
     * and sort keys, batches in flight included. Operators that reach it spill to {@link #tempDirectory()}; a query
     * that cannot spill fails with an error naming the operator. Accepts sizes as {@code 4GB} or {@code 512MB}.
     * Set globally it is also the limit of the process-wide pool that all queries share. Default: 80% of the
     * machine's memory minus the Java heap's maximum ({@code -Xmx}), so heap plus data stay within the machine.
     */
    public long memoryLimit() {
        return memoryLimit > 0 ? memoryLimit : io.daft.memory.MemoryLimits.defaultLimit();
    }

    /** Where spill files go (a folder per process, one per query in it). Default: {@code java.io.tmpdir}. */
    public java.nio.file.Path tempDirectory() {
        return tempDirectory.isEmpty() ? io.daft.spill.TempDirectory.defaultBase() : java.nio.file.Path.of(tempDirectory);
    }

    /**
     * Most bytes of spill files this process may keep in {@link #tempDirectory()}; a spill beyond it fails the
     * query with a clear error. 0 (the default) means 90% of the disk space free there.
     */
    public long maxTempDirectorySize() {
        return maxTempDirectorySize;
    }

    /** Every knob by its snake_case name, with its current value as a string. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Knob k : KNOBS.values()) {
            m.put(k.name, String.valueOf(k.getter.apply(this)));
        }
        return m;
    }

    /** The snake_case knob names. */
    public static java.util.Set<String> knobNames() {
        return KNOBS.keySet();
    }

    @Override
    public String toString() {
        return "ExecutionConfig" + asMap();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExecutionConfig && asMap().equals(((ExecutionConfig) o).asMap());
    }

    @Override
    public int hashCode() {
        return asMap().hashCode();
    }

    /** Mutable builder; each setter checks its value and names the knob in the error. */
    public static final class Builder {
        private long scanTasksMinSizeBytes = 96 * MIB;
        private long scanTasksMaxSizeBytes = 384 * MIB;
        private double parquetInflationFactor = 3.0;
        private double csvInflationFactor = 0.5;
        private long broadcastJoinSizeBytesThreshold = 10 * MIB;
        private int defaultMorselSize = 131072;
        private int shuffleAggregationDefaultPartitions = 200;
        private int numPartitions = Runtime.getRuntime().availableProcessors();
        private long memoryLimit = 0;
        private String tempDirectory = "";
        private long maxTempDirectorySize = 0;

        private Builder() {
        }

        public Builder scanTasksMinSizeBytes(long v) {
            scanTasksMinSizeBytes = nonNegative("scan_tasks_min_size_bytes", v);
            return this;
        }

        public Builder scanTasksMaxSizeBytes(long v) {
            scanTasksMaxSizeBytes = positive("scan_tasks_max_size_bytes", v);
            return this;
        }

        public Builder parquetInflationFactor(double v) {
            parquetInflationFactor = positive("parquet_inflation_factor", v);
            return this;
        }

        public Builder csvInflationFactor(double v) {
            csvInflationFactor = positive("csv_inflation_factor", v);
            return this;
        }

        public Builder broadcastJoinSizeBytesThreshold(long v) {
            broadcastJoinSizeBytesThreshold = nonNegative("broadcast_join_size_bytes_threshold", v);
            return this;
        }

        public Builder defaultMorselSize(int v) {
            defaultMorselSize = (int) positive("default_morsel_size", v);
            return this;
        }

        public Builder shuffleAggregationDefaultPartitions(int v) {
            shuffleAggregationDefaultPartitions = (int) positive("shuffle_aggregation_default_partitions", v);
            return this;
        }

        public Builder numPartitions(int v) {
            numPartitions = (int) positive("num_partitions", v);
            return this;
        }


        /** See {@link ExecutionConfig#memoryLimit()}; 0 restores the default. */
        public Builder memoryLimit(long v) {
            memoryLimit = nonNegative("memory_limit", v);
            return this;
        }

        /** See {@link ExecutionConfig#tempDirectory()}; empty restores the default. */
        public Builder tempDirectory(String v) {
            tempDirectory = java.util.Objects.requireNonNull(v, "temp_directory").trim();
            return this;
        }

        /** See {@link ExecutionConfig#maxTempDirectorySize()}. */
        public Builder maxTempDirectorySize(long v) {
            maxTempDirectorySize = nonNegative("max_temp_directory_size", v);
            return this;
        }

        /** Sets a knob by its snake_case name from text; unknown names and bad values are rejected, naming the knob. */
        public Builder set(String name, String value) {
            Knob k = KNOBS.get(name.toLowerCase(Locale.ROOT));
            if (k == null) {
                throw new DaftException("unknown execution config '" + name + "'; known: " + KNOBS.keySet());
            }
            k.setter.accept(this, value.trim());
            return this;
        }

        public ExecutionConfig build() {
            if (scanTasksMinSizeBytes > scanTasksMaxSizeBytes) {
                throw new DaftException("scan_tasks_min_size_bytes (" + scanTasksMinSizeBytes
                        + ") must not exceed scan_tasks_max_size_bytes (" + scanTasksMaxSizeBytes + ")");
            }
            return new ExecutionConfig(this);
        }
    }

    private static long nonNegative(String knob, long v) {
        if (v < 0) {
            throw new DaftException(knob + " must be >= 0, got " + v);
        }
        return v;
    }

    private static long positive(String knob, long v) {
        if (v <= 0) {
            throw new DaftException(knob + " must be > 0, got " + v);
        }
        return v;
    }

    private static double positive(String knob, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new DaftException(knob + " must be a positive number, got " + v);
        }
        return v;
    }

    static long parseLong(String knob, String text) {
        try {
            return ConfigValues.parseBytesOrLong(text);
        } catch (NumberFormatException e) {
            throw new DaftException(knob + " expects a whole number, got '" + text + "'");
        }
    }

    static double parseDouble(String knob, String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new DaftException(knob + " expects a number, got '" + text + "'");
        }
    }

    static int parseInt(String knob, String text) {
        long v = parseLong(knob, text);
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            throw new DaftException(knob + " is out of range: " + text);
        }
        return (int) v;
    }

    private static final class Knob {
        final String name;
        final BiConsumer<Builder, String> setter;
        final Function<ExecutionConfig, Object> getter;

        Knob(String name, BiConsumer<Builder, String> setter, Function<ExecutionConfig, Object> getter) {
            this.name = name;
            this.setter = setter;
            this.getter = getter;
        }
    }

    private static final Map<String, Knob> KNOBS = new LinkedHashMap<>();

    private static void knob(String name, BiConsumer<Builder, String> setter, Function<ExecutionConfig, Object> getter) {
        KNOBS.put(name, new Knob(name, setter, getter));
    }

    static {
        knob("scan_tasks_min_size_bytes", (b, v) -> b.scanTasksMinSizeBytes(parseLong("scan_tasks_min_size_bytes", v)), ExecutionConfig::scanTasksMinSizeBytes);
        knob("scan_tasks_max_size_bytes", (b, v) -> b.scanTasksMaxSizeBytes(parseLong("scan_tasks_max_size_bytes", v)), ExecutionConfig::scanTasksMaxSizeBytes);
        knob("parquet_inflation_factor", (b, v) -> b.parquetInflationFactor(parseDouble("parquet_inflation_factor", v)), ExecutionConfig::parquetInflationFactor);
        knob("csv_inflation_factor", (b, v) -> b.csvInflationFactor(parseDouble("csv_inflation_factor", v)), ExecutionConfig::csvInflationFactor);
        knob("broadcast_join_size_bytes_threshold", (b, v) -> b.broadcastJoinSizeBytesThreshold(parseLong("broadcast_join_size_bytes_threshold", v)), ExecutionConfig::broadcastJoinSizeBytesThreshold);
        knob("default_morsel_size", (b, v) -> b.defaultMorselSize(parseInt("default_morsel_size", v)), ExecutionConfig::defaultMorselSize);
        knob("shuffle_aggregation_default_partitions", (b, v) -> b.shuffleAggregationDefaultPartitions(parseInt("shuffle_aggregation_default_partitions", v)), ExecutionConfig::shuffleAggregationDefaultPartitions);
        knob("num_partitions", (b, v) -> b.numPartitions(parseInt("num_partitions", v)), ExecutionConfig::numPartitions);
        knob("memory_limit", (b, v) -> b.memoryLimit(parseLong("memory_limit", v)), ExecutionConfig::memoryLimit);
        knob("temp_directory", (b, v) -> b.tempDirectory(v), ExecutionConfig::tempDirectory);
        knob("max_temp_directory_size", (b, v) -> b.maxTempDirectorySize(parseLong("max_temp_directory_size", v)), ExecutionConfig::maxTempDirectorySize);
    }
}
