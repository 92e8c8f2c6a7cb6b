package io.daft.distributed.ray;

import io.daft.core.DaftException;
import io.ray.api.ActorHandle;
import io.ray.api.Ray;
import io.ray.api.runtimecontext.NodeInfo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/** Creates one {@link DaftWorker} actor per node of the connected cluster, each pinned by its node's custom resource. */
public final class DaftWorkers {
    private DaftWorkers() {
    }

    /** A created worker actor and the node resource it is pinned to. */
    public static final class Worker {
        private final String nodeResource;
        private final ActorHandle<DaftWorker> actor;
        private final int cpus;

        Worker(String nodeResource, ActorHandle<DaftWorker> actor, int cpus) {
            this.nodeResource = requireNonNull(nodeResource, "nodeResource");
            this.actor = requireNonNull(actor, "actor");
            this.cpus = cpus;
        }

        /** The node's CPUs: how many calls the actor runs at once. */
        public int cpus() {
            return cpus;
        }

        public String nodeResource() {
            return nodeResource;
        }

        public ActorHandle<DaftWorker> actor() {
            return actor;
        }
    }

    /**
     * One actor per alive node carrying a {@code daft_node_<i>} resource (ordered by index), created with up to
     * {@code maxRestarts} restarts of its process and {@code maxTaskRetries} retries of a call lost with it. Creation is
     * asynchronous: the first call waits for the actor's JVM (~2 s cold).
     */
    public static List<Worker> onePerNode(int maxRestarts, int maxTaskRetries) {
        List<String> resources = new ArrayList<>();
        Map<String, Integer> cpus = new java.util.HashMap<>();
        for (NodeInfo node : Ray.getRuntimeContext().getAllNodeInfo()) {
            if (!node.isAlive) {
                continue;
            }
            for (Map.Entry<String, Double> r : node.resources.entrySet()) {
                if (r.getKey().startsWith(RayCluster.NODE_RESOURCE_PREFIX)) {
                    resources.add(r.getKey());
                    cpus.put(r.getKey(), (int) Math.max(1, Math.round(node.resources.getOrDefault("CPU", 1.0))));
                }
            }
        }
        if (resources.isEmpty()) {
            throw new DaftException("no node of the Ray cluster carries a " + RayCluster.NODE_RESOURCE_PREFIX + "<i> resource: "
                    + "start the cluster with `bin/daft ray start`, or give each node --resources='{\"daft_node_<i>\": 1000}'");
        }
        resources.sort(Comparator.comparingInt(r -> Integer.parseInt(r.substring(RayCluster.NODE_RESOURCE_PREFIX.length()))));
        List<Worker> workers = new ArrayList<>();
        for (String resource : resources) {
            ActorHandle<DaftWorker> actor = Ray.actor(DaftWorker::new, resource)
                    .setResource(resource, 1.0)
                    .setMaxRestarts(maxRestarts)
                    .setMaxTaskRetries(maxTaskRetries)
                    .setMaxConcurrency(cpus.get(resource))   // one call per task slot, each on its own thread
                    .remote();
            workers.add(new Worker(resource, actor, cpus.get(resource)));
        }
        return workers;
    }
}
