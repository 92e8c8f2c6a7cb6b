package io.daft.scan;

import io.daft.core.DaftException;
import io.daft.io.InputFiles;
import io.daft.parquet.ParquetFileMetadata;
import io.daft.parquet.ParquetReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parsed Parquet footers, kept for files that have not changed (same size and modification time), so that
 * planning, splitting and reading one file parse its footer once.
 */
final class FooterCache {
    private static final int MAX_ENTRIES = 4096;

    private record Key(String path, long size, long modified) {
    }

    private static final Map<Key, ParquetFileMetadata> CACHE = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, ParquetFileMetadata> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    private FooterCache() {
    }

    static ParquetFileMetadata metadata(String path) {
        Key key = key(path);
        synchronized (CACHE) {
            ParquetFileMetadata m = CACHE.get(key);
            if (m != null) {
                return m;
            }
        }
        ParquetFileMetadata m = ParquetReader.readMetadata(InputFiles.open(path));
        synchronized (CACHE) {
            CACHE.put(key, m);
        }
        return m;
    }

    private static Key key(String path) {
        try {
            BasicFileAttributes a = Files.readAttributes(Path.of(path), BasicFileAttributes.class);
            return new Key(path, a.size(), a.lastModifiedTime().toMillis());
        } catch (IOException e) {
            throw new DaftException("cannot read '" + path + "': " + e.getMessage(), e);
        }
    }
}
