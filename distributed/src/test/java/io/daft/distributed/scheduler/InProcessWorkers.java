package io.daft.distributed.scheduler;

import io.daft.distributed.shuffle.ShuffleClient;
import io.daft.distributed.shuffle.ShuffleServer;
import io.daft.distributed.shuffle.ShuffleStore;
import io.daft.distributed.tasks.StageTask;
import io.daft.distributed.tasks.TaskCodec;
import io.daft.distributed.tasks.TaskExecutor;
import io.daft.distributed.tasks.TaskResult;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Workers in this JVM for scheduler tests, each with its own shuffle store and a real Arrow Flight server on
 * loopback, so every input crosses the network as between nodes. Tasks and results go through Java serialization,
 * as to a remote worker. {@link #kill} takes a worker down with everything it stored, as a lost node.
 */
final class InProcessWorkers implements Workers {
    private final List<Node> nodes = new ArrayList<>();
    private final ShuffleStore driverStore;
    private final ShuffleServer driverServer;
    private final ShuffleClient driverClient;
    private final ExecutorService pool = Executors.newCachedThreadPool();

    private static final class Node {
        final Worker worker;
        final ShuffleStore store;
        final ShuffleServer server;
        final ShuffleClient client;
        final TaskExecutor executor;
        volatile boolean killed;

        Node(Path dir, String id, int slots) {
            this.worker = new Worker(id, slots);
            this.store = new ShuffleStore(dir.resolve(id));
            this.server = ShuffleServer.start(store, "127.0.0.1", 0);
            this.client = new ShuffleClient(Optional.of(store));
            this.executor = new TaskExecutor(id, store, client);
        }

        void close() {
            executor.close();
            client.close();
            server.close();
            store.close();
        }
    }

    /** Thrown for tasks sent to a killed worker, as a lost actor's calls fail. */
    static final class WorkerLostException extends RuntimeException {
        WorkerLostException(String node) {
            super("worker " + node + " was lost");
        }
    }

    InProcessWorkers(Path dir, int workers, int slots) {
        for (int i = 0; i < workers; i++) {
            nodes.add(new Node(dir, "node-" + i, slots));
        }
        this.driverStore = new ShuffleStore(dir.resolve("driver"));
        this.driverServer = ShuffleServer.start(driverStore, "127.0.0.1", 0);
        this.driverClient = new ShuffleClient(Optional.of(driverStore));
    }

    /** Takes worker {@code i} down: its server stops and its stored outputs go. */
    void kill(int i) {
        Node n = nodes.get(i);
        n.killed = true;
        n.close();
    }

    @Override
    public synchronized List<Worker> live() {
        List<Worker> out = new ArrayList<>();
        for (Node n : nodes) {
            if (!n.killed) {
                out.add(n.worker);
            }
        }
        return out;
    }

    @Override
    public CompletableFuture<TaskResult> submit(Worker worker, StageTask task) {
        Node node = nodes.stream().filter(n -> n.worker.equals(worker)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no worker " + worker));
        byte[] sent = TaskCodec.encode(task);
        return CompletableFuture.supplyAsync(() -> {
            if (node.killed) {
                throw new WorkerLostException(worker.nodeId());
            }
            TaskResult r = node.executor.run((StageTask) TaskCodec.decode(sent));
            return (TaskResult) TaskCodec.decode(TaskCodec.encode(r));
        }, pool);
    }

    @Override
    public boolean isClusterFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof WorkerLostException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void endQuery(String queryId) {
        for (Node n : nodes) {
            if (!n.killed) {
                n.executor.endQuery(queryId);
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
        pool.shutdownNow();
        for (Node n : nodes) {
            if (!n.killed) {
                n.close();
            }
        }
        driverClient.close();
        driverServer.close();
        driverStore.close();
    }
}
