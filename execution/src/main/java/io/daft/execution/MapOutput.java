package io.daft.execution;

import io.daft.micropartition.MicroPartition;

import java.util.List;

/**
 * What one map task of an exchange produced: its rows split over the exchange's partitions, each piece in memory
 * under a reservation or in a spill file. The reduce side of partition r streams piece r of every map task.
 */
public final class MapOutput implements AutoCloseable {
    private final List<MicroPartition> pieces;

    /** Takes ownership of the pieces, one per output partition. */
    public MapOutput(List<MicroPartition> pieces) {
        this.pieces = List.copyOf(pieces);
    }

    public int numPartitions() {
        return pieces.size();
    }

    /** This task's rows of output partition {@code partition}. */
    public MicroPartition piece(int partition) {
        return pieces.get(partition);
    }

    /** In-memory size of every piece, spilled ones included. */
    public long sizeBytes() {
        long n = 0;
        for (MicroPartition p : pieces) {
            n += p.sizeBytes();
        }
        return n;
    }

    public long rowCount() {
        long n = 0;
        for (MicroPartition p : pieces) {
            n += p.rowCount();
        }
        return n;
    }

    @Override
    public void close() {
        pieces.forEach(MicroPartition::close);
    }
}
