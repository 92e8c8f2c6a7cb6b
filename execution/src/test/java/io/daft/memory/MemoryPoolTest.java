package io.daft.memory;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryPoolTest {
    private static final long MB = 1L << 20;

    @Test
    void aQueryPoolHoldsItsReservationsToItsLimit() {
        MemoryPool query = MemoryPool.global().child("query", 100 * MB);
        try (MemoryReservation a = query.register("HashJoin build", false);
             MemoryReservation b = query.register("Sort", false)) {
            assertTrue(a.tryGrow(60 * MB));
            assertFalse(b.tryGrow(50 * MB), "60 + 50 MB exceed the 100 MB limit");
            assertTrue(b.tryGrow(40 * MB));
            assertEquals(100 * MB, query.reserved());
            MemoryLimitExceededException e = assertThrows(MemoryLimitExceededException.class, () -> b.grow(MB));
            assertTrue(e.getMessage().contains("Sort needs 1.0 MiB more memory, holding 40.0 MiB"), e.getMessage());
            assertTrue(e.getMessage().contains("the query memory_limit is 100 MiB"), e.getMessage());
            a.shrink(10 * MB);
            assertTrue(b.tryGrow(10 * MB));
            assertEquals(100 * MB, query.peak());
        }
        assertEquals(0, query.reserved(), "closing gives everything back");
    }

    @Test
    void spillableConsumersGetFairSharesOfWhatUnspillableOnesLeave() {
        MemoryPool query = MemoryPool.global().child("query", 120 * MB);
        try (MemoryReservation fixed = query.register("scan read-ahead", false);
             MemoryReservation agg = query.register("HashAggregate", true)) {
            assertTrue(fixed.tryGrow(20 * MB));
            try (MemoryReservation sort = query.register("Sort", true)) {
                assertTrue(agg.tryGrow(50 * MB));
                assertFalse(agg.tryGrow(MB), "each of two spillable consumers gets (120 - 20) / 2 = 50 MB");
                assertTrue(sort.tryGrow(50 * MB));
            }
            assertTrue(agg.tryGrow(50 * MB), "alone, it may take all that is left");
            assertFalse(agg.tryGrow(MB));
            assertEquals(100 * MB, agg.peak());
        }
    }

    @Test
    void everyPoolUpToTheProcessPoolMustAllowGrowth() {
        MemoryPool outer = MemoryPool.global().child("outer", 50 * MB);
        MemoryPool inner = outer.child("inner", 100 * MB);
        try (MemoryReservation r = inner.register("Window", false)) {
            assertFalse(r.tryGrow(60 * MB), "the outer pool's 50 MB bound it");
            assertTrue(r.tryGrow(50 * MB));
            assertEquals(50 * MB, outer.reserved());
        }
        assertEquals(0, outer.reserved());
    }

    @Test
    void heapStateIsCappedBelowTheJavaHeap() {
        MemoryPool query = MemoryPool.global().child("query", Long.MAX_VALUE);
        try (MemoryReservation r = query.register("HashAggregate", false)) {
            assertFalse(r.tryGrowHeap(MemoryPool.heapLimit() + 1));
            MemoryLimitExceededException e = assertThrows(MemoryLimitExceededException.class,
                    () -> r.growHeap(MemoryPool.heapLimit() + 1));
            assertTrue(e.getMessage().contains("60% of -Xmx"), e.getMessage());
            assertTrue(r.tryGrowHeap(MB));
            assertTrue(r.tryResizeHeap(2 * MB));
            assertEquals(2 * MB, r.size());
            r.free();
            assertEquals(0, r.size());
        }
    }

    @Test
    void detachedReservationsAreNeitherLimitedNorCounted() {
        long before = MemoryPool.global().reserved();
        try (MemoryReservation r = MemoryReservation.unbounded("test helper")) {
            assertTrue(r.tryGrow(1L << 50));
            assertEquals(before, MemoryPool.global().reserved());
        }
    }

    @Test
    void sizesPrintInBinaryUnits() {
        assertEquals("512 bytes", MemoryLimits.format(512));
        assertEquals("3.0 GiB", MemoryLimits.format(3L << 30));
        assertEquals("1536 MiB", MemoryLimits.format(1536L << 20).replace("1.5 GiB", "1536 MiB"));
        assertTrue(MemoryLimits.defaultLimit() >= 256 * MB);
    }
}
