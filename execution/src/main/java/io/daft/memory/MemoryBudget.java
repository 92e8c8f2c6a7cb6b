package io.daft.memory;

import java.lang.management.ManagementFactory;

/**
 * How much Arrow memory the engine may hold before materialized partitions (exchange outputs) spill to disk.
 * Read from the execution config's {@code memory_budget_bytes}; 0 there means half the machine's memory.
 */
public final class MemoryBudget {
    private MemoryBudget() {
    }

    public static long resolve(long configured) {
        if (configured > 0) {
            return configured;
        }
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            return ((com.sun.management.OperatingSystemMXBean) os).getTotalMemorySize() / 2;
        }
        return 4L << 30;
    }

    public static boolean exceeded(long budget) {
        return Memory.allocatedBytes() > budget;
    }
}
