package io.daft.calcite;

import com.google.common.collect.ImmutableMultimap;
import com.google.common.collect.Multimap;
import io.daft.core.DaftException;
import org.apache.calcite.schema.Function;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * The tables of a data directory: each Parquet or CSV file, and each subdirectory of such files, is a table named
 * after it in lower case without extension; plus explicitly configured tables. Offers the table functions
 * {@code read_parquet('glob')} and {@code read_csv('glob')}, which only read below the data roots.
 */
public final class DaftSchema extends AbstractSchema {
    /** An explicitly configured table. */
    public record TableSpec(String name, String path, DaftTable.Format format) {
        public TableSpec {
            requireNonNull(name, "name");
            requireNonNull(path, "path");
            requireNonNull(format, "format");
        }
    }

    private final Path directory;
    private final DataRoots roots;
    private final List<TableSpec> explicit;
    private volatile Map<String, Table> tables;

    public DaftSchema(Path directory, List<Path> extraRoots, List<TableSpec> explicitTables) {
        this.directory = directory.toAbsolutePath().normalize();
        List<Path> all = new ArrayList<>();
        all.add(this.directory);
        all.addAll(extraRoots);
        this.roots = new DataRoots(all);
        this.explicit = List.copyOf(explicitTables);
    }

    public DaftSchema(Path directory) {
        this(directory, List.of(), List.of());
    }

    public Path directory() {
        return directory;
    }

    public DataRoots dataRoots() {
        return roots;
    }

    @Override
    protected Map<String, Table> getTableMap() {
        Map<String, Table> t = tables;
        if (t == null) {
            synchronized (this) {
                t = tables;
                if (t == null) {
                    t = discover();
                    tables = t;
                }
            }
        }
        return t;
    }

    /** Sorted names of the tables. */
    public List<String> tableNames() {
        return new ArrayList<>(getTableMap().keySet());
    }

    private Map<String, Table> discover() {
        Map<String, Table> out = new TreeMap<>();
        if (Files.isDirectory(directory)) {
            List<Path> children;
            try (Stream<Path> s = Files.list(directory)) {
                children = s.sorted().toList();
            } catch (IOException e) {
                throw new DaftException("cannot list data directory '" + directory + "': " + e.getMessage(), e);
            }
            for (Path p : children) {
                String file = p.getFileName().toString();
                if (file.startsWith(".") || file.startsWith("_")) {
                    continue;
                }
                if (Files.isDirectory(p)) {
                    DaftTable.Format f = formatOfDirectory(p);
                    if (f != null) {
                        String glob = p + "/**/*." + (f == DaftTable.Format.PARQUET ? "parquet" : "csv");
                        String name = file.toLowerCase(Locale.ROOT);
                        out.putIfAbsent(name, new DaftTable(name, List.of(glob), f));
                    }
                } else {
                    DaftTable.Format f = formatOfFile(file);
                    if (f != null) {
                        String name = file.substring(0, file.lastIndexOf('.')).toLowerCase(Locale.ROOT);
                        out.putIfAbsent(name, new DaftTable(name, List.of(p.toString()), f));
                    }
                }
            }
        }
        for (TableSpec spec : explicit) {
            String path = spec.path();
            Path resolved = directory.resolve(path);
            out.put(spec.name().toLowerCase(Locale.ROOT), new DaftTable(spec.name(), List.of(resolved.toString()), spec.format()));
        }
        return new LinkedHashMap<>(out);
    }

    static DaftTable.Format formatOfFile(String file) {
        String lower = file.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".parquet")) {
            return DaftTable.Format.PARQUET;
        }
        if (lower.endsWith(".csv")) {
            return DaftTable.Format.CSV;
        }
        return null;
    }

    private static DaftTable.Format formatOfDirectory(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            List<DaftTable.Format> formats = s.filter(Files::isRegularFile)
                    .map(p -> formatOfFile(p.getFileName().toString()))
                    .filter(java.util.Objects::nonNull).distinct().toList();
            if (formats.contains(DaftTable.Format.PARQUET)) {
                return DaftTable.Format.PARQUET;
            }
            return formats.isEmpty() ? null : formats.get(0);
        } catch (IOException e) {
            throw new DaftException("cannot list '" + dir + "': " + e.getMessage(), e);
        }
    }

    @Override
    protected Multimap<String, Function> getFunctionMultimap() {
        return ImmutableMultimap.of(
                "read_parquet", new DaftTableMacro(DaftTable.Format.PARQUET, roots),
                "read_csv", new DaftTableMacro(DaftTable.Format.CSV, roots));
    }
}
