package io.daft.distributed.ray;

import io.daft.core.DaftException;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * A Ray cluster of several nodes on this machine, started with {@code ray start}: a head plus worker nodes, each
 * with its own ports, temp dir and a custom resource {@code daft_node_<i>} (Ray reports the machine's address for
 * every local node, so the built-in {@code node:<ip>} resource cannot tell them apart; pin actors with this one).
 *
 * <p>Each node runs in its own process group (started under {@code setsid}); {@link #stop()} ends those groups and
 * removes the temp dirs, leaving any other Ray on the machine alone. {@link #writeState}/{@link #attach} let one
 * process start a cluster and another stop it ({@code bin/daft ray start|stop}).
 */
public final class RayCluster implements AutoCloseable {
    /** The custom resource each node carries (amount {@link #NODE_RESOURCE_AMOUNT}): {@code daft_node_0} is the head. */
    public static final String NODE_RESOURCE_PREFIX = "daft_node_";
    public static final double NODE_RESOURCE_AMOUNT = 1000;
    /** Ray starts extra ~2 s worker JVMs ahead of demand otherwise: measured twice the map time with them. */
    static final Map<String, String> NODE_ENVIRONMENT = Map.of(
            "RAY_enable_worker_prestart", "0",
            "RAY_USAGE_STATS_ENABLED", "0");
    private static final int PORTS_PER_NODE = 7;
    private static final int WORKER_PORTS_PER_NODE = 48;
    private static final long START_TIMEOUT_SECONDS = 180;
    private static final Pattern PRINTED_ADDRESS = Pattern.compile("ray start --address='([^']+)'");

    private final String address;
    private final Path baseDir;
    private final List<Node> nodes;

    private RayCluster(String address, Path baseDir, List<Node> nodes) {
        this.address = requireNonNull(address, "address");
        this.baseDir = requireNonNull(baseDir, "baseDir");
        this.nodes = List.copyOf(nodes);
    }

    /** One node: its index ({@code 0} is the head), process group, custom resource and temp dir. */
    public static final class Node {
        private final int index;
        private final long processGroup;
        private final Path tempDir;

        Node(int index, long processGroup, Path tempDir) {
            this.index = index;
            this.processGroup = processGroup;
            this.tempDir = requireNonNull(tempDir, "tempDir");
        }

        public int index() {
            return index;
        }

        /** The node's process group: the pid of its {@code ray start}, which leads a session of its own. */
        public long processGroup() {
            return processGroup;
        }

        public Path tempDir() {
            return tempDir;
        }

        /** The custom resource that pins work to this node: {@code daft_node_<index>}. */
        public String resource() {
            return resourceName(index);
        }

        /** Live processes of this node (its daemons and worker JVMs). */
        public List<ProcessHandle> processes() {
            return groupIsOurs() ? ProcessGroups.members(processGroup) : List.of();
        }

        /**
         * Whether the live members of the process group (if any) belong to this node: one of them names the node's
         * temp dir on its command line (GCS, raylet and workers all do). Guards a state file against a recycled pid.
         */
        boolean groupIsOurs() {
            List<ProcessHandle> members = ProcessGroups.members(processGroup);
            String dir = tempDir.toString();
            return members.isEmpty() || members.stream().anyMatch(p -> ProcessGroups.commandLine(p.pid()).contains(dir));
        }

        @Override
        public String toString() {
            return "node " + index + " (" + resource() + ", process group " + processGroup + ", " + tempDir + ")";
        }
    }

    public static String resourceName(int index) {
        return NODE_RESOURCE_PREFIX + index;
    }

    /** {@link #start(RayRuntime, int, int, long, Optional)} with the located Ray, 512 MiB object stores and a fresh temp dir. */
    public static RayCluster start(int nodes, int cpusPerNode) {
        return start(RayRuntime.locate(), nodes, cpusPerNode, 512L << 20, Optional.empty());
    }

    /**
     * Starts a head and {@code nodes - 1} worker nodes of {@code cpusPerNode} CPUs each; the worker nodes start in
     * parallel once the head is up. Everything lives under {@code baseDir} (default: a new {@code daft-ray-*} folder in
     * {@code /tmp}; Ray's unix socket paths must stay short). On failure, whatever started is stopped again.
     */
    public static RayCluster start(RayRuntime runtime, int nodes, int cpusPerNode, long objectStoreBytes, Optional<Path> baseDir) {
        requireNonNull(runtime, "runtime");
        if (nodes < 1 || cpusPerNode < 1) {
            throw new IllegalArgumentException("a cluster needs at least one node and one CPU per node: nodes=" + nodes + ", cpus=" + cpusPerNode);
        }
        Path base;
        try {
            base = baseDir.isPresent() ? Files.createDirectories(baseDir.get()) : Files.createTempDirectory(Path.of("/tmp"), "daft-ray-");
        } catch (IOException e) {
            throw new DaftException("cannot create the cluster's temp dir: " + e.getMessage(), e);
        }
        Ports ports = new Ports();
        List<Node> started = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(nodes, r -> {
            Thread t = new Thread(r, "ray-node-start");
            t.setDaemon(true);
            return t;
        });
        try {
            int gcsPort = ports.next();
            NodeLaunch head = new NodeLaunch(runtime, 0, base.resolve("n0"), ports, cpusPerNode, objectStoreBytes,
                    Optional.empty(), gcsPort);
            started.add(head.node());
            Future<String> headStarted = pool.submit(head::awaitStarted);
            // worker nodes join as soon as the GCS answers, while the head's ray start finishes its own node
            awaitPort(gcsPort, headStarted);
            // join through loopback: all nodes are on this machine
            String joinAddress = "127.0.0.1:" + gcsPort;
            List<NodeLaunch> launches = new ArrayList<>();
            for (int i = 1; i < nodes; i++) {
                NodeLaunch launch = new NodeLaunch(runtime, i, base.resolve("n" + i), ports, cpusPerNode, objectStoreBytes,
                        Optional.of(joinAddress), 0);
                launches.add(launch);
                started.add(launch.node());
            }
            List<Future<String>> waits = new ArrayList<>();
            for (NodeLaunch launch : launches) {
                waits.add(pool.submit(launch::awaitStarted));
            }
            String address = printedAddress(headStarted.get()).orElse("127.0.0.1:" + gcsPort);
            for (Future<String> wait : waits) {
                wait.get();
            }
            return new RayCluster(address, base, started);
        } catch (RuntimeException | ExecutionException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            new RayCluster("127.0.0.1:0", base, started).stopQuietly();
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            if (cause instanceof DaftException) {
                throw (DaftException) cause;
            }
            throw new DaftException("cannot start a " + nodes + "-node Ray cluster: " + cause.getMessage(), cause);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One {@code setsid ray start ...} of a node, its output in {@code <tempDir>/ray-start.log}. */
    private static final class NodeLaunch {
        private final int index;
        private final Path tempDir;
        private final Path log;
        private final Process process;

        NodeLaunch(RayRuntime runtime, int index, Path tempDir, Ports ports, int cpus, long objectStoreBytes,
                   Optional<String> headAddress, int gcsPort) {
            this.index = index;
            this.tempDir = tempDir;
            this.log = tempDir.resolve("ray-start.log");
            List<String> command = new ArrayList<>(List.of("setsid", runtime.rayExecutable().toString(), "start"));
            if (headAddress.isEmpty()) {
                command.add("--head");
                command.add("--port=" + gcsPort);
                command.add("--include-dashboard=false");
            } else {
                command.add("--address=" + headAddress.get());
            }
            int[] fixed = ports.next(PORTS_PER_NODE - 1);
            int workers = ports.nextRange(WORKER_PORTS_PER_NODE);
            command.addAll(List.of(
                    "--node-ip-address=127.0.0.1",
                    "--node-manager-port=" + fixed[0],
                    "--object-manager-port=" + fixed[1],
                    "--metrics-export-port=" + fixed[2],
                    "--dashboard-agent-listen-port=" + fixed[3],
                    "--dashboard-agent-grpc-port=" + fixed[4],
                    "--runtime-env-agent-port=" + fixed[5],
                    "--min-worker-port=" + workers,
                    "--max-worker-port=" + (workers + WORKER_PORTS_PER_NODE - 1),
                    "--num-cpus=" + cpus,
                    "--resources={\"" + resourceName(index) + "\": " + (long) NODE_RESOURCE_AMOUNT + "}",
                    "--object-store-memory=" + objectStoreBytes,
                    "--temp-dir=" + tempDir,
                    "--include-log-monitor=false",
                    "--disable-usage-stats",
                    "--log-style=record",
                    "--log-color=false"));
            try {
                Files.createDirectories(tempDir);
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
                builder.environment().putAll(NODE_ENVIRONMENT);
                this.process = builder.start();
            } catch (IOException e) {
                throw new DaftException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
            }
        }

        Node node() {
            // setsid runs ray start as the leader of a new session: its pid is the node's process group
            return new Node(index, process.pid(), tempDir);
        }

        String awaitStarted() throws InterruptedException {
            boolean exited = process.waitFor(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            String output = readLog();
            if (!exited) {
                throw new DaftException("Ray node " + index + " did not start within " + START_TIMEOUT_SECONDS + " s; its output ("
                        + log + "):\n" + tail(output));
            }
            if (process.exitValue() != 0) {
                throw new DaftException("ray start of node " + index + " failed (exit " + process.exitValue() + "); its output ("
                        + log + "):\n" + tail(output));
            }
            return output;
        }

        private String readLog() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(cannot read " + log + ": " + e.getMessage() + ")";
            }
        }

        private static String tail(String output) {
            List<String> lines = output.lines().collect(Collectors.toList());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size()));
        }
    }

    /** Waits until something listens on {@code port} of this machine, or the head's start has ended (then its error). */
    private static void awaitPort(int port, Future<String> headStarted) throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            if (headStarted.isDone()) {
                headStarted.get();
                return;
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new DaftException("the Ray head's GCS did not listen on port " + port + " within " + START_TIMEOUT_SECONDS + " s");
    }

    private static Optional<String> printedAddress(String output) {
        Matcher m = PRINTED_ADDRESS.matcher(output);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /**
     * Free ports for one cluster, probed upwards from a random start so that clusters started at the same time
     * (other users, other test JVMs) rarely meet; Ray binds them on every interface.
     */
    private static final class Ports {
        private final Set<Integer> taken = new HashSet<>();
        private int cursor = 20_000 + ThreadLocalRandom.current().nextInt(0, 20_000);

        synchronized int next() {
            while (true) {
                int port = cursor++;
                if (!taken.contains(port) && isFree(port)) {
                    taken.add(port);
                    return port;
                }
            }
        }

        synchronized int[] next(int count) {
            int[] result = new int[count];
            for (int i = 0; i < count; i++) {
                result[i] = next();
            }
            return result;
        }

        /** The first of {@code count} consecutive free ports (a worker port range). */
        synchronized int nextRange(int count) {
            int start = cursor;
            for (int port = start; ; port++) {
                if (taken.contains(port) || !isFree(port)) {
                    start = port + 1;
                } else if (port - start + 1 == count) {
                    for (int p = start; p <= port; p++) {
                        taken.add(p);
                    }
                    cursor = port + 1;
                    return start;
                }
            }
        }

        private static boolean isFree(int port) {
            if (port > 65_000) {
                throw new DaftException("no free ports left for a Ray node");
            }
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(port));
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }

    /** The GCS address ({@code host:port}) drivers connect to ({@code ray.address}). */
    public String address() {
        return address;
    }

    public List<Node> nodes() {
        return nodes;
    }

    /** The folder under which every node's temp dir lives. */
    public Path baseDir() {
        return baseDir;
    }

    /** The state of each node: its live processes, and whether the GCS answers. */
    public Status status() {
        List<NodeStatus> states = nodes.stream()
                .map(n -> new NodeStatus(n, n.processes().size()))
                .collect(Collectors.toUnmodifiableList());
        return new Status(address, gcsReachable(), states);
    }

    private boolean gcsReachable() {
        int colon = address.lastIndexOf(':');
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(address.substring(colon + 1))), 1000);
            return true;
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    /** A cluster's state at one moment. */
    public static final class Status {
        private final String address;
        private final boolean gcsReachable;
        private final List<NodeStatus> nodes;

        Status(String address, boolean gcsReachable, List<NodeStatus> nodes) {
            this.address = address;
            this.gcsReachable = gcsReachable;
            this.nodes = List.copyOf(nodes);
        }

        public boolean gcsReachable() {
            return gcsReachable;
        }

        public List<NodeStatus> nodes() {
            return nodes;
        }

        /** Whether the GCS answers and every node has processes. */
        public boolean running() {
            return gcsReachable && nodes.stream().allMatch(n -> n.processCount() > 0);
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder();
            b.append("Ray cluster at ").append(address).append(": ").append(running() ? "running" : "NOT running")
                    .append(gcsReachable ? "" : " (GCS does not answer)").append('\n');
            for (NodeStatus n : nodes) {
                b.append("  ").append(n).append('\n');
            }
            return b.toString();
        }
    }

    /** One node's state: how many of its processes are alive. */
    public static final class NodeStatus {
        private final Node node;
        private final int processCount;

        NodeStatus(Node node, int processCount) {
            this.node = node;
            this.processCount = processCount;
        }

        public Node node() {
            return node;
        }

        public int processCount() {
            return processCount;
        }

        @Override
        public String toString() {
            return (node.index() == 0 ? "head   " : "worker ") + node.resource() + ": "
                    + (processCount == 0 ? "stopped" : processCount + " processes") + ", process group " + node.processGroup()
                    + ", " + node.tempDir();
        }
    }

    /**
     * Stops the nodes this cluster started (worker nodes first, then the head) and removes its temp dirs. Throws if a
     * process of it survives SIGKILL.
     */
    public void stop() {
        List<String> survivors = new ArrayList<>();
        try {
            for (int i = nodes.size() - 1; i >= 0; i--) {
                Node node = nodes.get(i);
                if (!node.groupIsOurs()) {
                    continue; // the group id was reused by processes that are not this node's
                }
                List<ProcessHandle> left = ProcessGroups.terminate(node.processGroup(), 2000);
                left.forEach(p -> survivors.add(node.resource() + " " + ProcessGroups.describe(p.pid())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DaftException("interrupted while stopping the Ray cluster at " + address);
        }
        if (!survivors.isEmpty()) {
            throw new DaftException("Ray processes survived stopping the cluster at " + address + ": " + survivors);
        }
        deleteRecursively(baseDir);
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException ignored) {
            // best effort while failing to start
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new DaftException("cannot remove the Ray cluster's temp dir " + dir + ": " + e.getMessage(), e);
        }
    }

    // ---- state file: one process starts, another stops -------------------------------------------------------

    /** Records this cluster in {@code file} so that {@link #attach} in another process can stop exactly these nodes. */
    public void writeState(Path file) {
        Properties p = new Properties();
        p.setProperty("address", address);
        p.setProperty("baseDir", baseDir.toString());
        p.setProperty("nodes", Integer.toString(nodes.size()));
        for (Node n : nodes) {
            p.setProperty("node." + n.index() + ".processGroup", Long.toString(n.processGroup()));
            p.setProperty("node." + n.index() + ".tempDir", n.tempDir().toString());
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, ".ray-cluster", ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, "a Ray cluster started by bin/daft ray start; bin/daft ray stop stops it");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new DaftException("cannot write the Ray cluster state file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The cluster recorded in {@code file} by {@link #writeState}, or empty if there is no such file. */
    public static Optional<RayCluster> attach(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
            int count = Integer.parseInt(required(p, "nodes", file));
            List<Node> nodes = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                nodes.add(new Node(i, Long.parseLong(required(p, "node." + i + ".processGroup", file)),
                        Path.of(required(p, "node." + i + ".tempDir", file))));
            }
            return Optional.of(new RayCluster(required(p, "address", file), Path.of(required(p, "baseDir", file)), nodes));
        } catch (IOException | NumberFormatException e) {
            throw new DaftException("cannot read the Ray cluster state file " + file + ": " + e.getMessage(), e);
        }
    }

    private static String required(Properties p, String key, Path file) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new DaftException("the Ray cluster state file " + file + " lacks '" + key + "'");
        }
        return v;
    }

    @Override
    public String toString() {
        return "Ray cluster at " + address + " (" + nodes.size() + " nodes under " + baseDir + ")";
    }
}
