package io.daft.parquet.write;

import io.daft.core.DaftException;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.DataPageHeader;
import org.apache.parquet.format.DictionaryPageHeader;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.PageType;
import org.apache.parquet.format.Statistics;
import org.apache.parquet.format.Type;
import org.apache.parquet.format.Util;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Writes one flat (leaf) column of the current row group: buffers a page of values, encodes it (dictionary or
 * PLAIN, definition levels RLE) and compresses it when it reaches the page size, keeps the column chunk's
 * statistics, and at the end of the row group writes the dictionary page and the data pages to the file.
 *
 * <p>Subclasses copy values out of Arrow buffers with one type-specialised loop per call (no per-value
 * virtual calls or boxing) and decide the value encoding of each page.
 */
public abstract class ColumnChunkWriter {
    protected final String column;
    protected final boolean optional;
    private final List<String> path;
    private final int maxDefinitionLevel;
    private final int maxRepetitionLevel;
    protected final int pageSizeBytes;
    private final Type physicalType;
    private final PageCompressor compressor;

    // the page being filled
    private int[] levels = new int[1024];
    private int[] repLevels = new int[0];
    private int pageValues;
    // the column chunk being filled
    private final ByteSink pages = new ByteSink(1 << 12);
    private final ByteSink pageBody = new ByteSink(1 << 12);
    private long chunkValues;
    private long chunkNulls;
    private long chunkUncompressed;
    private long chunkCompressed;
    private final EnumSet<Encoding> encodings = EnumSet.noneOf(Encoding.class);
    /** Size of the chunk's values when PLAIN encoded: what the row group size limit counts. */
    protected long rawBytes;

    /**
     * A leaf column at {@code path} inside nested groups: its values come with definition and repetition levels
     * ({@link #appendNested}).
     */
    protected ColumnChunkWriter(List<String> path, int maxDefinitionLevel, int maxRepetitionLevel, Type physicalType,
            PageCompressor compressor, int pageSizeBytes) {
        this.path = List.copyOf(path);
        this.column = String.join(".", this.path);
        this.maxDefinitionLevel = maxDefinitionLevel;
        this.maxRepetitionLevel = maxRepetitionLevel;
        this.optional = maxDefinitionLevel > 0;
        this.physicalType = requireNonNull(physicalType, "physicalType");
        this.compressor = requireNonNull(compressor, "compressor");
        this.pageSizeBytes = pageSizeBytes;
    }

    /** Appends rows {@code [from, to)} of {@code v}. */
    public final void append(FieldVector v, int from, int to) {
        boolean allNull = v instanceof NullVector;
        boolean hasNulls = allNull || v.getNullCount() > 0;
        if (hasNulls && !optional) {
            throw new DaftException("column '" + column + "' is declared NOT NULL but the batch has null values in it");
        }
        ArrowBuf validity = allNull ? null : v.getValidityBuffer();
        while (from < to) {
            int end = allNull ? to : appendValues(v, validity, hasNulls, from, to);
            if (optional) {
                recordLevels(validity, hasNulls, allNull, from, end);
            }
            pageValues += end - from;
            from = end;
            if (pageValueBytes() + (pageValues >>> 3) >= pageSizeBytes) {
                flushPage();
            }
        }
    }

    /**
     * Appends whole records of a nested column: {@code n} level entries ({@code def[i]}, {@code rep[i]}) and, in
     * order, the values of the entries whose definition level is the maximum, densely in {@code values} (no nulls).
     */
    public final void appendNested(FieldVector values, int[] def, int[] rep, int n) {
        if (pageValues + n > levels.length) {
            levels = Arrays.copyOf(levels, Math.max(levels.length * 2, pageValues + n));
        }
        if (maxRepetitionLevel > 0 && pageValues + n > repLevels.length) {
            repLevels = Arrays.copyOf(repLevels, Math.max(repLevels.length * 2, Math.max(1024, pageValues + n)));
        }
        System.arraycopy(def, 0, levels, pageValues, n);
        if (maxRepetitionLevel > 0) {
            System.arraycopy(rep, 0, repLevels, pageValues, n);
        }
        int present = 0;
        for (int i = 0; i < n; i++) {
            if (def[i] == maxDefinitionLevel) {
                present++;
            }
        }
        chunkNulls += n - present;
        int from = 0;
        while (from < present) {
            from = appendValues(values, null, false, from, present);
        }
        pageValues += n;
        if (pageValueBytes() + (pageValues >>> 2) >= pageSizeBytes) {
            flushPage();
        }
    }

    /** Plain-encoded bytes of the values appended to this row group so far. */
    public final long rawBytes() {
        return rawBytes;
    }

    /**
     * Copies the non-null values among rows {@code [from, to)} into the page buffer, stopping early when the page
     * is full; returns the end of the rows consumed (greater than {@code from}).
     */
    protected abstract int appendValues(FieldVector v, ArrowBuf validity, boolean hasNulls, int from, int to);

    /** Bytes the buffered page values take when encoded PLAIN. */
    protected abstract long pageValueBytes();

    /** Encodes the buffered page values into {@code out}, clears them, and returns the encoding used. */
    protected abstract Encoding encodePageValues(ByteSink out);

    /** Writes the PLAIN dictionary into {@code out} and returns its entry count, or -1 when no page used it. */
    protected abstract int encodeDictionary(ByteSink out);

    /** Sets min/max on {@code stats} if the chunk has non-null values. */
    protected abstract void fillStatistics(Statistics stats);

    /** Forgets the chunk's dictionary and statistics for the next row group. */
    protected abstract void resetChunk();

    protected static boolean isValid(ArrowBuf validity, int i) {
        return ((validity.getByte(i >>> 3) >>> (i & 7)) & 1) != 0;
    }

    private void recordLevels(ArrowBuf validity, boolean hasNulls, boolean allNull, int from, int end) {
        int n = end - from;
        if (pageValues + n > levels.length) {
            levels = Arrays.copyOf(levels, Math.max(levels.length * 2, pageValues + n));
        }
        if (!hasNulls) {
            Arrays.fill(levels, pageValues, pageValues + n, 1);
            return;
        }
        if (allNull) {
            Arrays.fill(levels, pageValues, pageValues + n, 0);
            chunkNulls += n;
            return;
        }
        int nulls = 0;
        for (int i = 0; i < n; i++) {
            int bit = (validity.getByte((from + i) >>> 3) >>> ((from + i) & 7)) & 1;
            levels[pageValues + i] = bit;
            nulls += bit ^ 1;
        }
        chunkNulls += nulls;
    }

    private void flushPage() {
        if (pageValues == 0) {
            return;
        }
        pageBody.reset();
        if (maxRepetitionLevel > 0) {
            int at = pageBody.skip(4);
            RleEncoder.encode(repLevels, pageValues, RleEncoder.bitWidth(maxRepetitionLevel), pageBody);
            LittleEndian.putInt(pageBody.array(), at, pageBody.size() - at - 4);
        }
        if (maxDefinitionLevel > 0) {
            int at = pageBody.skip(4);
            RleEncoder.encode(levels, pageValues, RleEncoder.bitWidth(maxDefinitionLevel), pageBody);
            LittleEndian.putInt(pageBody.array(), at, pageBody.size() - at - 4);
            encodings.add(Encoding.RLE);
        }
        Encoding encoding = encodePageValues(pageBody);
        encodings.add(encoding);
        PageHeader header = new PageHeader(PageType.DATA_PAGE, 0, 0);
        header.setData_page_header(new DataPageHeader(pageValues, encoding, Encoding.RLE, Encoding.RLE));
        writePage(header, pageBody, pages);
        chunkValues += pageValues;
        pageValues = 0;
    }

    private void writePage(PageHeader header, ByteSink body, ByteSink out) {
        ByteSink compressed = compressor.compress(body);
        header.setUncompressed_page_size(body.size());
        header.setCompressed_page_size(compressed.size());
        int before = out.size();
        try {
            Util.writePageHeader(header, out.asOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int headerBytes = out.size() - before;
        out.write(compressed);
        chunkUncompressed += headerBytes + body.size();
        chunkCompressed += headerBytes + compressed.size();
    }

    /**
     * Writes the row group's column chunk (dictionary page then data pages) at {@code position} of {@code out},
     * returns its metadata, and resets for the next row group.
     */
    public final ColumnChunk finish(OutputStream out, long position) throws IOException {
        flushPage();
        ByteSink dictPage = new ByteSink(0);
        ByteSink dictBody = new ByteSink(1 << 12);
        int dictEntries = encodeDictionary(dictBody);
        if (dictEntries >= 0) {
            PageHeader header = new PageHeader(PageType.DICTIONARY_PAGE, 0, 0);
            header.setDictionary_page_header(new DictionaryPageHeader(dictEntries, Encoding.PLAIN));
            writePage(header, dictBody, dictPage);
            encodings.add(Encoding.PLAIN);
        }
        dictPage.writeTo(out);
        long dataOffset = position + dictPage.size();
        pages.writeTo(out);
        List<Encoding> encodingList = new ArrayList<>(encodings);
        ColumnMetaData md = new ColumnMetaData(physicalType, encodingList, path, compressor.codec(),
                chunkValues, chunkUncompressed, chunkCompressed, dataOffset);
        if (dictEntries >= 0) {
            md.setDictionary_page_offset(position);
        }
        Statistics stats = new Statistics();
        stats.setNull_count(chunkNulls);
        if (chunkNulls < chunkValues) {
            fillStatistics(stats);
        }
        md.setStatistics(stats);
        ColumnChunk chunk = new ColumnChunk(position);
        chunk.setMeta_data(md);

        pages.reset();
        chunkValues = 0;
        chunkNulls = 0;
        chunkUncompressed = 0;
        chunkCompressed = 0;
        rawBytes = 0;
        encodings.clear();
        resetChunk();
        return chunk;
    }
}
