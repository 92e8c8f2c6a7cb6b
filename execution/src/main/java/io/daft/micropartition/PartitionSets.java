package io.daft.micropartition;

import io.daft.core.DaftException;
import io.daft.core.Schema;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This process's materialized partition sets by {@link PartitionSetRef} id, as Daft's {@code PartitionSetCache}.
 * Entries are weak: the partitions live as long as whoever made them holds them (a DataFrame's in-memory source,
 * or a plan that was planned from it in this JVM); a stale entry is dropped at the next registration.
 */
public final class PartitionSets {
    private static final Map<String, WeakReference<List<MicroPartition>>> SETS = new ConcurrentHashMap<>();
    /** Lists of partitions compare by the partitions' identity: equal lists are the same set. */
    private static final Map<List<MicroPartition>, PartitionSetRef> BY_PARTITIONS = new WeakHashMap<>();

    private PartitionSets() {
    }

    /**
     * Registers {@code partitions} (which the caller keeps reachable while plans may use them) and returns their
     * reference: the same one each time the same partitions are registered (a DataFrame planned again).
     */
    public static synchronized PartitionSetRef register(Schema schema, List<MicroPartition> partitions) {
        PartitionSetRef known = BY_PARTITIONS.get(partitions);
        WeakReference<List<MicroPartition>> held = known == null ? null : SETS.get(known.id());
        if (held != null && held.get() == partitions && known.schema().equals(schema)) {
            return known;   // the very list registered before (an equal one may outlive it, so not any equal one)
        }
        SETS.values().removeIf(r -> r.get() == null);
        long rows = 0;
        long bytes = 0;
        for (MicroPartition p : partitions) {
            rows += p.rowCount();
            bytes += p.sizeBytes();
        }
        PartitionSetRef ref = new PartitionSetRef(UUID.randomUUID().toString(), schema, partitions.size(), rows, bytes);
        SETS.put(ref.id(), new WeakReference<>(partitions));
        BY_PARTITIONS.put(partitions, ref);
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
