package io.daft.memory;

import org.apache.arrow.memory.AllocationManager;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.ReferenceManager;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * Arrow memory that is kept for reuse when released. Batches come and go at the same few sizes (a morsel of each
 * column type), and handing every block back to malloc made the next batch fault its pages in from the kernel
 * again: 15-35% of the CPU time of scan-heavy TPC-H queries, measured by tuning glibc's mmap threshold instead.
 * Blocks whose size is a power of two from 64 KiB to 64 MiB (Arrow rounds requests below its chunk size so) go to a
 * free list of their size when released, up to {@link #POOL_LIMIT} bytes in all, and are handed out again; other
 * sizes come from and go to the system directly. The pool is outside Arrow's accounting: released memory counts as
 * released, so leak checks and memory budgets see only live buffers.
 */
final class PooledAllocationManager extends AllocationManager {
    /** Most bytes kept in the free lists (beyond the live buffers). */
    static final long POOL_LIMIT = 256L << 20;
    private static final int MIN_SHIFT = 16;
    private static final int MAX_SHIFT = 26;
    private static final FreeList[] FREE = new FreeList[MAX_SHIFT + 1];
    private static final Object POOLED_LOCK = new Object();
    private static long pooledBytes;

    static {
        for (int s = MIN_SHIFT; s <= MAX_SHIFT; s++) {
            FREE[s] = new FreeList();
        }
    }

    private static final ArrowBuf EMPTY = new ArrowBuf(ReferenceManager.NO_OP, null, 0, MemoryUtil.allocateMemory(0));

    static final Factory FACTORY = new Factory() {
        @Override
        public AllocationManager create(BufferAllocator accountingAllocator, long size) {
            return new PooledAllocationManager(accountingAllocator, size);
        }

        @Override
        public ArrowBuf empty() {
            return EMPTY;
        }
    };

    private final long size;
    private final long address;

    private PooledAllocationManager(BufferAllocator accountingAllocator, long size) {
        super(accountingAllocator);
        this.size = size;
        int shift = sizeClass(size);
        long reused = shift < 0 ? 0 : take(shift);
        this.address = reused != 0 ? reused : MemoryUtil.allocateMemory(size);
    }

    @Override
    public long getSize() {
        return size;
    }

    @Override
    protected long memoryAddress() {
        return address;
    }

    @Override
    protected void release0() {
        int shift = sizeClass(size);
        if (shift < 0 || !give(shift, address)) {
            MemoryUtil.freeMemory(address);
        }
    }

    /** Bytes currently held in the free lists. */
    static long pooledBytes() {
        synchronized (POOLED_LOCK) {
            return pooledBytes;
        }
    }

    /** Gives every kept block back to the system. */
    static void trim() {
        for (int s = MIN_SHIFT; s <= MAX_SHIFT; s++) {
            long a;
            while ((a = take(s)) != 0) {
                MemoryUtil.freeMemory(a);
            }
        }
    }

    /** The free list for blocks of {@code size} bytes, or -1 when that size is not pooled. */
    private static int sizeClass(long size) {
        if (Long.bitCount(size) != 1) {
            return -1;
        }
        int shift = Long.numberOfTrailingZeros(size);
        return shift >= MIN_SHIFT && shift <= MAX_SHIFT ? shift : -1;
    }

    private static long take(int shift) {
        long a = FREE[shift].pop();
        if (a != 0) {
            synchronized (POOLED_LOCK) {
                pooledBytes -= 1L << shift;
            }
        }
        return a;
    }

    private static boolean give(int shift, long address) {
        synchronized (POOLED_LOCK) {
            if (pooledBytes + (1L << shift) > POOL_LIMIT) {
                return false;
            }
            pooledBytes += 1L << shift;
        }
        FREE[shift].push(address);
        return true;
    }

    /** A stack of block addresses of one size. */
    private static final class FreeList {
        private long[] addresses = new long[16];
        private int count;

        synchronized void push(long address) {
            if (count == addresses.length) {
                addresses = java.util.Arrays.copyOf(addresses, count * 2);
            }
            addresses[count++] = address;
        }

        /** An address, or 0 when the list is empty. */
        synchronized long pop() {
            return count == 0 ? 0 : addresses[--count];
        }
    }
}
