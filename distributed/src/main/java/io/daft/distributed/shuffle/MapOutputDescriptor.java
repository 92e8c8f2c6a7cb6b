package io.daft.distributed.shuffle;

import java.io.Serializable;
import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/**
 * What the driver keeps of one map task's output: where it is served from and how many rows and bytes each
 * output partition got. Small (two numbers per partition) and serializable; the rows themselves stay in the
 * worker's {@link ShuffleStore} until the query ends.
 */
public final class MapOutputDescriptor implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ShuffleKey key;
    private final ShuffleEndpoint endpoint;
    private final String storeId;
    private final long[] rows;
    private final long[] bytes;

    MapOutputDescriptor(ShuffleKey key, ShuffleEndpoint endpoint, String storeId, long[] rows, long[] bytes) {
        this.key = requireNonNull(key, "key");
        this.endpoint = requireNonNull(endpoint, "endpoint");
        this.storeId = requireNonNull(storeId, "storeId");
        if (rows.length != bytes.length) {
            throw new IllegalArgumentException(rows.length + " row counts but " + bytes.length + " byte counts");
        }
        this.rows = rows.clone();
        this.bytes = bytes.clone();
    }

    public ShuffleKey key() {
        return key;
    }

    /** The server holding the output. */
    public ShuffleEndpoint endpoint() {
        return endpoint;
    }

    /**
     * The store holding the output, unique per store instance: a worker restarted on the same endpoint has a
     * different one, so it cannot be mistaken for the one that held this output.
     */
    public String storeId() {
        return storeId;
    }

    public int numPartitions() {
        return rows.length;
    }

    /** Rows the map task sent to output partition {@code partition}. */
    public long rows(int partition) {
        return rows[checkPartition(partition)];
    }

    /** In-memory (uncompressed Arrow) bytes of those rows: about what a fetch moves over the network. */
    public long bytes(int partition) {
        return bytes[checkPartition(partition)];
    }

    public long totalRows() {
        return Arrays.stream(rows).sum();
    }

    public long totalBytes() {
        return Arrays.stream(bytes).sum();
    }

    int checkPartition(int partition) {
        if (partition < 0 || partition >= rows.length) {
            throw new IndexOutOfBoundsException("partition " + partition + " of " + key + ", which has " + rows.length + " partitions");
        }
        return partition;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MapOutputDescriptor d && key.equals(d.key) && endpoint.equals(d.endpoint) && storeId.equals(d.storeId)
                && Arrays.equals(rows, d.rows) && Arrays.equals(bytes, d.bytes);
    }

    @Override
    public int hashCode() {
        return key.hashCode() * 31 + storeId.hashCode();
    }

    @Override
    public String toString() {
        return "MapOutputDescriptor[" + key + " at " + endpoint + ", " + totalRows() + " rows, " + totalBytes() + " bytes in "
                + rows.length + " partitions]";
    }
}
