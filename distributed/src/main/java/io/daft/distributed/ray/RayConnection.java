package io.daft.distributed.ray;

import io.daft.core.DaftException;
import io.ray.api.Ray;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * This process's connection to a Ray cluster as a driver ({@code Ray.init}). Ray's Java API is one per process:
 * at most one connection is open at a time.
 *
 * <p>The address comes from the argument, else the system property {@code daft.ray.address}, else {@code RAY_ADDRESS}
 * (as Daft does). It is the cluster's GCS address {@code host:port}; {@code auto} means the cluster last started on
 * this machine ({@code /tmp/ray/ray_current_cluster}). With no address anywhere a local single-node cluster is started
 * for this process and stopped when the connection closes (or at exit). Ray's own "no address" mode is avoided on
 * purpose: at shutdown it runs {@code ray stop --force}, which ends every Ray process on the machine.
 *
 * <p>Workers load our classes from {@code ray.job.code-search-path} (this JVM's classpath by default, a path every node
 * must see) and get the JVM options Java 17 needs for Ray's serializer and Arrow ({@code ray.job.jvm-options}).
 */
public final class RayConnection implements AutoCloseable {
    public static final String ADDRESS_PROPERTY = "daft.ray.address";
    public static final String ADDRESS_ENV = "RAY_ADDRESS";
    private static final Path RAY_TMP = Path.of("/tmp/ray");
    private static final Object LOCK = new Object();
    private static RayConnection current;

    private final String address;
    private final Optional<RayCluster> localCluster;
    private final Set<Path> nativeLibraryDirs;
    private final Thread shutdownHook;
    private boolean closed;

    private RayConnection(String address, Optional<RayCluster> localCluster, Set<Path> nativeLibraryDirs) {
        this.address = address;
        this.localCluster = localCluster;
        this.nativeLibraryDirs = Set.copyOf(nativeLibraryDirs);
        this.shutdownHook = new Thread(this::closeQuietly, "daft-ray-shutdown");
    }

    /** What the driver tells the cluster about its jobs. */
    public static final class Options {
        private final Optional<List<Path>> codeSearchPath;
        private final List<String> workerJvmOptions;
        private final int localCpus;

        private Options(Optional<List<Path>> codeSearchPath, List<String> workerJvmOptions, int localCpus) {
            this.codeSearchPath = codeSearchPath.map(List::copyOf);
            this.workerJvmOptions = List.copyOf(workerJvmOptions);
            this.localCpus = localCpus;
        }

        /** This JVM's classpath as the code search path, our JVM flags for workers, a local cluster of all cores. */
        public static Options defaults() {
            return new Options(Optional.empty(), defaultWorkerJvmOptions(), Runtime.getRuntime().availableProcessors());
        }

        /** Where workers load classes from; every node must see these paths. */
        public Options withCodeSearchPath(List<Path> paths) {
            return new Options(Optional.of(paths), workerJvmOptions, localCpus);
        }

        /** JVM options of every worker (replacing the defaults: keep {@link #defaultWorkerJvmOptions()} in them). */
        public Options withWorkerJvmOptions(List<String> options) {
            return new Options(codeSearchPath, options, localCpus);
        }

        /** CPUs of the local cluster started when there is no address. */
        public Options withLocalCpus(int cpus) {
            return new Options(codeSearchPath, workerJvmOptions, cpus);
        }

        public List<Path> codeSearchPath() {
            return codeSearchPath.orElseGet(RayConnection::classpathOfThisJvm);
        }

        public List<String> workerJvmOptions() {
            return workerJvmOptions;
        }
    }

    /** Connects with {@link Options#defaults()}. */
    public static RayConnection connect(Optional<String> address) {
        return connect(address, Options.defaults());
    }

    /** Connects this process to the cluster at {@code address} (or as resolved above). */
    public static RayConnection connect(Optional<String> address, Options options) {
        requireNonNull(options, "options");
        synchronized (LOCK) {
            if (current != null && !current.closed) {
                throw new DaftException("this process is already connected to the Ray cluster at " + current.address
                        + " (Ray's Java API allows one connection per process)");
            }
            Optional<String> given = address.filter(s -> !s.isBlank())
                    .or(() -> Optional.ofNullable(System.getProperty(ADDRESS_PROPERTY)).filter(s -> !s.isBlank()))
                    .or(() -> Optional.ofNullable(System.getenv(ADDRESS_ENV)).filter(s -> !s.isBlank()))
                    .map(String::trim)
                    .map(RayConnection::checkAddress);
            RayRuntime runtime = RayRuntime.locate();
            runtime.requireOnClasspath();
            Optional<RayCluster> local = Optional.empty();
            String resolved;
            if (given.isPresent()) {
                resolved = given.get();
                requireReachable(resolved);
            } else {
                local = Optional.of(RayCluster.start(runtime, 1, options.localCpus, 512L << 20, Optional.empty()));
                resolved = local.get().address();
            }
            try {
                Set<Path> before = nativeLibraryDirs();
                init(resolved, options);
                Set<Path> mine = new HashSet<>(nativeLibraryDirs());
                mine.removeAll(before);
                RayConnection connection = new RayConnection(resolved, local, mine);
                Runtime.getRuntime().addShutdownHook(connection.shutdownHook);
                current = connection;
                return connection;
            } catch (RuntimeException e) {
                local.ifPresent(RayCluster::stop);
                throw e instanceof DaftException ? e : new DaftException("cannot connect to the Ray cluster at " + resolved + ": " + e, e);
            }
        }
    }

    /**
     * Rejects addresses the Java API cannot use before they reach {@code Ray.init} (a {@code ray://} address makes the
     * JVM abort in native code); resolves {@code auto}.
     */
    static String checkAddress(String address) {
        if (address.startsWith("ray://")) {
            throw new DaftException("'" + address + "' is a Ray Client address, which only Python drivers can use: Java drivers "
                    + "connect to the cluster's GCS address host:port (host:6379 by default; `bin/daft ray start` prints it)");
        }
        if (address.equals("auto")) {
            Path file = RAY_TMP.resolve("ray_current_cluster");
            try {
                return checkAddress(Files.readString(file, StandardCharsets.UTF_8).trim());
            } catch (IOException e) {
                throw new DaftException("RAY_ADDRESS=auto, but no Ray cluster was started on this machine (" + file + " is missing)");
            }
        }
        if (address.contains("://") || !address.matches("[^:/\\s]+:\\d{1,5}")) {
            throw new DaftException("not a Ray GCS address: '" + address + "'; expected host:port, e.g. 127.0.0.1:6379");
        }
        return address;
    }

    /** A missing cluster otherwise shows as a long hang inside Ray.init. */
    private static void requireReachable(String address) {
        int colon = address.lastIndexOf(':');
        String host = address.substring(0, colon);
        int port = Integer.parseInt(address.substring(colon + 1));
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 5000);
        } catch (IOException e) {
            throw new DaftException("no Ray cluster answers at " + address + " (" + e.getMessage() + "); start one with "
                    + "`bin/daft ray start` or give the GCS address of a running one");
        }
    }

    private static void init(String address, Options options) {
        List<String> set = new ArrayList<>();
        setProperty(set, "ray.address", address);
        setProperty(set, "ray.job.code-search-path", options.codeSearchPath().stream().map(Path::toString).collect(Collectors.joining(":")));
        List<String> jvm = options.workerJvmOptions();
        for (int i = 0; i < jvm.size(); i++) {
            setProperty(set, "ray.job.jvm-options." + i, jvm.get(i));
        }
        try {
            Ray.init();
        } finally {
            // Ray read them (its config re-reads system properties at each init); leave none behind for the next one
            set.forEach(System::clearProperty);
        }
    }

    private static void setProperty(List<String> set, String key, String value) {
        System.setProperty(key, value);
        set.add(key);
    }

    /** The daft JVM flags (parent pom) and Ray's serializer's {@code --add-opens}, from the build's filtered resource. */
    public static List<String> defaultWorkerJvmOptions() {
        Properties p = new Properties();
        try (InputStream in = RayConnection.class.getResourceAsStream("ray-jvm.properties")) {
            if (in == null) {
                throw new IllegalStateException("ray-jvm.properties is missing from the classpath");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Stream.of(p.getProperty("daft.jvm.flags", ""), p.getProperty("daft.ray.jvm.flags", ""))
                .flatMap(s -> Arrays.stream(s.trim().split("\\s+")))
                .filter(s -> !s.isEmpty())
                .distinct()
                .collect(Collectors.toUnmodifiableList());
    }

    /**
     * This JVM's classpath (a manifest-only jar, as surefire's, is expanded) without Ray's own jars: workers get
     * Ray's runtime from their installation, and Maven Central's older ray-api must not shadow it.
     */
    static List<Path> classpathOfThisJvm() {
        Set<Path> out = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
            if (!entry.isEmpty()) {
                addClasspathEntry(Path.of(entry).toAbsolutePath().normalize(), out);
            }
        }
        return out.stream()
                .filter(p -> !p.getFileName().toString().equals("ray_dist.jar") && !p.getFileName().toString().startsWith("ray-api-"))
                .collect(Collectors.toUnmodifiableList());
    }

    private static void addClasspathEntry(Path path, Set<Path> out) {
        if (!Files.exists(path) || !out.add(path) || !path.toString().endsWith(".jar")) {
            return;
        }
        try (JarFile jar = new JarFile(path.toFile())) {
            Manifest manifest = jar.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (classPath != null && !classPath.isBlank()) {
                for (String ref : classPath.trim().split("\\s+")) {
                    URI uri = path.toUri().resolve(ref);
                    if ("file".equals(uri.getScheme())) {
                        addClasspathEntry(Path.of(uri).toAbsolutePath().normalize(), out);
                    }
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            // not a readable jar: keep the entry as it is
        }
    }

    /** Each driver unpacks Ray's native library into /tmp/ray/<millis>/ and never removes it. */
    private static Set<Path> nativeLibraryDirs() {
        Set<Path> dirs = new HashSet<>();
        if (!Files.isDirectory(RAY_TMP)) {
            return dirs;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(RAY_TMP, p -> p.getFileName().toString().matches("\\d+"))) {
            s.forEach(dirs::add);
        } catch (IOException e) {
            // nothing to clean then
        }
        return dirs;
    }

    /** The GCS address this driver is connected to. */
    public String address() {
        return address;
    }

    /** The single-node cluster started for this process when no address was given. */
    public Optional<RayCluster> localCluster() {
        return localCluster;
    }

    /** Disconnects ({@code Ray.shutdown}), stops the local cluster if this connection started one. */
    @Override
    public void close() {
        synchronized (LOCK) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // already shutting down: this is the hook
            }
            try {
                Ray.shutdown();
            } finally {
                localCluster.ifPresent(RayCluster::stop);
                // the library is loaded by now (the file is no longer needed); others' dirs are not in this set
                for (Path dir : nativeLibraryDirs) {
                    try (Stream<Path> files = Files.walk(dir)) {
                        for (Path p : files.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                            Files.deleteIfExists(p);
                        }
                    } catch (IOException e) {
                        // best effort: a leftover library file is harmless
                    }
                }
            }
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            System.err.println("stopping the Ray connection to " + address + " failed: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "Ray driver connected to " + address + localCluster.map(c -> " (local cluster " + c.baseDir() + ")").orElse("");
    }
}
