package io.daft;

import io.daft.config.DaftContext;
import io.daft.config.ExecutionConfig;
import io.daft.config.PlanningConfig;
import io.daft.core.DaftException;
import io.daft.core.Schema;
import io.daft.csv.CsvOptions;
import io.daft.dsl.ColumnRef;
import io.daft.dsl.Literal;
import io.daft.execution.NativeRunner;
import io.daft.logical.InMemorySource;
import io.daft.logical.Source;
import io.daft.micropartition.MicroPartition;
import io.daft.recordbatch.RecordBatch;
import io.daft.runners.Runner;
import io.daft.scan.CsvScanFormat;
import io.daft.scan.ParquetScanFormat;
import io.daft.scan.Pushdowns;
import io.daft.scan.ScanSource;
import org.apache.arrow.vector.VectorSchemaRoot;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Entry point, as Daft's Python module: readers, expression helpers, the runner and the configs.
 *
 * <pre>{@code
 * Daft.setRunnerNative();
 * Daft.setExecutionConfig(ExecutionConfig.builder().numPartitions(8).build());
 * DataFrame df = Daft.readParquet("data/*.parquet");
 * df.groupBy("category").sum("revenue").show();
 * try (var ctx = Daft.executionConfigCtx(c -> c.numPartitions(32))) { df.collect(); }
 * }</pre>
 */
public final class Daft {
    private static final Object RUNNER_LOCK = new Object();
    private static Runner runner;

    private Daft() {
    }

    // ---- runners -------------------------------------------------------------------------------------

    /** Runs queries on this machine with one thread per core. */
    public static void setRunnerNative() {
        setRunnerNative(Runtime.getRuntime().availableProcessors());
    }

    /** Runs queries on this machine with {@code numThreads} threads. */
    public static void setRunnerNative(int numThreads) {
        setRunner(new NativeRunner(numThreads));
    }

    /**
     * Runs queries on the Ray cluster at {@code address} ({@code host:port} of its GCS); null or blank:
     * {@code RAY_ADDRESS}, else a local Ray cluster started for this process and stopped at exit. Needs the
     * {@code daft-distributed} module and Ray's {@code ray_dist.jar} on the classpath.
     */
    public static void setRunnerRay(String address) {
        if (address != null && address.startsWith("ray://")) {
            throw new DaftException("Ray's Java API connects to the cluster's GCS address (host:6379), not a ray:// client address: " + address);
        }
        try {
            Class<?> c = Class.forName("io.daft.distributed.RayRunner");
            setRunner((Runner) c.getMethod("connect", String.class).invoke(null, address));
        } catch (ClassNotFoundException e) {
            throw new DaftException("the Ray runner needs the daft-distributed module on the classpath");
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new DaftException("cannot start the Ray runner" + (address == null ? "" : " at " + address) + ": " + cause.getMessage(), cause);
        }
    }

    /** Runs queries on the Ray cluster of {@code RAY_ADDRESS}, or on a local one started for this process. */
    public static void setRunnerRay() {
        setRunnerRay(null);
    }

    /** Installs a runner, closing the previous one. */
    public static void setRunner(Runner next) {
        synchronized (RUNNER_LOCK) {
            if (runner != null) {
                runner.close();
            }
            runner = next;
        }
    }

    /** The current runner; by default chosen by the {@code DAFT_RUNNER} environment variable (native unless "ray"). */
    public static Runner runner() {
        synchronized (RUNNER_LOCK) {
            if (runner == null) {
                String env = System.getenv("DAFT_RUNNER");
                if (env != null && env.trim().toLowerCase(Locale.ROOT).equals("ray")) {
                    setRunnerRay(System.getenv("RAY_ADDRESS"));
                } else if (env != null && !env.isBlank() && !env.trim().equalsIgnoreCase("native")) {
                    throw new DaftException("DAFT_RUNNER must be 'native' or 'ray', got '" + env + "'");
                } else {
                    runner = new NativeRunner(Runtime.getRuntime().availableProcessors());
                }
            }
            return runner;
        }
    }

    // ---- readers -------------------------------------------------------------------------------------

    /** Parquet files: paths, directories or globs ({@code *}, {@code ?}, {@code **}, {@code {a,b}}). */
    public static DataFrame readParquet(String... paths) {
        return new DataFrame(new Source(ScanSource.create(Arrays.asList(paths), new ParquetScanFormat(), Optional.empty()), Pushdowns.none()));
    }

    /** CSV files with a header, comma-separated, schema inferred. */
    public static DataFrame readCsv(String... paths) {
        return readCsv(Arrays.asList(paths), CsvOptions.defaults());
    }

    /** CSV files with the given options (delimiter, quoting, null strings, explicit schema, ...). */
    public static DataFrame readCsv(List<String> paths, CsvOptions options) {
        return new DataFrame(new Source(ScanSource.create(paths, new CsvScanFormat(options), options.schema()), Pushdowns.none()));
    }

    /** A DataFrame over batches held in memory (takes ownership of them), as one partition. */
    public static DataFrame fromBatches(Schema schema, List<RecordBatch> batches) {
        return new DataFrame(new InMemorySource(schema, List.of(new MicroPartition(schema, batches))));
    }

    /** A DataFrame over a copy-free share of an Arrow root's data (the root stays the caller's). */
    public static DataFrame fromArrow(VectorSchemaRoot root) {
        RecordBatch b = RecordBatch.fromArrow(root);
        return fromBatches(b.schema(), List.of(b));
    }

    // ---- expressions ---------------------------------------------------------------------------------

    public static ColumnRef col(String name) {
        return new ColumnRef(name);
    }

    public static Literal lit(long v) {
        return Literal.of(v);
    }

    public static Literal lit(double v) {
        return Literal.of(v);
    }

    public static Literal lit(String v) {
        return Literal.of(v);
    }

    public static Literal lit(boolean v) {
        return Literal.of(v);
    }

    // ---- configs -------------------------------------------------------------------------------------

    public static ExecutionConfig executionConfig() {
        return DaftContext.executionConfig();
    }

    public static void setExecutionConfig(ExecutionConfig config) {
        DaftContext.setExecutionConfig(config);
    }

    /** Changes the execution config for this thread until the returned scope closes (use try-with-resources). */
    public static DaftContext.ConfigScope executionConfigCtx(UnaryOperator<ExecutionConfig.Builder> change) {
        return DaftContext.executionConfigCtx(change);
    }

    public static PlanningConfig planningConfig() {
        return DaftContext.planningConfig();
    }

    public static void setPlanningConfig(PlanningConfig config) {
        DaftContext.setPlanningConfig(config);
    }

    /** Changes the planning config for this thread until the returned scope closes. */
    public static DaftContext.ConfigScope planningConfigCtx(UnaryOperator<PlanningConfig.Builder> change) {
        return DaftContext.planningConfigCtx(change);
    }
}
