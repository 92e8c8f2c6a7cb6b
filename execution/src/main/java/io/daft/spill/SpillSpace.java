package io.daft.spill;

import io.daft.core.DaftException;
import io.daft.core.Schema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

import static java.util.Objects.requireNonNull;

/**
 * One query's spill files: a folder of its own under the process's {@link TempDirectory}, made on the first spill
 * and removed with everything in it when the query ends ({@link #close}), whether it succeeded, failed or was
 * cancelled. Counts what the query spilled, for EXPLAIN ANALYZE; {@link #countingInto} gives an operator a view
 * that also counts its own spilling. Thread-safe.
 */
public final class SpillSpace implements AutoCloseable {
    private static final AtomicLong QUERY_IDS = new AtomicLong();

    /** The query's folder and totals, shared by the space and its views. */
    private final Shared shared;
    private final LongConsumer onSpill;

    /**
     * Spill space under {@code base} (the {@code temp_directory}), failing a spill that would take this process's
     * files there beyond {@code maxDiskBytes} (0: 90% of the free disk space).
     */
    public SpillSpace(Path base, long maxDiskBytes) {
        this(new Shared(TempDirectory.under(requireNonNull(base, "base")), maxDiskBytes), bytes -> { });
    }

    private SpillSpace(Shared shared, LongConsumer onSpill) {
        this.shared = shared;
        this.onSpill = requireNonNull(onSpill, "onSpill");
    }

    /** The same space, also telling {@code onSpill} the in-memory bytes of every batch written through it. */
    public SpillSpace countingInto(LongConsumer onSpill) {
        requireNonNull(onSpill, "onSpill");
        LongConsumer outer = this.onSpill;
        return new SpillSpace(shared, bytes -> {
            outer.accept(bytes);
            onSpill.accept(bytes);
        });
    }

    /** A new, empty spill file for batches of {@code schema}; {@code what} names its use in the file name. */
    public SpillFile newFile(Schema schema, String what) {
        return new SpillFile(this, shared.newPath(what), schema, onSpill);
    }

    void wrote(SpillFile file, long diskBytes) {
        if (diskBytes > 0) {
            shared.diskBytesHeld.addAndGet(diskBytes);
            shared.temp.reserveDisk(diskBytes, shared.maxDiskBytes);
        }
    }

    void deleted(SpillFile file, long diskBytes) {
        shared.diskBytesHeld.addAndGet(-diskBytes);
        shared.temp.releaseDisk(diskBytes);
    }

    /** Counts in-memory bytes moved to disk (for statistics). */
    void countSpilled(long inMemoryBytes) {
        shared.bytesSpilled.addAndGet(inMemoryBytes);
    }

    /**
     * Counts in-memory bytes this query's tasks spilled in other processes (a cluster's workers report them), so
     * {@link #bytesSpilled} covers the whole query.
     */
    public void countSpilledElsewhere(long inMemoryBytes) {
        countSpilled(inMemoryBytes);
    }

    /** Spill files made by this query. */
    public int fileCount() {
        return shared.files.get();
    }

    /** In-memory size of everything spilled by this query. */
    public long bytesSpilled() {
        return shared.bytesSpilled.get();
    }

    public Path folder() {
        return shared.folder;
    }

    /** Removes the query's folder and every file in it (views share the folder: closing any closes it). */
    @Override
    public void close() {
        shared.close();
    }

    private static final class Shared {
        final TempDirectory temp;
        final long maxDiskBytes;
        final Path folder;
        final AtomicInteger files = new AtomicInteger();
        final AtomicLong bytesSpilled = new AtomicLong();
        final AtomicLong diskBytesHeld = new AtomicLong();
        volatile boolean closed;
        boolean created;

        Shared(TempDirectory temp, long maxDiskBytes) {
            this.temp = temp;
            this.maxDiskBytes = maxDiskBytes > 0 ? maxDiskBytes : temp.defaultMaxSize();
            this.folder = temp.folder().resolve("q" + QUERY_IDS.incrementAndGet());
        }

        synchronized Path newPath(String what) {
            if (closed) {
                throw new DaftException("the query has ended; cannot spill " + what);
            }
            try {
                if (!created) {
                    Files.createDirectories(folder);
                    created = true;
                }
                return folder.resolve(sanitize(what) + "-" + files.incrementAndGet() + ".arrows");
            } catch (IOException e) {
                throw new DaftException("cannot create spill folder " + folder + ": " + e.getMessage(), e);
            }
        }

        private static String sanitize(String what) {
            String s = what.replaceAll("[^A-Za-z0-9_-]+", "_");
            return s.length() > 40 ? s.substring(0, 40) : s;
        }

        void close() {
            synchronized (this) {
                closed = true;
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
}
