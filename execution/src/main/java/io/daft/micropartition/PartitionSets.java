package io.daft.micropartition;

import io.daft.core.DaftException;
import io.daft.core.Schema;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This process's materialized partition sets by {@link PartitionSetRef} id, as Daft's {@code PartitionSetCache}.
 * Entries are weak: the partitions live as long as whoever made them holds them (a DataFrame's in-memory source,
 * or a plan that was planned from it in this JVM); a stale entry is dropped at the next registration.
 */
public final class PartitionSets {
    private static final Map<String, WeakReference<List<MicroPartition>>> SETS = new ConcurrentHashMap<>();

    private PartitionSets() {
    }

    /** Registers {@code partitions} (which the caller keeps reachable while plans may use them) under a new id. */
    public static PartitionSetRef register(Schema schema, List<MicroPartition> partitions) {
        SETS.values().removeIf(r -> r.get() == null);
        long rows = 0;
        long bytes = 0;
        for (MicroPartition p : partitions) {
            rows += p.rowCount();
            bytes += p.sizeBytes();
        }
        PartitionSetRef ref = new PartitionSetRef(UUID.randomUUID().toString(), schema, partitions.size(), rows, bytes);
        SETS.put(ref.id(), new WeakReference<>(partitions));
        return ref;
    }

    /** The partitions {@code ref} names, as registered in this process. */
    public static List<MicroPartition> resolve(PartitionSetRef ref) {
        WeakReference<List<MicroPartition>> r = SETS.get(ref.id());
        List<MicroPartition> parts = r == null ? null : r.get();
        if (parts == null) {
            throw new DaftException("partition set " + ref.id() + " is not in this process (released, or planned in "
                    + "another JVM whose runner did not ship it)");
        }
        return parts;
    }
}
