package io.daft.parquet;

import io.daft.core.ArrowTypes;
import io.daft.core.CloseableIterator;
import io.daft.core.DaftException;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.core.TypeId;
import io.daft.io.InputFile;
import io.daft.memory.Memory;
import io.daft.recordbatch.RecordBatch;
import io.daft.recordbatch.Vectors;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.RowGroup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Streams batches row group by row group. Flat columns are decoded a batch at a time from their column chunk
 * (read with one positional read when the row group starts); nested columns are assembled for the whole row
 * group and sliced into batches.
 */
final class ParquetBatchIterator implements CloseableIterator<RecordBatch> {
    private final InputFile file;
    private final ParquetFileMetadata meta;
    private final List<Integer> columns;
    private final List<Integer> groups;
    private final int batchSize;
    private final Schema outSchema;
    private final long fileLength;
    private final boolean olderThanParquet816;

    private int groupPos = -1;
    private int currentGroup = -1;
    private long groupRemaining;
    private ColumnSource[] sources = new ColumnSource[0];
    private boolean closed;

    ParquetBatchIterator(InputFile file, ParquetFileMetadata meta, List<Integer> columns, List<Integer> groups, int batchSize) {
        this.file = file;
        this.meta = meta;
        this.columns = List.copyOf(columns);
        this.groups = List.copyOf(groups);
        this.batchSize = batchSize;
        List<Field> fields = new ArrayList<>();
        for (int c : columns) {
            fields.add(meta.schema().field(c));
        }
        this.outSchema = new Schema(fields);
        this.olderThanParquet816 = isOlderThanParquet816(meta.footer().getCreated_by());
        try {
            this.fileLength = file.length();
        } catch (IOException e) {
            throw new DaftException(file.path() + ": cannot read Parquet file: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean hasNext() {
        if (closed) {
            return false;
        }
        while (groupRemaining == 0) {
            closeSources();
            if (groupPos + 1 >= groups.size()) {
                return false;
            }
            groupPos++;
            if (meta.footer().getRow_groups().get(groups.get(groupPos)).getNum_rows() == 0) {
                continue;   // nothing to decode (and such groups may have no pages at all)
            }
            openGroup(groups.get(groupPos));
        }
        return true;
    }

    @Override
    public RecordBatch next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        int n = (int) Math.min(batchSize, groupRemaining);
        List<FieldVector> cols = new ArrayList<>(sources.length);
        int c = 0;
        try {
            for (c = 0; c < sources.length; c++) {
                cols.add(sources[c].next(n));
            }
        } catch (DaftException e) {
            closeAll(cols);
            throw e;
        } catch (RuntimeException e) {
            closeAll(cols);
            throw error(columns.get(c), e);
        }
        groupRemaining -= n;
        return RecordBatch.of(outSchema, cols, n);
    }

    private DaftException error(int column, Exception e) {
        return new DaftException(file.path() + ": cannot read column '" + meta.schema().field(column).name()
                + "' of row group " + currentGroup + ": " + e.getMessage(), e);
    }

    private static void closeAll(List<FieldVector> cols) {
        for (FieldVector v : cols) {
            v.close();
        }
    }

    private void openGroup(int g) {
        RowGroup rg = meta.footer().getRow_groups().get(g);
        currentGroup = g;
        ParquetSchema ps = meta.parquetSchema();
        ColumnSource[] opened = new ColumnSource[columns.size()];
        int c = 0;
        try {
            for (c = 0; c < columns.size(); c++) {
                ParquetSchema.OutNode node = ps.topLevel(columns.get(c));
                if (node instanceof ParquetSchema.LeafOut) {
                    LeafColumn leaf = ps.leaves().get(node.firstLeaf);
                    ColumnMetaData cm = rg.getColumns().get(leaf.index()).getMeta_data();
                    opened[c] = new FlatSource(leaf, node.field, leafReader(rg, leaf), bytesPerValue(cm));
                } else {
                    opened[c] = new NestedSource(assemble(rg, node));
                }
            }
        } catch (DaftException e) {
            closeOpened(opened);
            throw e;
        } catch (IOException | RuntimeException e) {
            closeOpened(opened);
            throw error(columns.get(c), e);
        }
        sources = opened;
        groupRemaining = rg.getNum_rows();
        if (groupRemaining < 0) {
            throw new DaftException(file.path() + ": row group " + g + " has a negative row count");
        }
    }

    private static void closeOpened(ColumnSource[] opened) {
        for (ColumnSource s : opened) {
            if (s != null) {
                s.close();
            }
        }
    }

    private LeafReader leafReader(RowGroup rg, LeafColumn leaf) throws IOException {
        ColumnChunk cc = rg.getColumns().get(leaf.index());
        ColumnMetaData cm = cc.getMeta_data();
        long data = cm.getData_page_offset();
        long start = data;
        if (cm.isSetDictionary_page_offset() && cm.getDictionary_page_offset() > 0 && cm.getDictionary_page_offset() < data) {
            start = cm.getDictionary_page_offset();
        }
        long len = cm.getTotal_compressed_size();
        if (olderThanParquet816) {
            // PARQUET-816: parquet-mr before 1.2.9 left the dictionary page header out of the chunk size; as
            // parquet-cpp does, read up to 100 more bytes (the page loop stops after the chunk's values anyway).
            len += Math.max(0, Math.min(100, fileLength - 8 - (start + len)));
        }
        if (start < 4 || len < 0 || start + len > fileLength - 8 || len > Integer.MAX_VALUE - 64) {
            throw new IllegalStateException("column chunk [" + start + ", " + (start + len) + ") lies outside the file ("
                    + fileLength + " bytes): the file is truncated or corrupt");
        }
        ByteBuffer bb = file.read(start, (int) len);
        byte[] bytes;
        int off;
        if (bb.hasArray()) {
            bytes = bb.array();
            off = bb.arrayOffset() + bb.position();
        } else {
            bytes = new byte[bb.remaining()];
            bb.get(bytes);
            off = 0;
        }
        return new LeafReader(leaf, cm.getCodec(), bytes, off, off + (int) len, cm.getNum_values(), cm.getTotal_uncompressed_size());
    }

    private FieldVector assemble(RowGroup rg, ParquetSchema.OutNode node) throws IOException {
        List<ParquetSchema.LeafOut> leafNodes = new ArrayList<>();
        collectLeaves(node, leafNodes);
        Map<Integer, NestedAssembler.LeafData> data = new HashMap<>();
        try {
            for (ParquetSchema.LeafOut lo : leafNodes) {
                LeafColumn leaf = meta.parquetSchema().leaves().get(lo.firstLeaf);
                LeafReader reader = leafReader(rg, leaf);
                long total = rg.getColumns().get(leaf.index()).getMeta_data().getNum_values();
                if (total > Integer.MAX_VALUE - 16) {
                    throw new IllegalStateException("column chunk has too many values: " + total);
                }
                FieldVector phys = allocate(ValueConverter.physicalField(leaf, lo.field.name()), (int) total,
                        bytesPerValue(rg.getColumns().get(leaf.index()).getMeta_data()));
                LeafReader.Levels levels;
                FieldVector values;
                try {
                    levels = reader.readAll(phys);
                    finishVariableWidth(phys, levels.valueCount());
                    if (leaf.conversion() != LeafColumn.Conversion.NONE) {
                        values = ValueConverter.convert(leaf, phys, lo.field);
                        phys.close();
                    } else {
                        values = phys;
                    }
                } catch (RuntimeException e) {
                    phys.close();
                    throw e;
                }
                data.put(leaf.index(), new NestedAssembler.LeafData(levels, values));
            }
            return new NestedAssembler(data).build(node);
        } finally {
            for (NestedAssembler.LeafData d : data.values()) {
                d.values().close();
            }
        }
    }

    private static void collectLeaves(ParquetSchema.OutNode node, List<ParquetSchema.LeafOut> out) {
        if (node instanceof ParquetSchema.LeafOut) {
            out.add((ParquetSchema.LeafOut) node);
        } else if (node instanceof ParquetSchema.StructOut) {
            for (ParquetSchema.OutNode c : ((ParquetSchema.StructOut) node).children) {
                collectLeaves(c, out);
            }
        } else {
            collectLeaves(((ParquetSchema.ListOut) node).element, out);
        }
    }

    /** Average decoded bytes per value of a chunk: sizes binary data buffers up front instead of regrowing them. */
    private static int bytesPerValue(ColumnMetaData cm) {
        long n = Math.max(1, cm.getNum_values());
        return (int) Math.max(4, Math.min(1 << 16, cm.getTotal_uncompressed_size() / n + 4));
    }

    /** A vector for {@code n} values; binary ones get {@code bytesPerValue * n} bytes of data. */
    static FieldVector allocate(Field field, int n, int bytesPerValue) {
        if (field.dataType().id() != TypeId.UTF8 && field.dataType().id() != TypeId.BINARY) {
            return Vectors.allocate(field, n);
        }
        FieldVector v = ArrowTypes.toArrowField(field).createVector(Memory.allocator());
        try {
            ((BaseVariableWidthVector) v).allocateNew(Math.min(Integer.MAX_VALUE - 16L, (long) bytesPerValue * Math.max(n, 1)), Math.max(n, 1));
        } catch (RuntimeException e) {
            v.close();
            throw e;
        }
        return v;
    }

    /** We write offsets ourselves; tell the vector so setValueCount does not "fill holes" over them. */
    static void finishVariableWidth(FieldVector v, int n) {
        if (v instanceof BaseVariableWidthVector) {
            ((BaseVariableWidthVector) v).setLastSet(n - 1);
        }
        v.setValueCount(n);
    }

    /** True for files without a writer version or written by parquet-mr older than 1.2.9. */
    static boolean isOlderThanParquet816(String createdBy) {
        if (createdBy == null || createdBy.isBlank()) {
            return true;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^parquet-mr version (\\d+)\\.(\\d+)\\.(\\d+)").matcher(createdBy);
        if (!m.find()) {
            return createdBy.trim().equals("parquet-mr");   // no version at all: as old as it gets
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        int patch = Integer.parseInt(m.group(3));
        return major == 1 && (minor < 2 || (minor == 2 && patch < 9));
    }

    private void closeSources() {
        closeOpened(sources);
        sources = new ColumnSource[0];
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            closeSources();
            groupRemaining = 0;
        }
    }

    /** Produces the next {@code n} rows of one output column. */
    private interface ColumnSource extends AutoCloseable {
        FieldVector next(int n);

        @Override
        void close();
    }

    private static final class FlatSource implements ColumnSource {
        private final LeafColumn leaf;
        private final Field field;
        private final Field physical;
        private final LeafReader reader;
        private final int bytesPerValue;

        FlatSource(LeafColumn leaf, Field field, LeafReader reader, int bytesPerValue) {
            this.bytesPerValue = bytesPerValue;
            this.leaf = leaf;
            this.field = field;
            this.physical = leaf.conversion() == LeafColumn.Conversion.NONE ? field : ValueConverter.physicalField(leaf, field.name());
            this.reader = reader;
        }

        @Override
        public FieldVector next(int n) {
            FieldVector v = allocate(physical, n, bytesPerValue);
            try {
                reader.readFlat(v, n);
                finishVariableWidth(v, n);
                if (leaf.conversion() == LeafColumn.Conversion.NONE) {
                    return v;
                }
                FieldVector out = ValueConverter.convert(leaf, v, field);
                v.close();
                return out;
            } catch (RuntimeException e) {
                v.close();
                throw e;
            }
        }

        @Override
        public void close() {
        }
    }

    private static final class NestedSource implements ColumnSource {
        private final FieldVector whole;
        private int offset;

        NestedSource(FieldVector whole) {
            this.whole = whole;
        }

        @Override
        public FieldVector next(int n) {
            if (offset + n > whole.getValueCount()) {
                throw new IllegalStateException("nested column has " + whole.getValueCount() + " rows, fewer than the row group's");
            }
            FieldVector v = offset == 0 && n == whole.getValueCount() ? Vectors.share(whole) : Vectors.slice(whole, offset, n);
            offset += n;
            return v;
        }

        @Override
        public void close() {
            whole.close();
        }
    }
}
