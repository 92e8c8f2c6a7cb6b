package io.daft.parquet;

import io.daft.core.ArrowTypes;
import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.parquet.write.ColumnChunkWriter;
import io.daft.parquet.write.NestedShredder;
import io.daft.parquet.write.PageCompressor;
import io.daft.parquet.write.ParquetColumns;
import io.daft.parquet.write.PositionOutputStream;
import io.daft.recordbatch.RecordBatch;
import org.apache.arrow.vector.FieldVector;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnOrder;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.KeyValue;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.TypeDefinedOrder;
import org.apache.parquet.format.Util;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Writes record batches to a Parquet file without Hadoop: data page V1, RLE definition levels, PLAIN or
 * RLE_DICTIONARY values, snappy/zstd/gzip/no compression, and column chunk statistics (min/max in the type's
 * sort order, null count) so readers can prune row groups.
 *
 * <p>Rows are buffered per column until the row group reaches {@link ParquetWriteOptions#rowGroupSizeBytes()}
 * (measured as PLAIN-encoded, uncompressed values), then the row group's column chunks are written. The footer is
 * written by {@link #close()}. Batches passed to {@link #write} stay owned by the caller.
 *
 * <p>Every column type is supported: flat ones, and LIST (the standard three-level layout) and STRUCT nested in any
 * way (shredded into definition and repetition levels by {@link NestedShredder}). Not thread-safe.
 */
public final class ParquetWriter implements AutoCloseable {
    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
    private static final String CREATED_BY = "daft-java version 0.1.0";
    private static final int NESTED_ROWS_PER_CALL = 1024;
    /** Key of the Arrow schema in the file's key/value metadata. */
    public static final String ARROW_SCHEMA_KEY = "ARROW:schema";

    private final Path file;
    private final Schema schema;
    private final ParquetWriteOptions options;
    private final PositionOutputStream out;
    private final List<ColumnChunkWriter> columns;
    /** Per top-level column: its first leaf writer in {@link #columns} and how many leaves it has. */
    private final int[] leafStart;
    private final int[] leafCount;
    private final List<SchemaElement> schemaElements;
    private final List<RowGroup> rowGroups = new ArrayList<>();
    private long rowGroupRows;
    private long totalRows;
    private boolean failed;
    private boolean closed;

    private ParquetWriter(Path file, Schema schema, ParquetWriteOptions options, PositionOutputStream out,
            List<ColumnChunkWriter> columns, int[] leafStart, int[] leafCount, List<SchemaElement> schemaElements) {
        this.leafStart = leafStart;
        this.leafCount = leafCount;
        this.file = file;
        this.schema = schema;
        this.options = options;
        this.out = out;
        this.columns = columns;
        this.schemaElements = schemaElements;
    }

    /** Creates (or truncates) {@code file} and writes the leading magic bytes. */
    public static ParquetWriter create(Path file, Schema schema, ParquetWriteOptions options) {
        requireNonNull(file, "file");
        requireNonNull(schema, "schema");
        requireNonNull(options, "options");
        if (schema.size() == 0) {
            throw new DaftException("cannot write parquet file " + file + " without columns: Parquet needs at least one");
        }
        List<SchemaElement> elements = new ArrayList<>();
        SchemaElement root = new SchemaElement("schema");
        root.setNum_children(schema.size());
        elements.add(root);
        PageCompressor compressor = new PageCompressor(options.codec());
        List<ColumnChunkWriter> writers = new ArrayList<>();
        int[] leafStart = new int[schema.size()];
        int[] leafCount = new int[schema.size()];
        for (int c = 0; c < schema.size(); c++) {
            Field f = schema.field(c);
            ParquetColumns.schemaElements(f, elements);
            leafStart[c] = writers.size();
            ParquetColumns.writers(f, options, compressor, writers);
            leafCount[c] = writers.size() - leafStart[c];
        }
        PositionOutputStream out;
        try {
            out = new PositionOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE));
            out.write(MAGIC);
        } catch (IOException e) {
            throw new DaftException("cannot create parquet file " + file + ": " + e.getMessage(), e);
        }
        return new ParquetWriter(file, schema, options, out, writers, leafStart, leafCount, elements);
    }

    public Schema schema() {
        return schema;
    }

    /** Appends the rows of {@code batch} (whose columns must have the writer's types, in order). */
    public void write(RecordBatch batch) {
        if (closed) {
            throw new IllegalStateException("parquet writer for " + file + " is closed");
        }
        checkSchema(batch);
        int n = batch.rowCount();
        if (n == 0) {
            return;
        }
        try {
            // Write in slices sized from the batch's bytes per row so row groups are cut near the limit.
            long bytesPerRow = Math.max(1, batch.sizeBytes() / n);
            int row = 0;
            while (row < n) {
                long room = options.rowGroupSizeBytes() - rowGroupBytes();
                int rows = (int) Math.max(1, Math.min(n - row, (room + bytesPerRow - 1) / bytesPerRow));
                for (int c = 0; c < schema.size(); c++) {
                    Field f = schema.field(c);
                    if (f.dataType().isNested()) {
                        // nested pages are cut between records: shred in small runs of rows to keep pages near size
                        List<ColumnChunkWriter> leaves = columns.subList(leafStart[c], leafStart[c] + leafCount[c]);
                        for (int r = row; r < row + rows; r += NESTED_ROWS_PER_CALL) {
                            NestedShredder.shred(f, batch.column(c), r, Math.min(row + rows, r + NESTED_ROWS_PER_CALL), leaves);
                        }
                    } else {
                        columns.get(leafStart[c]).append(batch.column(c), row, row + rows);
                    }
                }
                row += rows;
                rowGroupRows += rows;
                totalRows += rows;
                if (rowGroupBytes() >= options.rowGroupSizeBytes()) {
                    flushRowGroup();
                }
            }
        } catch (IOException e) {
            failed = true;
            throw new DaftException("error writing parquet file " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            failed = true;
            if (e instanceof DaftException) {
                throw new DaftException(file + ": " + e.getMessage(), e);
            }
            throw new DaftException("error writing parquet file " + file + ": " + e, e);
        }
    }

    private void checkSchema(RecordBatch batch) {
        if (batch.numColumns() != schema.size()) {
            throw new DaftException("cannot write a batch with columns " + batch.schema().names()
                    + " to parquet file " + file + " with columns " + schema.names());
        }
        for (int c = 0; c < schema.size(); c++) {
            Field want = schema.field(c);
            Field got = batch.schema().field(c);
            if (!compatible(want.dataType(), got.dataType())) {
                throw new DaftException("column '" + want.name() + "' of parquet file " + file + " has type "
                        + want.dataType() + " but the batch's column '" + got.name() + "' has type " + got.dataType());
            }
            FieldVector v = batch.column(c);
            if (v.getValueCount() < batch.rowCount()) {
                throw new IllegalArgumentException("column '" + got.name() + "' has fewer values than the batch rows");
            }
        }
    }

    /**
     * The schema as Arrow IPC, base64, under {@code ARROW:schema} as Arrow's own writers store it, so readers that
     * know it restore what Parquet cannot say (second-resolution timestamps, time zone names).
     */
    private static KeyValue arrowSchema(Schema schema) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        MessageSerializer.serialize(new WriteChannel(Channels.newChannel(bytes)), ArrowTypes.toArrowSchema(schema));
        KeyValue kv = new KeyValue(ARROW_SCHEMA_KEY);
        kv.setValue(Base64.getEncoder().encodeToString(bytes.toByteArray()));
        return kv;
    }

    /** Same types, ignoring the names and nullability of nested children (Arrow list elements go by many names). */
    private static boolean compatible(DataType want, DataType got) {
        if (want.id() != got.id() || want.children().size() != got.children().size()) {
            return false;
        }
        if (!want.isNested()) {
            return want.equals(got);
        }
        for (int i = 0; i < want.children().size(); i++) {
            if (!compatible(want.children().get(i).dataType(), got.children().get(i).dataType())) {
                return false;
            }
        }
        return true;
    }

    private long rowGroupBytes() {
        long total = 0;
        for (ColumnChunkWriter w : columns) {
            total += w.rawBytes();
        }
        return total;
    }

    private void flushRowGroup() throws IOException {
        if (rowGroupRows == 0) {
            return;
        }
        long start = out.position();
        List<ColumnChunk> chunks = new ArrayList<>(columns.size());
        long uncompressed = 0;
        long compressed = 0;
        for (ColumnChunkWriter w : columns) {
            ColumnChunk chunk = w.finish(out, out.position());
            uncompressed += chunk.getMeta_data().getTotal_uncompressed_size();
            compressed += chunk.getMeta_data().getTotal_compressed_size();
            chunks.add(chunk);
        }
        RowGroup rg = new RowGroup(chunks, uncompressed, rowGroupRows);
        rg.setFile_offset(start);
        rg.setTotal_compressed_size(compressed);
        rg.setOrdinal((short) rowGroups.size());
        rowGroups.add(rg);
        rowGroupRows = 0;
    }

    /** Writes the last row group and the footer, and closes the file. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (failed) {
            try {
                out.close();
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // the write error already reported is the one that matters
            }
            return;
        }
        try (PositionOutputStream o = out) {
            flushRowGroup();
            FileMetaData md = new FileMetaData(1, schemaElements, totalRows, rowGroups);
            md.setCreated_by(CREATED_BY);
            List<ColumnOrder> orders = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                orders.add(ColumnOrder.TYPE_ORDER(new TypeDefinedOrder()));
            }
            md.setColumn_orders(orders);
            md.setKey_value_metadata(List.of(arrowSchema(schema)));
            long footerStart = o.position();
            Util.writeFileMetaData(md, o);
            int footerLength = (int) (o.position() - footerStart);
            o.write(new byte[] {(byte) footerLength, (byte) (footerLength >>> 8), (byte) (footerLength >>> 16),
                    (byte) (footerLength >>> 24)});
            o.write(MAGIC);
        } catch (IOException | RuntimeException e) {
            throw new DaftException("error finishing parquet file " + file + ": " + e.getMessage(), e);
        }
    }
}
