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

    public static void assertReturnsTo(long baseline) {
        for (int i = 0; i < 50 && Memory.allocatedBytes() != baseline; i++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        assertEquals(baseline, Memory.allocatedBytes(), "Arrow memory leaked");
    }
}
