package io.daft.parquet;

import io.daft.parquet.codec.ParquetDecompressor;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.parquet.format.CompressionCodec;
import org.apache.parquet.format.DataPageHeader;
import org.apache.parquet.format.DataPageHeaderV2;
import org.apache.parquet.format.DictionaryPageHeader;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.Type;
import org.apache.parquet.format.Util;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.zip.CRC32;

/**
 * Reads the pages of one column chunk (already in memory) and decodes levels and values. Flat columns are read
 * a batch at a time ({@link #readFlat}), values spaced out to their rows; nested leaves are read whole
 * ({@link #readAll}), values dense with their levels. Errors are unchecked exceptions; the caller adds the file,
 * column and row group.
 */
final class LeafReader {
    private final LeafColumn leaf;
    private final CompressionCodec codec;
    private final byte[] buf;
    private final int end;
    private final long totalValues;
    private final PositionedStream stream;
    private final PhysicalLayout layout;
    private final int maxPageBytes;

    private Dictionary dictionary;
    private long valuesSeen;
    private int pageRemaining;
    private IntDecoder defs;
    private IntDecoder reps;
    private ValuesDecoder values;
    private int[] defBuf = new int[0];
    private byte[] pageBuf = new byte[0];

    LeafReader(LeafColumn leaf, CompressionCodec codec, byte[] buf, int start, int end, long totalValues, long totalUncompressed) {
        // A page cannot be larger than its chunk; the bound keeps corrupt headers from allocating gigabytes
        // (at least 256 MiB, in case a writer got the chunk's uncompressed size wrong).
        this.maxPageBytes = (int) Math.min(Integer.MAX_VALUE - 16L, Math.max(Math.max(totalUncompressed, 0) + (1 << 20), 256L << 20));
        this.leaf = leaf;
        this.codec = codec;
        this.buf = buf;
        this.end = end;
        this.totalValues = totalValues;
        this.stream = new PositionedStream(buf, start, end);
        this.layout = leaf.layout();
    }

    /**
     * Reads the next {@code n} rows of a non-repeated column into rows {@code [0, n)} of {@code out}. When
     * {@code codes} is given, also writes each row's dictionary id (-1 for null) to {@code codes[0, n)} and returns
     * the dictionary when all {@code n} rows came from dictionary-encoded pages of that one dictionary (a writer may
     * fall back to plain pages mid-chunk); returns empty otherwise, and {@code codes} is then meaningless.
     */
    Optional<Dictionary> readFlat(FieldVector out, int n, int[] codes) {
        int filled = 0;
        int maxDef = leaf.maxDef();
        boolean coded = codes != null;
        Dictionary codedBy = null;
        while (filled < n) {
            while (pageRemaining == 0) {
                if (!nextDataPage()) {
                    throw new IllegalStateException("column chunk ends after " + valuesSeen + " values, before all rows were read");
                }
            }
            int k = Math.min(n - filled, pageRemaining);
            ValuesDecoder.DictionaryIds ids = values instanceof ValuesDecoder.DictionaryIds ? (ValuesDecoder.DictionaryIds) values : null;
            if (ids == null || (codedBy != null && codedBy != ids.dictionary())) {
                coded = false;
            } else {
                codedBy = ids.dictionary();
            }
            int[] codesOut = coded ? codes : null;
            if (maxDef == 0 || (defs instanceof RleBitPackedDecoder && ((RleBitPackedDecoder) defs).skipRun(maxDef, k))) {
                // required column, or a run of non-null values: no levels to look at
                if (ids != null) {
                    ids.decodeRows(k, k, null, maxDef, out, filled, codesOut);
                } else {
                    values.decode(k, out, filled);
                }
                setValidRange(out.getValidityBuffer(), filled, k);
            } else {
                if (defBuf.length < k) {
                    defBuf = new int[Math.max(k, 1024)];
                }
                int[] d = defBuf;
                defs.readInts(d, 0, k);
                int valid = 0;
                for (int i = 0; i < k; i++) {
                    valid += d[i] == maxDef ? 1 : 0;
                }
                if (ids != null) {
                    // values land in their rows directly, nulls left empty
                    ids.decodeRows(k, valid, d, maxDef, out, filled, codesOut);
                    setValidBits(out.getValidityBuffer(), filled, k, d, maxDef);
                } else if (valid == k) {
                    values.decode(valid, out, filled);
                    setValidRange(out.getValidityBuffer(), filled, k);
                } else if (values.decodeSpaced(k, valid, d, maxDef, out, filled)) {
                    setValidBits(out.getValidityBuffer(), filled, k, d, maxDef);
                } else {
                    if (valid > 0) {
                        values.decode(valid, out, filled);
                    }
                    spread(out, filled, k, valid, d, maxDef);
                }
            }
            pageRemaining -= k;
            filled += k;
        }
        return coded ? Optional.ofNullable(codedBy) : Optional.empty();
    }

    /**
     * Levels of a whole nested leaf chunk ({@code count} entries); its values (only where def == maxDef,
     * {@code valueCount} of them) are in the segments {@link #readAll} filled.
     */
    record Levels(int[] def, int[] rep, int count, int valueCount) {
    }

    /**
     * Reads every level and value of the chunk. Values go densely into vectors made by {@code newSegment}
     * (given an upper bound on the values still to come) and appended to {@code segments}; a new one is started
     * whenever the next binary value would take the current one's data past {@code maxBytes}, so no vector
     * outgrows Arrow's 32-bit offsets. Segments are appended as soon as they are made (the caller closes them,
     * also on failure) and are finished (value count set) when this returns.
     */
    Levels readAll(IntFunction<FieldVector> newSegment, long maxBytes, List<FieldVector> segments) {
        if (totalValues > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("column chunk has too many values: " + totalValues);
        }
        int total = (int) totalValues;
        int[] def = new int[total];
        int[] rep = new int[total];
        int count = 0;
        int valueCount = 0;
        int maxDef = leaf.maxDef();
        FieldVector seg = newSegment.apply(total);
        segments.add(seg);
        int segValues = 0;
        while (count < total) {
            while (pageRemaining == 0) {
                if (!nextDataPage()) {
                    throw new IllegalStateException("column chunk ends after " + count + " of its " + total + " values");
                }
            }
            int k = Math.min(pageRemaining, total - count);
            if (reps != null) {
                reps.readInts(rep, count, k);
            }
            int valid;
            if (defs != null) {
                defs.readInts(def, count, k);
                valid = 0;
                for (int i = count; i < count + k; i++) {
                    valid += def[i] == maxDef ? 1 : 0;
                }
            } else {
                java.util.Arrays.fill(def, count, count + k, maxDef);
                valid = k;
            }
            valueCount += valid;
            while (valid > 0) {
                int m = valid;
                if (layout == PhysicalLayout.BINARY) {
                    long used = seg.getOffsetBuffer().getInt((long) segValues << 2);
                    m = values.fit(valid, maxBytes - used);
                }
                if (m == 0) {
                    if (segValues == 0) {
                        throw new IllegalStateException("value " + (valueCount - valid) + " of the chunk is larger than " + maxBytes
                                + " bytes, more than one Arrow vector can hold");
                    }
                    finishSegment(seg, segValues);
                    seg = newSegment.apply(total - count);
                    segments.add(seg);
                    segValues = 0;
                    continue;
                }
                values.decode(m, seg, segValues);
                segValues += m;
                valid -= m;
            }
            count += k;
            pageRemaining -= k;
        }
        finishSegment(seg, segValues);
        return new Levels(def, rep, count, valueCount);
    }

    private static void finishSegment(FieldVector seg, int n) {
        setValidRange(seg.getValidityBuffer(), 0, n);
        ParquetBatchIterator.finishVariableWidth(seg, n);
    }

    // ------------------------------------------------------------------------------------------------ pages

    private boolean nextDataPage() {
        while (valuesSeen < totalValues && stream.position() < end) {
            PageHeader h;
            try {
                h = Util.readPageHeader(stream);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read page header: " + e.getMessage(), e);
            }
            int start = stream.position();
            int size = h.getCompressed_page_size();
            if (size < 0 || start + (long) size > end) {
                throw new IllegalStateException("page of " + size + " bytes runs past the end of its column chunk");
            }
            stream.skipTo(start + size);
            if (h.isSetCrc()) {
                CRC32 crc = new CRC32();
                crc.update(buf, start, size);
                if ((int) crc.getValue() != h.getCrc()) {
                    throw new IllegalStateException("page checksum mismatch (CRC32 of the page does not match its header)");
                }
            }
            if (h.getType() == null) {
                continue;   // a page type newer than this reader: carries nothing we read
            }
            switch (h.getType()) {
                case DICTIONARY_PAGE: {
                    DictionaryPageHeader dh = h.getDictionary_page_header();
                    if (dh == null) {
                        throw new IllegalStateException("dictionary page without a dictionary page header");
                    }
                    if (codec == CompressionCodec.UNCOMPRESSED) {
                        dictionary = Dictionary.decode(leaf.physicalType(), leaf.typeLength(), dh.getNum_values(), buf, start, start + size);
                    } else {
                        int n = decompressToPageBuffer(start, size, h.getUncompressed_page_size());
                        dictionary = Dictionary.decode(leaf.physicalType(), leaf.typeLength(), dh.getNum_values(), pageBuf, 0, n);
                    }
                    break;
                }
                case DATA_PAGE: {
                    DataPageHeader dh = h.getData_page_header();
                    if (dh == null) {
                        throw new IllegalStateException("data page without a data page header");
                    }
                    // Uncompressed pages are decoded in place, without a copy.
                    byte[] page;
                    int p;
                    int pageEnd;
                    if (codec == CompressionCodec.UNCOMPRESSED) {
                        page = buf;
                        p = start;
                        pageEnd = start + size;
                    } else {
                        pageEnd = decompressToPageBuffer(start, size, h.getUncompressed_page_size());
                        page = pageBuf;
                        p = 0;
                    }
                    int n = dh.getNum_values();
                    if (leaf.maxRep() > 0) {
                        int width = RleBitPackedDecoder.bitWidth(leaf.maxRep());
                        int len = levelsLength(dh.getRepetition_level_encoding(), page, p, pageEnd, n, width);
                        reps = levels(dh.getRepetition_level_encoding(), page, p, len, width);
                        p += len;
                    } else {
                        reps = null;
                    }
                    if (leaf.maxDef() > 0) {
                        int width = RleBitPackedDecoder.bitWidth(leaf.maxDef());
                        int len = levelsLength(dh.getDefinition_level_encoding(), page, p, pageEnd, n, width);
                        defs = levels(dh.getDefinition_level_encoding(), page, p, len, width);
                        p += len;
                    } else {
                        defs = null;
                    }
                    values = valuesDecoder(dh.getEncoding(), n, page, p, pageEnd);
                    startPage(n);
                    return true;
                }
                case DATA_PAGE_V2: {
                    DataPageHeaderV2 dh = h.getData_page_header_v2();
                    if (dh == null) {
                        throw new IllegalStateException("data page v2 without its header");
                    }
                    int repLen = dh.getRepetition_levels_byte_length();
                    int defLen = dh.getDefinition_levels_byte_length();
                    if (repLen < 0 || defLen < 0 || (long) repLen + defLen > size) {
                        throw new IllegalStateException("data page v2 level lengths exceed the page");
                    }
                    int n = dh.getNum_values();
                    reps = leaf.maxRep() > 0
                            ? new RleBitPackedDecoder(buf, start, start + repLen, RleBitPackedDecoder.bitWidth(leaf.maxRep())) : null;
                    defs = leaf.maxDef() > 0
                            ? new RleBitPackedDecoder(buf, start + repLen, start + repLen + defLen, RleBitPackedDecoder.bitWidth(leaf.maxDef())) : null;
                    int valuesStart = start + repLen + defLen;
                    int valuesLen = size - repLen - defLen;
                    boolean compressed = !dh.isSetIs_compressed() || dh.isIs_compressed();
                    int uncompressedValues = h.getUncompressed_page_size() - repLen - defLen;
                    if (compressed && codec != CompressionCodec.UNCOMPRESSED && valuesLen > 0) {
                        int valuesEnd = decompressToPageBuffer(valuesStart, valuesLen, uncompressedValues);
                        values = valuesDecoder(dh.getEncoding(), n - dh.getNum_nulls(), pageBuf, 0, valuesEnd);
                    } else {
                        values = valuesDecoder(dh.getEncoding(), n - dh.getNum_nulls(), buf, valuesStart, valuesStart + valuesLen);
                    }
                    startPage(n);
                    return true;
                }
                default:
                    // index pages and unknown page types carry no values
                    break;
            }
        }
        return false;
    }

    private void startPage(int n) {
        if (n < 0) {
            throw new IllegalStateException("data page with a negative value count");
        }
        pageRemaining = n;
        valuesSeen += n;
    }

    /** Bytes the levels take at {@code page[p]}, including the RLE length prefix. */
    private static int levelsLength(Encoding e, byte[] page, int p, int pageEnd, int n, int width) {
        if (e == Encoding.RLE) {
            if (p + 4 > pageEnd) {
                throw new IllegalStateException("data page is too short for its levels");
            }
            int len = Plain.readIntLE(page, p);
            if (len < 0 || p + 4L + len > pageEnd) {
                throw new IllegalStateException("level data runs past the end of its page");
            }
            return 4 + len;
        }
        if (e == Encoding.BIT_PACKED) {
            int len = BitPackedLevelDecoder.byteLength(n, width);
            if (p + (long) len > pageEnd) {
                throw new IllegalStateException("level data runs past the end of its page");
            }
            return len;
        }
        throw new IllegalStateException("level encoding " + e + " is not supported");
    }

    private static IntDecoder levels(Encoding e, byte[] page, int p, int len, int width) {
        if (e == Encoding.RLE) {
            return new RleBitPackedDecoder(page, p + 4, p + len, width);
        }
        return new BitPackedLevelDecoder(page, p, p + len, width);
    }

    /**
     * Decompresses a page into {@link #pageBuf}, reused from page to page (decoders of the previous page are done
     * with it by then; dictionaries copy out what they keep). Returns the page's length.
     */
    private int decompressToPageBuffer(int start, int size, int uncompressedSize) {
        if (uncompressedSize < 0 || uncompressedSize > maxPageBytes) {
            throw new IllegalStateException("page claims " + uncompressedSize + " uncompressed bytes, more than its column chunk ("
                    + maxPageBytes + ")");
        }
        if (pageBuf.length < uncompressedSize) {
            // Drop the old buffer first, and do not double huge pages: a 1 GiB page must not make a 2 GiB buffer.
            int grown = uncompressedSize > (64 << 20) ? uncompressedSize : Math.max(uncompressedSize, Math.min(maxPageBytes, pageBuf.length * 2));
            pageBuf = null;
            pageBuf = new byte[grown];
        }
        try {
            ParquetDecompressor.decompress(codec, buf, start, size, pageBuf, uncompressedSize);
        } catch (IOException e) {
            throw new IllegalStateException("cannot decompress " + codec + " page: " + e.getMessage(), e);
        }
        return uncompressedSize;
    }

    private ValuesDecoder valuesDecoder(Encoding encoding, int valueCount, byte[] d, int p, int e) {
        Type t = leaf.physicalType();
        switch (encoding) {
            case PLAIN:
                switch (t) {
                    case BOOLEAN: return new ValuesDecoder.PlainBoolean(d, p, e);
                    case INT32:
                    case FLOAT: return new ValuesDecoder.PlainFixed(d, p, e, 4);
                    case INT64:
                    case DOUBLE: return new ValuesDecoder.PlainFixed(d, p, e, 8);
                    case INT96: return new ValuesDecoder.PlainInt96(d, p, e);
                    case BYTE_ARRAY: return new ValuesDecoder.PlainByteArray(d, p, e);
                    default: return new ValuesDecoder.PlainFixedLenByteArray(d, p, e, leaf.typeLength());
                }
            case PLAIN_DICTIONARY:
            case RLE_DICTIONARY:
                return new ValuesDecoder.DictionaryIds(dictionary, layout, d, p, e);
            case RLE:
                if (t == Type.BOOLEAN) {
                    return new ValuesDecoder.RleBoolean(d, p, e);
                }
                break;
            case DELTA_BINARY_PACKED:
                if (t == Type.INT32 || t == Type.INT64) {
                    return new ValuesDecoder.DeltaInts(d, p, e, t == Type.INT32, valueCount);
                }
                break;
            case DELTA_LENGTH_BYTE_ARRAY:
                if (t == Type.BYTE_ARRAY) {
                    return new ValuesDecoder.DeltaLengthByteArray(d, p, e, valueCount);
                }
                break;
            case DELTA_BYTE_ARRAY:
                if (t == Type.BYTE_ARRAY || t == Type.FIXED_LEN_BYTE_ARRAY) {
                    return new ValuesDecoder.DeltaByteArray(d, p, e, valueCount);
                }
                break;
            case BYTE_STREAM_SPLIT:
                switch (t) {
                    case FLOAT:
                    case INT32: return new ValuesDecoder.ByteStreamSplit(d, p, e, 4, false);
                    case DOUBLE:
                    case INT64: return new ValuesDecoder.ByteStreamSplit(d, p, e, 8, false);
                    case FIXED_LEN_BYTE_ARRAY: return new ValuesDecoder.ByteStreamSplit(d, p, e, leaf.typeLength(), true);
                    default: break;
                }
                break;
            default:
                break;
        }
        throw new IllegalStateException("encoding " + encoding + " is not supported for " + t + " columns");
    }

    // ------------------------------------------------------------------------------------------------ nulls

    /** Moves {@code valid} dense values at rows [at, at+valid) to the rows whose level says non-null, and sets validity. */
    private void spread(FieldVector out, int at, int k, int valid, int[] d, int maxDef) {
        ArrowBuf validity = out.getValidityBuffer();
        int j = valid - 1;
        switch (layout) {
            case FIXED4: {
                ArrowBuf data = out.getDataBuffer();
                for (int i = k - 1; i >= 0; i--) {
                    if (d[i] == maxDef) {
                        data.setInt((long) (at + i) << 2, data.getInt((long) (at + j) << 2));
                        j--;
                    }
                }
                break;
            }
            case FIXED8: {
                ArrowBuf data = out.getDataBuffer();
                for (int i = k - 1; i >= 0; i--) {
                    if (d[i] == maxDef) {
                        data.setLong((long) (at + i) << 3, data.getLong((long) (at + j) << 3));
                        j--;
                    }
                }
                break;
            }
            case BOOLEAN: {
                ArrowBuf data = out.getDataBuffer();
                for (int i = k - 1; i >= 0; i--) {
                    if (d[i] == maxDef) {
                        BitVectorHelper.setValidityBit(data, at + i, BitVectorHelper.get(data, at + j));
                        j--;
                    } else {
                        BitVectorHelper.setValidityBit(data, at + i, 0);
                    }
                }
                break;
            }
            default: {
                // offsets[at + i + 1] is the end of row i; a null row ends where the previous value ended.
                ArrowBuf offsets = out.getOffsetBuffer();
                for (int i = k - 1; i >= 0; i--) {
                    int endOfPrev = offsets.getInt((long) (at + j + 1) << 2);
                    offsets.setInt((long) (at + i + 1) << 2, endOfPrev);
                    if (d[i] == maxDef) {
                        j--;
                    }
                }
                break;
            }
        }
        setValidBits(validity, at, k, d, maxDef);
    }

    /** Sets the validity bit of rows {@code at + i} whose level {@code d[i]} is {@code maxDef}, a byte at a time. */
    private static void setValidBits(ArrowBuf validity, int at, int k, int[] d, int maxDef) {
        int i = 0;
        for (; i < k && ((at + i) & 7) != 0; i++) {
            if (d[i] == maxDef) {
                BitVectorHelper.setBit(validity, at + i);
            }
        }
        for (; i + 8 <= k; i += 8) {
            int bits = 0;
            for (int j = 0; j < 8; j++) {
                bits |= (d[i + j] == maxDef ? 1 : 0) << j;
            }
            long index = (at + i) >>> 3;
            validity.setByte(index, validity.getByte(index) | bits);
        }
        for (; i < k; i++) {
            if (d[i] == maxDef) {
                BitVectorHelper.setBit(validity, at + i);
            }
        }
    }

    static void setValidRange(ArrowBuf validity, int start, int count) {
        int i = start;
        int end = start + count;
        while (i < end && (i & 7) != 0) {
            BitVectorHelper.setBit(validity, i++);
        }
        if (end - i >= 8) {
            int bytes = (end - i) >>> 3;
            validity.setOne(i >>> 3, bytes);
            i += bytes << 3;
        }
        while (i < end) {
            BitVectorHelper.setBit(validity, i++);
        }
    }

    /** A ByteArrayInputStream whose position can be read (to find where a Thrift page header ended). */
    private static final class PositionedStream extends ByteArrayInputStream {
        PositionedStream(byte[] buf, int offset, int end) {
            super(buf, offset, end - offset);
        }

        int position() {
            return pos;
        }

        void skipTo(int p) {
            pos = p;
        }
    }
}
