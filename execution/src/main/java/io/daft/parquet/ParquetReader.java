package io.daft.parquet;

import io.daft.core.CloseableIterator;
import io.daft.core.DaftException;
import io.daft.core.Schema;
import io.daft.io.InputFile;
import io.daft.recordbatch.RecordBatch;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Hadoop-free Parquet reader that decodes pages straight into our Arrow-backed {@link RecordBatch}es.
 * Footer and page headers are parsed with parquet-format's Thrift classes; column chunks are fetched with one
 * positional read each; decoding of the common encodings (PLAIN, dictionary, RLE levels and booleans, data
 * pages v1 and v2) is done by our own loops over Arrow buffers. Stateless and thread-safe.
 */
public final class ParquetReader {
    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ENCRYPTED_MAGIC = "PARE".getBytes(StandardCharsets.US_ASCII);

    private ParquetReader() {
    }

    /** Reads and summarises the footer; a {@link DaftException} naming the file if it is not a readable Parquet file. */
    public static ParquetFileMetadata readMetadata(InputFile file) {
        String path = file.path();
        try {
            long length = file.length();
            if (length < 12) {
                throw new DaftException(path + ": not a Parquet file (only " + length + " bytes)");
            }
            ByteBuffer tail = file.read(length - 8, 8);
            byte[] t = new byte[8];
            tail.get(t);
            byte[] magic = java.util.Arrays.copyOfRange(t, 4, 8);
            if (java.util.Arrays.equals(magic, ENCRYPTED_MAGIC)) {
                throw new DaftException(path + ": the Parquet file is encrypted (encrypted footer), which is not supported");
            }
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new DaftException(path + ": not a Parquet file (no PAR1 magic at the end; truncated or corrupt?)");
            }
            ByteBuffer head = file.read(0, 4);
            byte[] h = new byte[4];
            head.get(h);
            if (!java.util.Arrays.equals(h, MAGIC) && !java.util.Arrays.equals(h, ENCRYPTED_MAGIC)) {
                throw new DaftException(path + ": not a Parquet file (no PAR1 magic at the start)");
            }
            long footerLength = Plain.readIntLE(t, 0) & 0xffffffffL;
            if (footerLength == 0 || footerLength > length - 12) {
                throw new DaftException(path + ": corrupt Parquet footer length " + footerLength + " (file has " + length + " bytes)");
            }
            ByteBuffer footerBuf = file.read(length - 8 - footerLength, (int) footerLength);
            byte[] footerBytes = new byte[(int) footerLength];
            footerBuf.get(footerBytes);
            FileMetaData footer;
            try {
                footer = Util.readFileMetaData(new ByteArrayInputStream(footerBytes));
            } catch (IOException | RuntimeException e) {
                throw new DaftException(path + ": corrupt Parquet footer: " + e.getMessage(), e);
            }
            try {
                return summarise(path, footer, length);
            } catch (DaftException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new DaftException(path + ": corrupt Parquet footer: " + e, e);
            }
        } catch (IOException e) {
            throw new DaftException(path + ": cannot read Parquet file: " + e.getMessage(), e);
        }
    }

    private static ParquetFileMetadata summarise(String path, FileMetaData footer, long fileLength) {
        if (footer.isSetEncryption_algorithm()) {
            throw new DaftException(path + ": the Parquet file has encrypted columns, which is not supported");
        }
        ParquetSchema schema = new ParquetSchema(path, footer.getSchema());
        List<LeafColumn> leaves = schema.leaves();
        Schema ours = schema.schema();
        List<RowGroupInfo> groups = new ArrayList<>();
        List<RowGroup> rgs = footer.isSetRow_groups() ? footer.getRow_groups() : List.of();
        for (int g = 0; g < rgs.size(); g++) {
            RowGroup rg = rgs.get(g);
            List<ColumnChunk> chunks = rg.getColumns();
            if (chunks == null || chunks.size() != leaves.size()) {
                throw new DaftException(path + ": row group " + g + " has " + (chunks == null ? 0 : chunks.size())
                        + " column chunks but the schema has " + leaves.size() + " columns");
            }
            long compressed = 0;
            long uncompressed = 0;
            List<Optional<ColumnStats>> stats = new ArrayList<>();
            for (int c = 0; c < chunks.size(); c++) {
                ColumnChunk cc = chunks.get(c);
                if (cc.isSetCrypto_metadata() || cc.isSetEncrypted_column_metadata()) {
                    throw new DaftException(path + ": column '" + leaves.get(c).path() + "' is encrypted, which is not supported");
                }
                ColumnMetaData cm = cc.getMeta_data();
                if (cm == null) {
                    throw new DaftException(path + ": row group " + g + " column '" + leaves.get(c).path() + "' has no metadata");
                }
                if (cc.isSetFile_path() && cc.getFile_path() != null && !cc.getFile_path().isEmpty()) {
                    throw new DaftException(path + ": column chunks in other files ('" + cc.getFile_path() + "') are not supported");
                }
                compressed += cm.getTotal_compressed_size();
                uncompressed += cm.getTotal_uncompressed_size();
            }
            for (int f = 0; f < ours.size(); f++) {
                ParquetSchema.OutNode node = schema.topLevel(f);
                if (node instanceof ParquetSchema.LeafOut) {
                    LeafColumn leaf = leaves.get(node.firstLeaf);
                    ColumnMetaData cm = chunks.get(leaf.index()).getMeta_data();
                    stats.add(StatisticsConverter.convert(leaf, cm.isSetStatistics() ? cm.getStatistics() : null));
                } else {
                    stats.add(Optional.empty());
                }
            }
            groups.add(new RowGroupInfo(rg.getNum_rows(), compressed, uncompressed, stats));
        }
        // Some writers leave the footer's row count at 0; the row groups' counts are what the reader returns.
        long rows = 0;
        for (RowGroupInfo g : groups) {
            rows += g.numRows();
        }
        return new ParquetFileMetadata(path, schema, rows, groups, footer);
    }

    /**
     * Streams the selected columns of the selected row groups as batches of at most {@code options.batchSize()}
     * rows, row group by row group (memory holds about one row group's selected column chunks). The caller
     * closes the iterator and every batch it returns.
     */
    public static CloseableIterator<RecordBatch> read(InputFile file, ParquetFileMetadata meta, ParquetReadOptions options) {
        Schema schema = meta.schema();
        List<Integer> columns = new ArrayList<>();
        if (options.columns().isPresent()) {
            for (String name : options.columns().get()) {
                if (!schema.contains(name)) {
                    throw new DaftException(file.path() + ": column '" + name + "' not found; columns are " + schema.names());
                }
                if (columns.contains(schema.requireIndex(name))) {
                    throw new DaftException(file.path() + ": column '" + name + "' is selected twice");
                }
                columns.add(schema.requireIndex(name));
            }
        } else {
            for (int i = 0; i < schema.size(); i++) {
                columns.add(i);
            }
        }
        List<Integer> groups = new ArrayList<>();
        int numGroups = meta.rowGroups().size();
        if (options.rowGroups().isPresent()) {
            for (int g : options.rowGroups().get()) {
                if (g < 0 || g >= numGroups) {
                    throw new DaftException(file.path() + ": row group " + g + " does not exist (the file has " + numGroups + ")");
                }
                groups.add(g);
            }
        } else {
            for (int g = 0; g < numGroups; g++) {
                groups.add(g);
            }
        }
        if (options.filter().isPresent()) {
            List<Integer> kept = new ArrayList<>();
            for (int g : groups) {
                if (RowGroupPruner.mayMatch(options.filter().get(), meta.rowGroups().get(g), schema)) {
                    kept.add(g);
                }
            }
            groups = kept;
        }
        return new ParquetBatchIterator(file, meta, columns, groups, options.batchSize());
    }
}
