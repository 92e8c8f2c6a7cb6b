package io.daft.distributed.ray;

import java.io.Serializable;
import java.util.Objects;

import static java.util.Objects.requireNonNull;

/** Where a {@link DaftWorker} runs, as it reports it (sent through Ray's serializer, hence a plain Serializable class). */
public final class WorkerInfo implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String nodeId;
    private final String nodeResource;
    private final long pid;
    private final boolean restarted;

    public WorkerInfo(String nodeId, String nodeResource, long pid, boolean restarted) {
        this.nodeId = requireNonNull(nodeId, "nodeId");
        this.nodeResource = requireNonNull(nodeResource, "nodeResource");
        this.pid = pid;
        this.restarted = restarted;
    }

    /** The Ray node id (hex): nodes of one machine share its address, so this is what tells them apart. */
    public String nodeId() {
        return nodeId;
    }

    /** The custom resource the actor is pinned by, {@code daft_node_<i>}. */
    public String nodeResource() {
        return nodeResource;
    }

    /** The worker JVM's process id. */
    public long pid() {
        return pid;
    }

    /** Whether Ray restarted this actor after its process died. */
    public boolean restarted() {
        return restarted;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WorkerInfo && ((WorkerInfo) o).nodeId.equals(nodeId) && ((WorkerInfo) o).nodeResource.equals(nodeResource)
                && ((WorkerInfo) o).pid == pid && ((WorkerInfo) o).restarted == restarted;
    }

    @Override
    public int hashCode() {
        return Objects.hash(nodeId, nodeResource, pid, restarted);
    }

    @Override
    public String toString() {
        return "worker on node " + nodeId + " (" + nodeResource + ", pid " + pid + (restarted ? ", restarted" : "") + ")";
    }
}
