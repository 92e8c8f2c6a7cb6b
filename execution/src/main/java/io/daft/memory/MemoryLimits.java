package io.daft.memory;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * The default memory limit and how sizes print. Resident memory is roughly the Java heap (at most {@code -Xmx})
 * plus the Arrow memory the engine holds off the heap; the limit bounds the data (Arrow and heap state alike), so
 * the default leaves the heap its room: 80% of the machine's memory minus {@code -Xmx}, at least 256 MiB.
 */
public final class MemoryLimits {
    static final long HEAP_LIMIT = (long) (Runtime.getRuntime().maxMemory() * 0.6);
    private static final long MIN_DEFAULT = 256L << 20;

    private MemoryLimits() {
    }

    /** The machine's physical memory (the container's limit, where there is one). */
    public static long physicalMemory() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            return ((com.sun.management.OperatingSystemMXBean) os).getTotalMemorySize();
        }
        return 8L << 30;
    }

    /** 80% of physical memory minus the heap's maximum, at least 256 MiB. */
    public static long defaultLimit() {
        return Math.max(MIN_DEFAULT, (long) (physicalMemory() * 0.8) - Runtime.getRuntime().maxMemory());
    }

    /** {@code 1536 MiB}-style text for a byte count. */
    public static String format(long bytes) {
        if (bytes == Long.MAX_VALUE) {
            return "unlimited";
        }
        if (bytes < 10 * 1024) {
            return bytes + " bytes";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, units[u]);
    }
}
