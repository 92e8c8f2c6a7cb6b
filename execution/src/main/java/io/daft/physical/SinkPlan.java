package io.daft.physical;

import io.daft.core.Schema;
import io.daft.logical.Sink;
import io.daft.scan.FileFormat;

import java.util.List;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/** Writes each partition to its own file under a directory; each partition yields one row (path, rows). */
public final class SinkPlan extends PhysicalPlan {
    private static final long serialVersionUID = 1L;

    private final PhysicalPlan input;
    private final FileFormat format;
    private final String directory;
    /** Shared by the files of one write, so concurrent writes to one directory never collide. */
    private final String writeId;

    public SinkPlan(PhysicalPlan input, FileFormat format, String directory) {
        this.input = requireNonNull(input, "input");
        this.format = requireNonNull(format, "format");
        this.directory = requireNonNull(directory, "directory");
        this.writeId = UUID.randomUUID().toString();
    }

    public FileFormat format() {
        return format;
    }

    public String directory() {
        return directory;
    }

    /** The file partition {@code i} writes. */
    public String fileFor(int partition) {
        String ext = format == FileFormat.PARQUET ? ".parquet" : ".csv";
        return directory + "/" + writeId + "-" + String.format("%05d", partition) + ext;
    }

    @Override
    public Schema schema() {
        return Sink.OUTPUT_SCHEMA;
    }

    @Override
    public List<PhysicalPlan> children() {
        return List.of(input);
    }

    @Override
    public int numPartitions() {
        return input.numPartitions();
    }

    @Override
    public String describe() {
        return "Sink: " + format + " to " + directory;
    }
}
