package io.daft.logical;

import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.scan.FileFormat;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** Writes every partition to files under a directory, one file per partition; yields the written paths. */
public final class Sink extends LogicalPlan {
    public static final Schema OUTPUT_SCHEMA = Schema.of(new Field("path", DataType.UTF8, false),
            new Field("rows", DataType.INT64, false));

    private final LogicalPlan input;
    private final FileFormat format;
    private final String directory;

    public Sink(LogicalPlan input, FileFormat format, String directory) {
        this.input = requireNonNull(input, "input");
        this.format = requireNonNull(format, "format");
        this.directory = requireNonNull(directory, "directory");
    }

    public FileFormat format() {
        return format;
    }

    public String directory() {
        return directory;
    }

    @Override
    public Schema schema() {
        return OUTPUT_SCHEMA;
    }

    @Override
    public List<LogicalPlan> children() {
        return List.of(input);
    }

    @Override
    public LogicalPlan withChildren(List<LogicalPlan> children) {
        return new Sink(children.get(0), format, directory);
    }

    @Override
    public String describe() {
        return "Sink: " + format + " to " + directory;
    }
}
