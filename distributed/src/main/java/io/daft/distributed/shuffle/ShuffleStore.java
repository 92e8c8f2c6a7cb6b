package io.daft.distributed.shuffle;

import io.daft.core.CloseableIterator;
import io.daft.core.DaftException;
import io.daft.execution.BatchIterators;
import io.daft.execution.MapOutput;
import io.daft.memory.Memory;
import io.daft.recordbatch.BufferedBatchIterator;
import io.daft.recordbatch.RecordBatch;
import io.daft.spill.TempDirectory;
import org.apache.arrow.vector.ipc.ArrowStreamReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * A worker's map outputs, kept in local files until their query ends. {@link #put} writes a map task's output
 * (one file per map task: see {@link ShuffleFile}) and returns the small descriptor the driver keeps;
 * {@link #open} streams one piece back, batch by batch; {@link #removeQuery} deletes every file of a query. A
 * {@link ShuffleServer} serves the store to reducers on other nodes.
 * <p>
 * Files live in a folder of the store's own, one sub-folder per query; the store deletes its folder when closed.
 * Made with {@link #inTempDirectory}, the folder sits in this process's folder of the {@code temp_directory}, so a
 * worker killed before it could clean up has its files removed by the next process that uses that directory.
 * Thread-safe.
 */
public final class ShuffleStore implements AutoCloseable {
    /** Query ids remembered as ended, so a map task finishing after its query ended does not leave files behind. */
    private static final int ENDED_QUERIES_KEPT = 100_000;
    private static final AtomicLong STORES = new AtomicLong();

    private final Path directory;
    private final String id = UUID.randomUUID().toString();
    private final AtomicLong fileSeq = new AtomicLong();
    private final AtomicLong querySeq = new AtomicLong();
    // guarded by this
    private final Map<ShuffleKey, ShuffleFile> outputs = new HashMap<>();
    private final Map<String, Path> queryFolders = new HashMap<>();
    private final Set<String> endedQueries = new LinkedHashSet<>();
    private Optional<ShuffleEndpoint> endpoint = Optional.empty();
    private boolean closed;

    /** A store keeping its files in {@code directory}, which it creates and owns: it is deleted on {@link #close}. */
    public ShuffleStore(Path directory) {
        this.directory = requireNonNull(directory, "directory").toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.directory);
        } catch (IOException e) {
            throw new DaftException("cannot create the shuffle folder " + this.directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * A store in a new folder of this process's folder under {@code tempDirectory} (the {@code temp_directory}
     * knob), where leftovers of dead processes are removed.
     */
    public static ShuffleStore inTempDirectory(Path tempDirectory) {
        Path folder = TempDirectory.under(tempDirectory).folder().resolve("shuffle-" + STORES.incrementAndGet());
        return new ShuffleStore(folder);
    }

    /** Unique to this store instance; carried by its descriptors (see {@link MapOutputDescriptor#storeId()}). */
    public String id() {
        return id;
    }

    public Path directory() {
        return directory;
    }

    /** The server serving this store, once one has started on it. */
    public synchronized Optional<ShuffleEndpoint> endpoint() {
        return endpoint;
    }

    /** Called by the server that serves this store (one per store). */
    synchronized void servedAt(ShuffleEndpoint at) {
        if (endpoint.isPresent()) {
            throw new IllegalStateException("shuffle store " + directory + " is already served at " + endpoint.get());
        }
        endpoint = Optional.of(at);
    }

    /** Called by that server when it stops. */
    synchronized void unserved(ShuffleEndpoint at) {
        if (endpoint.isPresent() && endpoint.get().equals(at)) {
            endpoint = Optional.empty();
        }
    }

    /**
     * Writes map task {@code key}'s output to a file of this store, taking ownership of {@code output} (closed
     * before this returns, so its memory and spill files go as soon as the rows are on disk). Pieces are streamed,
     * never read whole. A second put of the same key (the map task ran again) replaces the first.
     * A {@link ShuffleServer} must already serve the store: the descriptor names its endpoint.
     *
     * @throws DaftException if the file cannot be written, or the query has already ended ({@link #removeQuery})
     */
    public MapOutputDescriptor put(ShuffleKey key, MapOutput output) {
        requireNonNull(key, "key");
        requireNonNull(output, "output");
        ShuffleEndpoint at;
        Path file;
        try (output) {
            synchronized (this) {
                checkOpen();
                at = endpoint.orElseThrow(() -> new IllegalStateException("no ShuffleServer serves the shuffle store " + directory
                        + " yet: start one before putting map outputs"));
                if (endedQueries.contains(key.queryId())) {
                    throw new DaftException("query " + key.queryId() + " has ended: not keeping the output of " + key);
                }
                file = queryFolder(key.queryId()).resolve("s" + key.stage().value() + "-m" + key.mapTask() + "-"
                        + fileSeq.incrementAndGet() + ".arrows");
            }
            ShuffleFile written = ShuffleFile.write(file, output);
            ShuffleFile replaced;
            synchronized (this) {
                if (closed || endedQueries.contains(key.queryId())) {
                    written.delete();
                    throw new DaftException((closed ? "the shuffle store " + directory + " was closed" : "query " + key.queryId()
                            + " ended") + " while the output of " + key + " was written");
                }
                replaced = outputs.put(key, written);
            }
            if (replaced != null) {
                replaced.delete();
            }
            return new MapOutputDescriptor(key, at, id, written.rows(), written.bytes());
        }
    }

    /** Whether the store holds map output {@code key}. */
    public synchronized boolean contains(ShuffleKey key) {
        return outputs.containsKey(key);
    }

    /**
     * Streams partition {@code partition} of map output {@code key} from its file, batch by batch; the caller
     * closes the iterator and each batch.
     *
     * @throws DaftException if the store does not hold that output (never written here, or its query ended)
     */
    public CloseableIterator<RecordBatch> open(ShuffleKey key, int partition) {
        ShuffleFile file = find(key).orElseThrow(() -> new DaftException(missing(key)));
        checkPartition(file, key, partition);
        if (file.rows(partition) == 0) {
            return BatchIterators.empty();
        }
        ArrowStreamReader reader = file.open(partition, Memory.allocator());
        return new BufferedBatchIterator() {
            @Override
            protected RecordBatch computeNext() {
                try {
                    if (!reader.loadNextBatch()) {
                        return null;
                    }
                    try (RecordBatch shared = RecordBatch.fromArrow(reader.getVectorSchemaRoot())) {
                        return shared.withSchema(file.schema());
                    }
                } catch (IOException e) {
                    throw new DaftException("cannot read shuffle file " + file.path() + " (" + key + "): " + e.getMessage(), e);
                }
            }

            @Override
            protected void closeSources() {
                try {
                    reader.close();
                } catch (IOException e) {
                    throw new DaftException("cannot close shuffle file " + file.path() + ": " + e.getMessage(), e);
                }
            }
        };
    }

    synchronized Optional<ShuffleFile> find(ShuffleKey key) {
        return Optional.ofNullable(outputs.get(key));
    }

    String missing(ShuffleKey key) {
        return "no map output of " + key + " in the shuffle store " + directory
                + " (never written here, or its query ended and its files were removed)";
    }

    static void checkPartition(ShuffleFile file, ShuffleKey key, int partition) {
        if (partition < 0 || partition >= file.numPartitions()) {
            throw new IndexOutOfBoundsException("partition " + partition + " of " + key + ", which has " + file.numPartitions()
                    + " partitions");
        }
    }

    /**
     * Deletes every map output of query {@code queryId}, and refuses later ones (a map task still running when
     * its query ended). Readers already streaming a piece finish it (the file is gone from the folder but still
     * open); later opens fail. Idempotent.
     */
    public void removeQuery(String queryId) {
        requireNonNull(queryId, "queryId");
        List<ShuffleFile> removed = new ArrayList<>();
        Path folder;
        synchronized (this) {
            endedQueries.add(queryId);
            if (endedQueries.size() > ENDED_QUERIES_KEPT) {
                endedQueries.remove(endedQueries.iterator().next());
            }
            outputs.entrySet().removeIf(e -> {
                if (e.getKey().queryId().equals(queryId)) {
                    removed.add(e.getValue());
                    return true;
                }
                return false;
            });
            folder = queryFolders.remove(queryId);
        }
        removed.forEach(ShuffleFile::delete);
        if (folder != null) {
            deleteTree(folder);
        }
    }

    /** Map outputs held, over all queries. */
    public synchronized int size() {
        return outputs.size();
    }

    /** Deletes every file and the store's folder. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            outputs.clear();
            queryFolders.clear();
        }
        deleteTree(directory);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the shuffle store " + directory + " is closed");
        }
    }

    /** The query's folder, made on its first output; unique per query even when ids sanitize alike. */
    private Path queryFolder(String queryId) {
        Path folder = queryFolders.get(queryId);
        if (folder == null) {
            String safe = queryId.replaceAll("[^A-Za-z0-9_-]+", "_");
            folder = directory.resolve("q" + querySeq.incrementAndGet() + "-" + (safe.length() > 40 ? safe.substring(0, 40) : safe));
            try {
                Files.createDirectories(folder);
            } catch (IOException e) {
                throw new DaftException("cannot create the shuffle folder " + folder + ": " + e.getMessage(), e);
            }
            queryFolders.put(queryId, folder);
        }
        return folder;
    }

    /** Deletes a folder and everything in it, ignoring what cannot be deleted (best effort: it is only disk). */
    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            // best effort
        }
    }

    @Override
    public String toString() {
        return "ShuffleStore[" + directory + endpoint().map(e -> " at " + e).orElse("") + "]";
    }
}
