package io.daft.testing;

import io.daft.memory.Memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Asserts Arrow memory returns to a baseline. Partitions held by user DataFrames are released by a cleaner
 * once unreachable, so this gives the garbage collector a few chances first.
 */
public final class LeakCheck {
    private LeakCheck() {
    }

    /**
     * The allocation once memory released by earlier tests' unreachable partitions has been collected; take the
     * baseline with this.
     */
    public static long settledBaseline() {
        long last = -1;
        for (int i = 0; i < 50; i++) {
            System.gc();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            long now = Memory.allocatedBytes();
            if (now == last) {
                return now;
            }
            last = now;
        }
        return Memory.allocatedBytes();
    }

    public static void assertReturnsTo(long baseline) {
        assertReturnsTo(baseline, "Arrow memory leaked");
    }

    public static void assertReturnsTo(long baseline, String message) {
        for (int i = 0; i < 50 && Memory.allocatedBytes() != baseline; i++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        assertEquals(baseline, Memory.allocatedBytes(), message);
    }
}
