package io.daft.memory;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The process-wide Arrow allocator. Every column buffer of every batch comes from here, so
 * {@link #allocatedBytes()} is the engine's live off-heap footprint (tests assert it returns to zero). Released
 * blocks are kept for reuse by {@link PooledAllocationManager} (at most {@link #pooledBytes()} more, outside that count).
 */
public final class Memory {
    private static final BufferAllocator ROOT = new RootAllocator(RootAllocator.configBuilder()
            .allocationManagerFactory(PooledAllocationManager.FACTORY)
            .maxAllocation(Long.MAX_VALUE)
            .build());

    private Memory() {
    }

    public static BufferAllocator allocator() {
        return ROOT;
    }

    public static long allocatedBytes() {
        return ROOT.getAllocatedMemory();
    }

    /** Released memory kept for reuse, not counted in {@link #allocatedBytes()}. */
    public static long pooledBytes() {
        return PooledAllocationManager.pooledBytes();
    }
}
