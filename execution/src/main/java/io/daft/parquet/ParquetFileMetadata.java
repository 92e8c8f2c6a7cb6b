package io.daft.parquet;

import io.daft.core.Schema;
import org.apache.parquet.format.FileMetaData;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Our immutable summary of a Parquet footer: the schema as our types, the row count and the row groups. Also
 * carries (package-private) the parsed footer the reader needs to find column chunks; it is never modified.
 */
public final class ParquetFileMetadata {
    private final String path;
    private final Schema schema;
    private final long numRows;
    private final List<RowGroupInfo> rowGroups;
    private final FileMetaData footer;
    private final ParquetSchema parquetSchema;

    ParquetFileMetadata(String path, ParquetSchema parquetSchema, long numRows, List<RowGroupInfo> rowGroups, FileMetaData footer) {
        this.path = requireNonNull(path, "path");
        this.parquetSchema = requireNonNull(parquetSchema, "parquetSchema");
        this.schema = parquetSchema.schema();
        this.numRows = numRows;
        this.rowGroups = List.copyOf(rowGroups);
        this.footer = requireNonNull(footer, "footer");
    }

    /** The file the metadata was read from. */
    public String path() {
        return path;
    }

    public Schema schema() {
        return schema;
    }

    public long numRows() {
        return numRows;
    }

    public List<RowGroupInfo> rowGroups() {
        return rowGroups;
    }

    FileMetaData footer() {
        return footer;
    }

    ParquetSchema parquetSchema() {
        return parquetSchema;
    }

    @Override
    public String toString() {
        return "ParquetFileMetadata[" + path + ", " + numRows + " rows, " + rowGroups.size() + " row groups, " + schema + "]";
    }
}
