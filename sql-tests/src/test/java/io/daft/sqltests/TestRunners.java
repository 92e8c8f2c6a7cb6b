package io.daft.sqltests;

import io.daft.Daft;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The one place the suites choose where SQL runs, so the same suites run unchanged on every runner.
 *
 * <ul>
 *   <li>{@code -Ddaft.runner=native} (default) or {@code ray} (with {@code -Ddaft.ray.address=host:port}): the Daft
 *       runner our engine executes on.</li>
 *   <li>{@code -Ddaft.sql.engine=daft} (default) or {@code duckdb}: {@code duckdb} runs the suites on DuckDB itself,
 *       which validates the .slt files and query texts without our engine.</li>
 *   <li>{@code -Ddaft.memory_limit=1MB} (default: the engine's): the {@code memory_limit} the suites run under; the
 *       build runs them once more under a small one, so every spilling path must give the same answers.</li>
 * </ul>
 */
public final class TestRunners {
    private static boolean configured;

    private TestRunners() {
    }

    public static String runnerName() {
        return System.getProperty("daft.runner", "native").trim().toLowerCase(Locale.ROOT);
    }

    public static String engineName() {
        return System.getProperty("daft.sql.engine", "daft").trim().toLowerCase(Locale.ROOT);
    }

    /** Whether the suites run under a {@code memory_limit} of their own ({@code -Ddaft.memory_limit}). */
    public static boolean underMemoryLimit() {
        return !System.getProperty("daft.memory_limit", "").isBlank();
    }

    /** Sets the Daft runner from {@code daft.runner}; idempotent. */
    public static synchronized void configureRunner() {
        if (configured) {
            return;
        }
        String runner = runnerName();
        switch (runner) {
            case "native":
                Daft.setRunnerNative();
                break;
            case "ray":
                String address = System.getProperty("daft.ray.address", "");
                if (address.isBlank()) {
                    // a cluster of our own for the run: three nodes on this machine, stopped when the JVM ends
                    io.daft.distributed.ray.RayCluster cluster = io.daft.distributed.ray.RayCluster.start(3, 1);
                    Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop, "daft-ray-cluster-stop"));
                    address = cluster.address();
                }
                Daft.setRunnerRay(address);
                break;
            default:
                throw new IllegalStateException("unknown daft.runner '" + runner + "' (expected native or ray)");
        }
        String memoryLimit = System.getProperty("daft.memory_limit", "").trim();
        if (!memoryLimit.isEmpty()) {
            Daft.setExecutionConfig(Daft.executionConfig().toBuilder().set("memory_limit", memoryLimit).build());
        }
        configured = true;
    }

    /** The engine under test over the tables in {@code dataDirectory}, with the runner configured. */
    public static SqlEngineUnderTest engineUnderTest(Path dataDirectory) {
        String engine = engineName();
        switch (engine) {
            case "daft":
                configureRunner();
                // by name, so the suite also compiles without our engine (profile duckdb-only) to validate the files
                try {
                    return (SqlEngineUnderTest) Class.forName("io.daft.sqltests.DaftEngine")
                            .getConstructor(Path.class).newInstance(dataDirectory);
                } catch (java.lang.reflect.InvocationTargetException e) {
                    if (e.getCause() instanceof RuntimeException) {
                        throw (RuntimeException) e.getCause();
                    }
                    throw new IllegalStateException("cannot open our SQL engine", e.getCause());
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("our SQL engine is not on the classpath (built with -Pduckdb-only?)", e);
                }
            case "duckdb":
                return DuckDbEngine.overParquetDirectory(dataDirectory);
            default:
                throw new IllegalStateException("unknown daft.sql.engine '" + engine + "' (expected daft or duckdb)");
        }
    }

    /** The module directory (works from the reactor root or the module). */
    public static Path moduleDirectory() {
        Path here = Path.of("").toAbsolutePath();
        if (here.resolve("src/test/resources/slt").toFile().isDirectory()) {
            return here;
        }
        Path child = here.resolve("sql-tests");
        if (child.resolve("src/test/resources/slt").toFile().isDirectory()) {
            return child;
        }
        throw new IllegalStateException("cannot find the sql-tests module from " + here);
    }
}
