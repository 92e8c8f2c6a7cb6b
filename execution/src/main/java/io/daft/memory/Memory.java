package io.daft.memory;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The process-wide Arrow allocator. Every column buffer of every batch comes from here, so
 * {@link #allocatedBytes()} is the engine's live off-heap footprint (tests assert it returns to zero).
 */
public final class Memory {
    private static final BufferAllocator ROOT = new RootAllocator(Long.MAX_VALUE);

    private Memory() {
    }

    public static BufferAllocator allocator() {
        return ROOT;
    }

    public static long allocatedBytes() {
        return ROOT.getAllocatedMemory();
    }
}
