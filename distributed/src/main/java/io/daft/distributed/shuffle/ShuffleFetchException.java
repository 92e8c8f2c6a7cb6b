package io.daft.distributed.shuffle;

import io.daft.core.DaftException;

import static java.util.Objects.requireNonNull;

/**
 * A piece of map output could not be read: its server is dead or unreachable, no longer holds it (the worker
 * restarted, or the query's files were removed), or the stream broke midway. The scheduler treats the map task's
 * output as lost and runs the map task again.
 */
public final class ShuffleFetchException extends DaftException {
    private final ShuffleEndpoint endpoint;
    private final ShuffleKey key;
    private final int partition;

    public ShuffleFetchException(ShuffleEndpoint endpoint, ShuffleKey key, int partition, String reason, Throwable cause) {
        super("cannot fetch partition " + partition + " of " + key + " from the shuffle server at " + endpoint + ": " + reason, cause);
        this.endpoint = requireNonNull(endpoint, "endpoint");
        this.key = requireNonNull(key, "key");
        this.partition = partition;
    }

    /** The server that held the piece. */
    public ShuffleEndpoint endpoint() {
        return endpoint;
    }

    /** The map output the piece belongs to: the map task to run again. */
    public ShuffleKey key() {
        return key;
    }

    public int partition() {
        return partition;
    }
}
