package io.daft.parquet;

import io.daft.core.ArrowTypes;
import io.daft.core.CloseableIterator;
import io.daft.core.DaftException;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.core.TypeId;
import io.daft.io.InputFile;
import io.daft.memory.Memory;
import io.daft.recordbatch.DictionaryCodes;
import io.daft.recordbatch.RecordBatch;
import io.daft.recordbatch.Vectors;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.RowGroup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Streams batches row group by row group. Flat columns are decoded a batch at a time from their column chunk
 * (read with one positional read when the row group starts); nested columns have their leaves decoded for the
 * whole row group (levels, plus values split into vectors of at most {@code maxVectorBytes}) and are assembled
 * a batch at a time. A batch ends early, at a top-level row boundary, where a nested leaf's values for it would
 * exceed {@code maxVectorBytes} (Arrow's variable-width vectors have 32-bit offsets); a single row that does
 * not fit is an error naming the file, column and row group.
 */
final class ParquetBatchIterator implements CloseableIterator<RecordBatch> {
    private final InputFile file;
    private final ParquetFileMetadata meta;
    private final List<Integer> columns;
    private final List<Integer> groups;
    private final int batchSize;
    private final long maxVectorBytes;
    private final Schema outSchema;
    private final long fileLength;
    private final boolean olderThanParquet816;

    private int groupPos = -1;
    private int currentGroup = -1;
    private long groupRemaining;
    private ColumnSource[] sources = new ColumnSource[0];
    private boolean closed;

    /** Largest data buffer of one vector: Arrow's variable-width offsets are signed 32-bit. */
    static final long MAX_VECTOR_BYTES = Integer.MAX_VALUE - 1L;

    ParquetBatchIterator(InputFile file, ParquetFileMetadata meta, List<Integer> columns, List<Integer> groups, int batchSize) {
        this(file, meta, columns, groups, batchSize, MAX_VECTOR_BYTES);
    }

    /** {@code maxVectorBytes} below the default lets tests exercise the batch cutting with small files. */
    ParquetBatchIterator(InputFile file, ParquetFileMetadata meta, List<Integer> columns, List<Integer> groups, int batchSize,
                         long maxVectorBytes) {
        if (maxVectorBytes < 1 || maxVectorBytes > MAX_VECTOR_BYTES) {
            throw new IllegalArgumentException("maxVectorBytes out of range: " + maxVectorBytes);
        }
        this.maxVectorBytes = maxVectorBytes;
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
        List<Optional<DictionaryCodes>> codes = new ArrayList<>(sources.length);
        int c = 0;
        try {
            for (c = 0; c < sources.length; c++) {
                n = sources[c].fit(n);
            }
            for (c = 0; c < sources.length; c++) {
                cols.add(sources[c].next(n));
                codes.add(sources[c].codes());
            }
        } catch (DaftException e) {
            closeAll(cols);
            throw e;
        } catch (RuntimeException e) {
            closeAll(cols);
            throw error(columns.get(c), e);
        }
        groupRemaining -= n;
        return RecordBatch.of(outSchema, cols, n, codes);
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
                    opened[c] = new FlatSource(leaf, node.field, leafReader(rg, leaf), bytesPerValue(cm), hasDictionary(cm));
                } else {
                    opened[c] = nestedSource(rg, node);
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

    /** Whether a chunk may hold dictionary-encoded pages (some writers leave the dictionary page offset out). */
    private static boolean hasDictionary(ColumnMetaData cm) {
        if (cm.isSetDictionary_page_offset()) {
            return true;
        }
        List<org.apache.parquet.format.Encoding> encodings = cm.getEncodings();
        return encodings != null && (encodings.contains(org.apache.parquet.format.Encoding.PLAIN_DICTIONARY)
                || encodings.contains(org.apache.parquet.format.Encoding.RLE_DICTIONARY));
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

    /** Decodes the nested column's leaves for the whole row group (values split by {@link #maxVectorBytes}). */
    private NestedSource nestedSource(RowGroup rg, ParquetSchema.OutNode node) throws IOException {
        List<ParquetSchema.LeafOut> leafNodes = new ArrayList<>();
        collectLeaves(node, leafNodes);
        List<LeafChunk> chunks = new ArrayList<>();
        try {
            for (ParquetSchema.LeafOut lo : leafNodes) {
                LeafColumn leaf = meta.parquetSchema().leaves().get(lo.firstLeaf);
                LeafReader reader = leafReader(rg, leaf);
                long total = rg.getColumns().get(leaf.index()).getMeta_data().getNum_values();
                if (total > Integer.MAX_VALUE - 16) {
                    throw new IllegalStateException("column chunk has too many values: " + total);
                }
                Field physField = ValueConverter.physicalField(leaf, lo.field.name());
                int bpv = bytesPerValue(rg.getColumns().get(leaf.index()).getMeta_data());
                List<FieldVector> segments = new ArrayList<>();
                LeafReader.Levels levels;
                try {
                    levels = reader.readAll(cap -> allocate(physField, cap, bpv), maxVectorBytes, segments);
                    if (leaf.conversion() != LeafColumn.Conversion.NONE) {
                        for (int i = 0; i < segments.size(); i++) {
                            FieldVector phys = segments.get(i);
                            segments.set(i, ValueConverter.convert(leaf, phys, lo.field));
                            phys.close();
                        }
                    }
                } catch (RuntimeException e) {
                    closeAll(segments);
                    throw e;
                }
                try {
                    chunks.add(new LeafChunk(leaf, levels, segments, rg.getNum_rows()));
                } catch (RuntimeException e) {
                    closeAll(segments);
                    throw e;
                }
            }
            NestedSource source = new NestedSource(node, chunks, maxVectorBytes);
            chunks = null;
            return source;
        } finally {
            if (chunks != null) {
                for (LeafChunk ch : chunks) {
                    ch.close();
                }
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
        /** How many of the next {@code n} rows (at least 1) can be one batch; does not consume them. */
        default int fit(int n) {
            return n;
        }

        FieldVector next(int n);

        /** The dictionary codes of the rows {@link #next} returned last, when they came from one dictionary. */
        default Optional<DictionaryCodes> codes() {
            return Optional.empty();
        }

        @Override
        void close();
    }

    private static final class FlatSource implements ColumnSource {
        private final LeafColumn leaf;
        private final Field field;
        private final Field physical;
        private final LeafReader reader;
        private final int bytesPerValue;
        /** Strings and binaries of a dictionary-encoded chunk keep their codes; fixed-width values gain little. */
        private final boolean keepCodes;
        private Optional<DictionaryCodes> codes = Optional.empty();

        FlatSource(LeafColumn leaf, Field field, LeafReader reader, int bytesPerValue, boolean dictionaryEncoded) {
            this.bytesPerValue = bytesPerValue;
            this.keepCodes = dictionaryEncoded && leaf.layout() == PhysicalLayout.BINARY
                    && leaf.conversion() == LeafColumn.Conversion.NONE;
            this.leaf = leaf;
            this.field = field;
            this.physical = leaf.conversion() == LeafColumn.Conversion.NONE ? field : ValueConverter.physicalField(leaf, field.name());
            this.reader = reader;
        }

        @Override
        public FieldVector next(int n) {
            FieldVector v = allocate(physical, n, bytesPerValue);
            try {
                codes = Optional.empty();
                int[] ids = keepCodes ? new int[n] : null;
                Optional<Dictionary> dict = reader.readFlat(v, n, ids);
                if (dict.isPresent()) {
                    codes = Optional.of(new DictionaryCodes(dict.get(), dict.get().size, ids, 0));
                }
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
        public Optional<DictionaryCodes> codes() {
            return codes;
        }

        @Override
        public void close() {
        }
    }

    /**
     * One leaf of a nested column for a whole row group: its levels, its dense values in segments, and per
     * top-level row where its entries and values start and how many value bytes come before it.
     */
    private static final class LeafChunk implements AutoCloseable {
        final LeafColumn leaf;
        final int[] def;
        final int[] rep;
        /** Entry index where row r starts; rows + 1 entries. */
        final int[] rowEntry;
        /** Dense value index where row r starts; rows + 1 entries. */
        final int[] rowValue;
        /** Value bytes before row r; rows + 1 entries. */
        final long[] rowBytes;
        final FieldVector[] segments;
        /** Dense value index of each segment's first value; segments + 1 entries. */
        final int[] segmentStart;

        LeafChunk(LeafColumn leaf, LeafReader.Levels levels, List<FieldVector> segs, long rows) {
            this.leaf = leaf;
            this.def = levels.def();
            this.rep = levels.rep();
            this.segments = segs.toArray(new FieldVector[0]);
            this.segmentStart = new int[segments.length + 1];
            for (int s = 0; s < segments.length; s++) {
                segmentStart[s + 1] = segmentStart[s] + segments[s].getValueCount();
            }
            if (segmentStart[segments.length] != levels.valueCount()) {
                throw new IllegalStateException("decoded " + segmentStart[segments.length] + " values where the levels say "
                        + levels.valueCount());
            }
            int count = levels.count();
            int records = 0;
            for (int e = 0; e < count; e++) {
                if (e == 0 || rep[e] == 0) {
                    records++;
                }
            }
            if (records != rows) {
                throw new IllegalStateException("nested column has " + records + " rows where the row group has " + rows);
            }
            int n = (int) rows;
            rowEntry = new int[n + 1];
            rowValue = new int[n + 1];
            rowBytes = new long[n + 1];
            int maxDef = leaf.maxDef();
            int r = -1;
            int v = 0;
            long bytes = 0;
            int s = 0;
            for (int e = 0; e < count; e++) {
                if (e == 0 || rep[e] == 0) {
                    r++;
                    rowEntry[r] = e;
                    rowValue[r] = v;
                    rowBytes[r] = bytes;
                }
                if (def[e] == maxDef) {
                    while (v >= segmentStart[s + 1]) {
                        s++;
                    }
                    bytes += valueBytes(segments[s], v - segmentStart[s]);
                    v++;
                }
            }
            rowEntry[n] = count;
            rowValue[n] = v;
            rowBytes[n] = bytes;
        }

        private static long valueBytes(FieldVector seg, int i) {
            if (seg instanceof BaseVariableWidthVector) {
                return seg.getOffsetBuffer().getInt((long) (i + 1) << 2) - seg.getOffsetBuffer().getInt((long) i << 2);
            }
            if (seg instanceof BaseFixedWidthVector && !(seg instanceof BitVector)) {
                return ((BaseFixedWidthVector) seg).getTypeWidth();
            }
            return 0;
        }

        /** Dense values [v0, v1) as one vector (shares buffers when they lie in one segment). */
        FieldVector values(int v0, int v1) {
            int s = 0;
            while (s + 1 < segments.length && v0 >= segmentStart[s + 1]) {
                s++;
            }
            if (v1 <= segmentStart[s + 1]) {
                return Vectors.slice(segments[s], v0 - segmentStart[s], v1 - v0);
            }
            List<FieldVector> parts = new ArrayList<>();
            try {
                int v = v0;
                while (v < v1) {
                    int end = Math.min(v1, segmentStart[s + 1]);
                    parts.add(Vectors.slice(segments[s], v - segmentStart[s], end - v));
                    v = end;
                    s++;
                }
                return Vectors.concat(parts);
            } finally {
                closeAll(parts);
            }
        }

        /** Frees the segments all of whose values lie before {@code v} (batches keep what they share). */
        void releaseBefore(int v) {
            for (int s = 0; s < segments.length - 1; s++) {
                if (segments[s] != null && segmentStart[s + 1] <= v) {
                    segments[s].close();
                    segments[s] = null;
                }
            }
        }

        @Override
        public void close() {
            for (int s = 0; s < segments.length; s++) {
                if (segments[s] != null) {
                    segments[s].close();
                    segments[s] = null;
                }
            }
        }
    }

    private static final class NestedSource implements ColumnSource {
        private final ParquetSchema.OutNode node;
        private final List<LeafChunk> leaves;
        private final long maxVectorBytes;
        private int row;

        NestedSource(ParquetSchema.OutNode node, List<LeafChunk> leaves, long maxVectorBytes) {
            this.node = node;
            this.leaves = leaves;
            this.maxVectorBytes = maxVectorBytes;
        }

        @Override
        public int fit(int n) {
            int rows = leaves.get(0).rowEntry.length - 1;
            if (row + n > rows) {
                throw new IllegalStateException("nested column has " + rows + " rows, fewer than the row group's");
            }
            int fit = n;
            for (LeafChunk leaf : leaves) {
                long[] b = leaf.rowBytes;
                long base = b[row];
                if (b[row + fit] - base <= maxVectorBytes) {
                    continue;
                }
                // largest m with b[row + m] - base <= max (b is non-decreasing)
                int lo = 0;
                int hi = fit;
                while (lo < hi) {
                    int mid = (lo + hi + 1) >>> 1;
                    if (b[row + mid] - base <= maxVectorBytes) {
                        lo = mid;
                    } else {
                        hi = mid - 1;
                    }
                }
                if (lo == 0) {
                    throw new IllegalStateException("row " + row + " of the row group holds " + (b[row + 1] - base)
                            + " bytes in '" + leaf.leaf.path() + "', more than one Arrow vector can hold (" + maxVectorBytes + " bytes)");
                }
                fit = lo;
            }
            return fit;
        }

        @Override
        public FieldVector next(int n) {
            if (fit(n) < n) {
                throw new IllegalStateException("a batch of " + n + " rows would overflow a vector");
            }
            Map<Integer, NestedAssembler.LeafData> data = new HashMap<>();
            try {
                for (LeafChunk leaf : leaves) {
                    int e0 = leaf.rowEntry[row];
                    int e1 = leaf.rowEntry[row + n];
                    int v0 = leaf.rowValue[row];
                    int v1 = leaf.rowValue[row + n];
                    LeafReader.Levels levels = new LeafReader.Levels(Arrays.copyOfRange(leaf.def, e0, e1),
                            Arrays.copyOfRange(leaf.rep, e0, e1), e1 - e0, v1 - v0);
                    data.put(leaf.leaf.index(), new NestedAssembler.LeafData(levels, leaf.values(v0, v1)));
                }
                FieldVector v = new NestedAssembler(data).build(node);
                row += n;
                for (LeafChunk leaf : leaves) {
                    leaf.releaseBefore(leaf.rowValue[row]);
                }
                return v;
            } finally {
                for (NestedAssembler.LeafData d : data.values()) {
                    d.values().close();
                }
            }
        }

        @Override
        public void close() {
            for (LeafChunk leaf : leaves) {
                leaf.close();
            }
        }
    }
}
