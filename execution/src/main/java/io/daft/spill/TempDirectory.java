package io.daft.spill;

import io.daft.core.DaftException;
import io.daft.memory.MemoryLimits;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * This process's folder for spill files under a {@code temp_directory}: {@code daft-spill-<pid>}, one sub-folder
 * per query. The first time a base directory is used, folders left there by processes that are no longer running
 * (killed before they could clean up) are removed. Counts the bytes this process has on disk there, for
 * {@code max_temp_directory_size}.
 */
public final class TempDirectory {
    private static final String PREFIX = "daft-spill-";
    private static final Map<Path, TempDirectory> BY_BASE = new ConcurrentHashMap<>();

    private final Path base;
    private final Path folder;
    private final AtomicLong bytesOnDisk = new AtomicLong();

    private TempDirectory(Path base) {
        this.base = base;
        this.folder = base.resolve(PREFIX + ProcessHandle.current().pid());
        removeLeftovers(base);
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new DaftException("cannot create the spill folder " + folder + " (temp_directory): " + e.getMessage(), e);
        }
    }

    /** The folder of this process under {@code base} (made on first use). */
    public static TempDirectory under(Path base) {
        return BY_BASE.computeIfAbsent(base.toAbsolutePath().normalize(), TempDirectory::new);
    }

    /** The default {@code temp_directory}: {@code java.io.tmpdir}. */
    public static Path defaultBase() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    public Path folder() {
        return folder;
    }

    /** Bytes of spill files this process holds here now. */
    public long bytesOnDisk() {
        return bytesOnDisk.get();
    }

    /** 90% of the space free where {@code base} is, as DuckDB's default {@code max_temp_directory_size}. */
    public long defaultMaxSize() {
        try {
            return (long) (Files.getFileStore(folder).getUsableSpace() * 0.9) + bytesOnDisk.get();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Counts {@code bytes} more written; fails, naming the limit, when that would exceed {@code maxBytes}. */
    void reserveDisk(long bytes, long maxBytes) {
        long now = bytesOnDisk.addAndGet(bytes);
        if (bytes > 0 && now > maxBytes) {
            throw new DaftException("spilling needs more disk than max_temp_directory_size allows: " + MemoryLimits.format(now)
                    + " in " + folder + " (temp_directory " + base + "), the limit is " + MemoryLimits.format(maxBytes));
        }
    }

    void releaseDisk(long bytes) {
        bytesOnDisk.addAndGet(-bytes);
    }

    private static void removeLeftovers(Path base) {
        if (!Files.isDirectory(base)) {
            return;
        }
        try (Stream<Path> entries = Files.list(base)) {
            entries.filter(p -> p.getFileName().toString().startsWith(PREFIX) && Files.isDirectory(p))
                    .filter(p -> !isRunning(p.getFileName().toString().substring(PREFIX.length())))
                    .forEach(TempDirectory::deleteTree);
        } catch (IOException e) {
            // leftovers are only wasted disk; never fail a query over them
        }
    }

    private static boolean isRunning(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return true; // not one of ours
        }
    }

    /** Deletes a folder and everything in it, ignoring what cannot be deleted. */
    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}
