package io.daft.distributed.ray.cli;

import io.daft.core.DaftException;
import io.daft.distributed.ray.RayCluster;
import io.daft.distributed.ray.RayRuntime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code bin/daft ray start [--nodes N] [--num-cpus C] | status | stop}: a local multi-node Ray cluster on this machine.
 * {@code start} records what it started in a state file ({@code --state FILE}, default {@code .daft-ray/cluster.properties}
 * in the repository, else the working directory) so that {@code stop} ends exactly those nodes.
 */
public final class RayCommand {
    private RayCommand() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new DaftException("usage: bin/daft ray start [--nodes N] [--num-cpus C] [--object-store-mb M] | status | stop [--state FILE]");
        }
        int nodes = 3;
        int cpus = 1;
        long objectStoreMb = 512;
        Path state = defaultStateFile();
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--nodes": nodes = Integer.parseInt(value(args, ++i)); break;
                case "--num-cpus": cpus = Integer.parseInt(value(args, ++i)); break;
                case "--object-store-mb": objectStoreMb = Long.parseLong(value(args, ++i)); break;
                case "--state": state = Path.of(value(args, ++i)); break;
                default: throw new DaftException("unknown option " + args[i]);
            }
        }
        switch (args[0]) {
            case "start":
                start(state, nodes, cpus, objectStoreMb);
                break;
            case "status":
                status(state);
                break;
            case "stop":
                stop(state);
                break;
            default:
                throw new DaftException("unknown ray command '" + args[0] + "': use start, status or stop");
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new DaftException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    static Path defaultStateFile() {
        Path base = Optional.ofNullable(System.getProperty(RayRuntime.ROOT_PROPERTY)).map(Path::of).orElse(Path.of(""));
        return base.resolve(".daft-ray").resolve("cluster.properties").toAbsolutePath();
    }

    private static void start(Path state, int nodes, int cpus, long objectStoreMb) {
        Optional<RayCluster> existing = RayCluster.attach(state);
        if (existing.isPresent()) {
            RayCluster.Status status = existing.get().status();
            if (status.nodes().stream().anyMatch(n -> n.processCount() > 0)) {
                throw new DaftException("a Ray cluster started here is still running at " + existing.get().address()
                        + " (" + state + "); stop it first with `bin/daft ray stop`");
            }
        }
        RayRuntime runtime = RayRuntime.locate();
        long t0 = System.nanoTime();
        RayCluster cluster = RayCluster.start(runtime, nodes, cpus, objectStoreMb << 20, Optional.empty());
        try {
            cluster.writeState(state);
        } catch (RuntimeException e) {
            cluster.stop();
            throw e;
        }
        System.err.printf("started a %d-node Ray cluster (%d CPUs per node) in %.1f s under %s; state in %s%n",
                nodes, cpus, (System.nanoTime() - t0) / 1e9, cluster.baseDir(), state);
        System.err.println("connect with RAY_ADDRESS=" + cluster.address() + "; stop with `bin/daft ray stop`");
        System.out.println(cluster.address());
    }

    private static void status(Path state) {
        RayCluster cluster = RayCluster.attach(state)
                .orElseThrow(() -> new DaftException("no Ray cluster was started here (no " + state + ")"));
        RayCluster.Status status = cluster.status();
        System.out.print(status);
        if (!status.running()) {
            throw new DaftException("the Ray cluster at " + cluster.address() + " is not (fully) running");
        }
    }

    private static void stop(Path state) throws Exception {
        Optional<RayCluster> cluster = RayCluster.attach(state);
        if (cluster.isEmpty()) {
            System.err.println("no Ray cluster was started here (no " + state + ")");
            return;
        }
        cluster.get().stop();
        Files.deleteIfExists(state);
        System.err.println("stopped the Ray cluster at " + cluster.get().address());
    }
}
