package io.daft.memory;

import org.apache.arrow.memory.ArrowBuf;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Released blocks of pooled sizes are handed out again (same address, Arrow's accounting back to its baseline),
 * other sizes are not kept, and the pool never holds more than its limit.
 */
class PooledAllocationManagerTest {
    @BeforeEach
    void emptyPool() {
        PooledAllocationManager.trim();
        assertEquals(0, Memory.pooledBytes());
    }

    @Test
    void releasedBlocksAreReusedAndAccountedAsReleased() {
        long before = Memory.allocatedBytes();
        long size = 1L << 20;
        long address;
        try (ArrowBuf b = Memory.allocator().buffer(size)) {
            assertEquals(size, b.capacity());
            b.setLong(size - 8, 42L);
            address = b.memoryAddress();
            assertEquals(before + size, Memory.allocatedBytes());
        }
        assertEquals(before, Memory.allocatedBytes(), "released memory is not counted");
        long pooled = Memory.pooledBytes();
        assertEquals(size, pooled, "the block is kept");
        try (ArrowBuf again = Memory.allocator().buffer(size)) {
            assertEquals(address, again.memoryAddress(), "the kept block is handed out again");
            assertEquals(pooled - size, Memory.pooledBytes());
            again.setLong(0, 7L);
            assertEquals(7L, again.getLong(0));
        }
        assertEquals(before, Memory.allocatedBytes());
    }

    @Test
    void theLimitBoundsWhatIsKept() {
        long before = Memory.allocatedBytes();
        List<ArrowBuf> bufs = new ArrayList<>();
        long block = 32L << 20;
        for (long total = 0; total <= PooledAllocationManager.POOL_LIMIT + 2 * block; total += block) {
            bufs.add(Memory.allocator().buffer(block));
        }
        bufs.forEach(ArrowBuf::close);
        assertEquals(PooledAllocationManager.POOL_LIMIT, Memory.pooledBytes(), "kept up to the limit, no more");
        assertEquals(before, Memory.allocatedBytes());
    }

    @Test
    void oddAndHugeSizesAreNotKept() {
        long before = Memory.allocatedBytes();
        long pooled = Memory.pooledBytes();
        try (ArrowBuf huge = Memory.allocator().buffer(128L << 20)) {
            huge.setByte((128L << 20) - 1, 1);
        }
        assertEquals(pooled, Memory.pooledBytes(), "128 MiB blocks go back to the system");
        try (ArrowBuf small = Memory.allocator().buffer(1000)) {
            assertNotEquals(0, small.memoryAddress());
        }
        assertEquals(pooled, Memory.pooledBytes(), "blocks under 64 KiB are not pooled");
        assertEquals(before, Memory.allocatedBytes());
    }
}
