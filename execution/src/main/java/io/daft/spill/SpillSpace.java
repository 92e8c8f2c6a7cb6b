package io.daft.spill;

import io.daft.core.DaftException;
import io.daft.core.Schema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * One query's spill files: a folder of its own under the process's {@link TempDirectory}, made on the first spill
 * and removed with everything in it when the query ends ({@link #close}), whether it succeeded, failed or was
 * cancelled. Counts what the query spilled, for EXPLAIN ANALYZE. Thread-safe.
 */
public final class SpillSpace implements AutoCloseable {
    private static final AtomicLong QUERY_IDS = new AtomicLong();

    private final TempDirectory temp;
    private final long maxDiskBytes;
    private final Path folder;
    private final AtomicInteger files = new AtomicInteger();
    private final AtomicLong bytesSpilled = new AtomicLong();
    private final AtomicLong diskBytesWritten = new AtomicLong();
    private final AtomicLong diskBytesHeld = new AtomicLong();
    private volatile boolean closed;
    private boolean created;

    /**
     * Spill space under {@code base} (the {@code temp_directory}), failing a spill that would take this process's
     * files there beyond {@code maxDiskBytes} (0: 90% of the free disk space).
     */
    public SpillSpace(Path base, long maxDiskBytes) {
        this.temp = TempDirectory.under(requireNonNull(base, "base"));
        this.maxDiskBytes = maxDiskBytes > 0 ? maxDiskBytes : temp.defaultMaxSize();
        this.folder = temp.folder().resolve("q" + QUERY_IDS.incrementAndGet());
    }

    /** A new, empty spill file for batches of {@code schema}; {@code what} names its use in the file name. */
    public SpillFile newFile(Schema schema, String what) {
        return newFile(schema, what, bytes -> { });
    }

    /** As {@link #newFile(Schema, String)}, telling {@code onSpill} the in-memory bytes of every batch written. */
    public SpillFile newFile(Schema schema, String what, java.util.function.LongConsumer onSpill) {
        if (closed) {
            throw new DaftException("the query has ended; cannot spill " + what);
        }
        Path path;
        synchronized (this) {
            try {
                if (!created) {
                    Files.createDirectories(folder);
                    created = true;
                }
                path = folder.resolve(sanitize(what) + "-" + files.incrementAndGet() + ".arrows");
            } catch (IOException e) {
                throw new DaftException("cannot create spill folder " + folder + ": " + e.getMessage(), e);
            }
        }
        return new SpillFile(this, path, schema, onSpill);
    }

    private static String sanitize(String what) {
        String s = what.replaceAll("[^A-Za-z0-9_-]+", "_");
        return s.length() > 40 ? s.substring(0, 40) : s;
    }

    void wrote(SpillFile file, long diskBytes) {
        if (diskBytes <= 0) {
            return;
        }
        diskBytesWritten.addAndGet(diskBytes);
        diskBytesHeld.addAndGet(diskBytes);
        temp.reserveDisk(diskBytes, maxDiskBytes);
    }

    void deleted(SpillFile file, long diskBytes) {
        diskBytesHeld.addAndGet(-diskBytes);
        temp.releaseDisk(diskBytes);
    }

    /** Counts in-memory bytes moved to disk (for statistics). */
    void countSpilled(long inMemoryBytes) {
        bytesSpilled.addAndGet(inMemoryBytes);
    }

    /** Spill files made by this query. */
    public int fileCount() {
        return files.get();
    }

    /** In-memory size of everything spilled by this query. */
    public long bytesSpilled() {
        return bytesSpilled.get();
    }

    /** Compressed bytes written to disk by this query. */
    public long diskBytesWritten() {
        return diskBytesWritten.get();
    }

    public Path folder() {
        return folder;
    }

    /** Removes the query's folder and every file in it. */
    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            if (created) {
                TempDirectory.deleteTree(folder);
                created = false;
            }
        }
        long held = diskBytesHeld.getAndSet(0);
        if (held > 0) {
            temp.releaseDisk(held);
        }
    }
}
