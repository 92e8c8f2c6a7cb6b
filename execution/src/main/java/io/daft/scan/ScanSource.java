package io.daft.scan;

import io.daft.config.ExecutionConfig;
import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.core.TypeId;
import io.daft.dsl.TypeRules;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A table backed by files: the expanded file list, its format, and the schema unified over all files.
 * Plans {@link ScanTask}s from the execution config's scan-task knobs, as Daft's scan operator does.
 */
public final class ScanSource implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<String> paths;
    private final List<String> files;
    private final List<Long> fileSizes;
    private final FormatReader reader;
    private final Schema schema;
    /** Computed on first use; null until then. Not shipped with the scan: only planning reads it. */
    private transient volatile Optional<TableStatistics> statistics;

    private ScanSource(List<String> paths, List<String> files, List<Long> fileSizes, FormatReader reader, Schema schema) {
        this.paths = List.copyOf(paths);
        this.files = List.copyOf(files);
        this.fileSizes = List.copyOf(fileSizes);
        this.reader = requireNonNull(reader, "reader");
        this.schema = requireNonNull(schema, "schema");
    }

    /**
     * Expands {@code paths} and settles the schema: the explicit one if given, else the union of every file's
     * schema (a column missing from some files reads as null there; numeric types widen). Files whose types
     * for one column cannot be reconciled are an error naming both files.
     */
    public static ScanSource create(List<String> paths, FormatReader reader, Optional<Schema> explicitSchema) {
        List<String> files = Globs.expand(paths);
        List<Long> sizes = new ArrayList<>(files.size());
        for (String f : files) {
            try {
                sizes.add(Files.size(Path.of(f)));
            } catch (IOException e) {
                throw new DaftException("cannot read '" + f + "': " + e.getMessage(), e);
            }
        }
        Schema schema = explicitSchema.orElseGet(() -> unifiedSchema(files, reader));
        return new ScanSource(paths, files, sizes, reader, schema);
    }

    private static Schema unifiedSchema(List<String> files, FormatReader reader) {
        Map<String, Field> fields = new LinkedHashMap<>();
        Map<String, String> firstFile = new LinkedHashMap<>();
        for (String file : files) {
            Schema s = reader.fileSchema(file);
            for (Field f : s.fields()) {
                Field existing = fields.get(f.name());
                if (existing == null) {
                    fields.put(f.name(), new Field(f.name(), f.dataType(), true));
                    firstFile.put(f.name(), file);
                } else if (!existing.dataType().equals(f.dataType())) {
                    fields.put(f.name(), new Field(f.name(), unify(existing.dataType(), f.dataType(), f.name(), firstFile.get(f.name()), file), true));
                }
            }
        }
        return new Schema(new ArrayList<>(fields.values()));
    }

    private static DataType unify(DataType a, DataType b, String column, String fileA, String fileB) {
        boolean compatible = a.id() == TypeId.NULL || b.id() == TypeId.NULL
                || (a.isNumeric() && b.isNumeric())
                || (a.id() == TypeId.TIMESTAMP && b.id() == TypeId.TIMESTAMP)
                || (a.id() == TypeId.DATE && b.id() == TypeId.TIMESTAMP) || (a.id() == TypeId.TIMESTAMP && b.id() == TypeId.DATE);
        if (compatible) {
            try {
                return TypeRules.commonSuperType(a, b, "column '" + column + "'");
            } catch (DaftException e) {
                // fall through to the error naming the files
            }
        }
        throw new DaftException("schemas differ: column '" + column + "' is " + a + " in '" + fileA + "' but " + b
                + " in '" + fileB + "'; the types cannot be unified");
    }

    public Schema schema() {
        return schema;
    }

    public List<String> files() {
        return files;
    }

    public List<String> paths() {
        return paths;
    }

    public FormatReader reader() {
        return reader;
    }

    public long totalFileBytes() {
        long total = 0;
        for (long s : fileSizes) {
            total += s;
        }
        return total;
    }

    /**
     * What the files' metadata says of rows and value ranges (Parquet footers, read once and cached), for
     * planning; empty when some file has none (CSV).
     */
    public Optional<TableStatistics> statistics() {
        Optional<TableStatistics> s = statistics;
        if (s == null) {
            s = TableStatistics.ofFiles(files, reader);
            statistics = s;
        }
        return s;
    }

    /** Estimated in-memory bytes of the whole table, via the format's inflation factor. */
    public long estimatedMemoryBytes(ExecutionConfig config) {
        return (long) (totalFileBytes() * reader.inflationFactor(config));
    }

    /**
     * Scan tasks: files above {@code scan_tasks_max_size_bytes} are split (by row groups, where the format can),
     * then neighbouring slices are merged while a task is below {@code scan_tasks_min_size_bytes} and the merged
     * task stays within the maximum. Partitions are the runners' unit of parallelism, so when that would give
     * fewer tasks than {@code num_partitions}, files are split and merged more finely until every partition
     * slot has work (as far as files and row groups allow).
     */
    public List<ScanTask> planTasks(Pushdowns pushdowns, ExecutionConfig config) {
        long max = config.scanTasksMaxSizeBytes();
        long min = config.scanTasksMinSizeBytes();
        int wanted = config.numPartitions();
        long total = Math.max(1, totalFileBytes());
        List<FileSlice> slices = slices(max);
        List<ScanTask> tasks = merge(slices, min, max, pushdowns, config);
        if (tasks.size() < wanted && (slices.size() > tasks.size() || slices.size() < wanted)) {
            List<FileSlice> finer = slices(Math.min(max, Math.max(1, total / wanted)));
            tasks = mergeInto(finer, Math.min(wanted, finer.size()), pushdowns, config);
        }
        return tasks;
    }

    /** Neighbouring slices grouped into exactly {@code n} tasks of about equal bytes. */
    private List<ScanTask> mergeInto(List<FileSlice> slices, int n, Pushdowns pushdowns, ExecutionConfig config) {
        double inflation = reader.inflationFactor(config);
        long total = 0;
        for (FileSlice s : slices) {
            total += s.sizeBytes();
        }
        List<ScanTask> tasks = new ArrayList<>();
        List<FileSlice> current = new ArrayList<>();
        long currentBytes = 0;
        long cumulative = 0;
        for (int i = 0; i < slices.size(); i++) {
            FileSlice s = slices.get(i);
            current.add(s);
            currentBytes += s.sizeBytes();
            cumulative += s.sizeBytes();
            int groupsLeft = n - tasks.size() - 1;
            int slicesLeft = slices.size() - i - 1;
            boolean reachedShare = cumulative * n >= (long) (tasks.size() + 1) * total;
            if (groupsLeft > 0 && (reachedShare || slicesLeft == groupsLeft)) {
                tasks.add(new ScanTask(reader, current, schema, pushdowns, currentBytes, (long) (currentBytes * inflation)));
                current = new ArrayList<>();
                currentBytes = 0;
            }
        }
        if (!current.isEmpty()) {
            tasks.add(new ScanTask(reader, current, schema, pushdowns, currentBytes, (long) (currentBytes * inflation)));
        }
        return tasks;
    }

    private List<FileSlice> slices(long maxSliceBytes) {
        List<FileSlice> slices = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            if (fileSizes.get(i) > maxSliceBytes) {
                slices.addAll(reader.split(files.get(i), maxSliceBytes));
            } else {
                slices.add(FileSlice.wholeFile(files.get(i), fileSizes.get(i), Optional.empty()));
            }
        }
        return slices;
    }

    private List<ScanTask> merge(List<FileSlice> slices, long min, long max, Pushdowns pushdowns, ExecutionConfig config) {
        double inflation = reader.inflationFactor(config);
        List<ScanTask> tasks = new ArrayList<>();
        List<FileSlice> current = new ArrayList<>();
        long currentBytes = 0;
        for (FileSlice s : slices) {
            if (!current.isEmpty() && (currentBytes >= min || currentBytes + s.sizeBytes() > max)) {
                tasks.add(new ScanTask(reader, current, schema, pushdowns, currentBytes, (long) (currentBytes * inflation)));
                current = new ArrayList<>();
                currentBytes = 0;
            }
            current.add(s);
            currentBytes += s.sizeBytes();
        }
        if (!current.isEmpty()) {
            tasks.add(new ScanTask(reader, current, schema, pushdowns, currentBytes, (long) (currentBytes * inflation)));
        }
        return tasks;
    }

    @Override
    public String toString() {
        return reader.format() + " " + (paths.size() == 1 ? paths.get(0) : paths.toString()) + " (" + files.size() + " files)";
    }
}
