package io.daft.distributed.ray;

import io.daft.config.ExecutionConfig;
import io.daft.core.DaftException;
import io.daft.distributed.scheduler.Workers;
import io.daft.distributed.shuffle.ShuffleClient;
import io.daft.distributed.shuffle.ShuffleServer;
import io.daft.distributed.shuffle.ShuffleStore;
import io.daft.distributed.tasks.StageTask;
import io.daft.distributed.tasks.TaskCodec;
import io.daft.distributed.tasks.TaskResult;
import io.ray.api.ObjectRef;
import io.ray.api.Ray;
import io.ray.api.exception.RayActorException;
import io.ray.api.exception.RayTimeoutException;
import io.ray.api.exception.RayWorkerException;
import io.ray.api.exception.UnreconstructableException;
import io.ray.api.runtimecontext.NodeInfo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static java.util.Objects.requireNonNull;

/**
 * The Ray runner's workers: one {@link DaftWorker} actor per node of the connected cluster (restarted by Ray when its
 * JVM dies), each taking as many tasks at once as its node has CPUs; a worker is live while its node is. The
 * driver serves in-memory inputs from its own shuffle server, bound to the address it reaches the cluster from.
 */
public final class RayWorkers implements Workers {
    /** Restarts of a worker actor's JVM before its node counts as lost. */
    private static final int MAX_RESTARTS = 3;

    private final RayConnection connection;
    private final Map<Worker, DaftWorkers.Worker> actors = new LinkedHashMap<>();
    private final Set<Worker> lost = new HashSet<>();
    private final ShuffleStore driverStore;
    private final ShuffleServer driverServer;
    private final ShuffleClient driverClient;
    private final ExecutorService calls = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "daft-ray-call");
        t.setDaemon(true);
        return t;
    });

    /** Creates the actors on the cluster {@code connection} is connected to; closing the workers closes the connection. */
    public RayWorkers(RayConnection connection) {
        this.connection = requireNonNull(connection, "connection");
        for (DaftWorkers.Worker w : DaftWorkers.onePerNode(MAX_RESTARTS, 0)) {
            actors.put(new Worker(w.nodeResource(), w.cpus()), w);
        }
        this.driverStore = ShuffleStore.inTempDirectory(ExecutionConfig.defaults().tempDirectory());
        this.driverServer = ShuffleServer.start(driverStore, localAddressTowards(connection.address()), 0);
        this.driverClient = new ShuffleClient(Optional.of(driverStore));
    }

    /** The local address this machine reaches {@code host:port} from (where the cluster's nodes can reach it back). */
    private static String localAddressTowards(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))), 5000);
            return s.getLocalAddress().getHostAddress();
        } catch (IOException | RuntimeException e) {
            throw new DaftException("cannot reach the Ray cluster at " + hostPort + " to find this driver's address: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<Worker> live() {
        Set<String> alive = new HashSet<>();
        for (NodeInfo n : Ray.getRuntimeContext().getAllNodeInfo()) {
            if (n.isAlive) {
                alive.addAll(n.resources.keySet());
            }
        }
        List<Worker> out = new ArrayList<>();
        for (Worker w : actors.keySet()) {
            if (!lost.contains(w) && alive.contains(w.nodeId())) {
                out.add(w);
            }
        }
        return out;
    }

    @Override
    public CompletableFuture<TaskResult> submit(Worker worker, StageTask task) {
        DaftWorkers.Worker w = actors.get(worker);
        if (w == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("no worker " + worker));
        }
        byte[] sent = TaskCodec.encode(task);
        return CompletableFuture.supplyAsync(() -> {
            ObjectRef<byte[]> ref = w.actor().task(DaftWorker::run, sent).remote();
            try {
                Object outcome = TaskCodec.decode(ref.get());
                if (outcome instanceof RuntimeException failed) {
                    throw failed;
                }
                if (outcome instanceof Error failed) {
                    throw failed;
                }
                return (TaskResult) outcome;
            } catch (RayActorException e) {
                // the actor is gone for good once Ray stops restarting it
                if (e.getMessage() != null && e.getMessage().contains("restart")) {
                    markLost(worker);
                }
                throw e;
            }
        }, calls);
    }

    private synchronized void markLost(Worker w) {
        lost.add(w);
    }

    /** Where each live worker runs (node, process, restarts), asking each actor. */
    public List<WorkerInfo> workerInfos() {
        List<ObjectRef<WorkerInfo>> refs = new ArrayList<>();
        for (Worker w : live()) {
            refs.add(actors.get(w).actor().task(DaftWorker::info).remote());
        }
        List<WorkerInfo> out = new ArrayList<>();
        for (ObjectRef<WorkerInfo> r : refs) {
            out.add(r.get(60_000));
        }
        return out;
    }

    @Override
    public boolean isClusterFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RayActorException || t instanceof RayWorkerException || t instanceof UnreconstructableException
                    || t instanceof RayTimeoutException
                    // what a call to an actor on a node whose raylet died throws (see ray-java.md)
                    || (t instanceof IllegalArgumentException && String.valueOf(t.getMessage()).contains("Unrecognized metadata"))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    @Override
    public void endQuery(String queryId) {
        List<ObjectRef<Boolean>> ends = new ArrayList<>();
        for (Worker w : live()) {
            ends.add(actors.get(w).actor().task(DaftWorker::endQuery, queryId).remote());
        }
        for (ObjectRef<Boolean> e : ends) {
            try {
                e.get(10_000);
            } catch (RuntimeException ignored) {
                // a node lost meanwhile took the query's files with it
            }
        }
    }

    @Override
    public ShuffleStore driverStore() {
        return driverStore;
    }

    @Override
    public ShuffleClient driverClient() {
        return driverClient;
    }

    @Override
    public void close() {
        calls.shutdownNow();
        for (DaftWorkers.Worker w : actors.values()) {
            try {
                w.actor().kill();
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
        driverClient.close();
        driverServer.close();
        driverStore.close();
        connection.close();
    }
}
