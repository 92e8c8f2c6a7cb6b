package io.daft.parquet;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;


/**
 * Decodes the values section of one data page, a run of values at a time, densely into an Arrow vector laid out
 * as {@link PhysicalLayout}. One virtual call per run; the loops inside are type-specialised.
 */
abstract class ValuesDecoder {
    /** Decodes the next {@code n} values into rows {@code [at, at+n)} of {@code out}. */
    abstract void decode(int n, FieldVector out, int at);

    /**
     * How many of the next {@code n} values (at most {@code n}) fit in {@code room} bytes of a variable-width
     * vector's data buffer, without consuming them: lets a reader start a new vector before one would exceed
     * Arrow's 2 GiB limit. Fixed-width values are never the problem (a row group has fewer than 2^31 values),
     * so the default is {@code n}. Malformed data is left for {@link #decode} to report.
     */
    int fit(int n, long room) {
        return n;
    }

    /**
     * Decodes {@code valid} values into the rows {@code at + i} of {@code i < k} whose level {@code def[i]} is
     * {@code maxDef}, leaving the other (null) rows' data alone; returns false, consuming nothing, when this
     * decoder cannot (the caller then decodes densely and moves values to their rows).
     */
    boolean decodeSpaced(int k, int valid, int[] def, int maxDef, FieldVector out, int at) {
        return false;
    }

    /** Above this many bytes, binary values are copied straight into Arrow rather than staged on the heap. */
    static final long STAGE_LIMIT = 16L << 20;

    // ---------------------------------------------------------------------------------------------- PLAIN

    static final class PlainFixed extends ValuesDecoder {
        private final byte[] data;
        private final int end;
        private final int width;
        private int pos;

        PlainFixed(byte[] data, int pos, int end, int width) {
            this.data = data;
            this.pos = pos;
            this.end = end;
            this.width = width;
        }

        @Override
        void decode(int n, FieldVector out, int at) {
            long bytes = (long) n * width;
            if (pos + bytes > end) {
                throw new IllegalStateException("page holds fewer values than its header says");
            }
            out.getDataBuffer().setBytes((long) at * width, data, pos, bytes);
            pos += (int) bytes;
        }

        @Override
        boolean decodeSpaced(int k, int valid, int[] def, int maxDef, FieldVector out, int at) {
            if (pos + (long) valid * width > end) {
                throw new IllegalStateException("page holds fewer values than its header says");
            }
            // nulls are rare in most data: copy each run of non-null rows in one go
            ArrowBuf dst = out.getDataBuffer();
            int i = 0;
            while (i < k) {
                if (def[i] != maxDef) {
                    i++;
                    continue;
                }
                int j = i + 1;
                while (j < k && def[j] == maxDef) {
                    j++;
                }
                int bytes = (j - i) * width;
                dst.setBytes((long) (at + i) * width, data, pos, bytes);
                pos += bytes;
                i = j;
            }
            return true;
        }
    }

    static final class PlainInt96 extends ValuesDecoder {
        private final byte[] data;
        private final int end;
        private int pos;

        PlainInt96(byte[] data, int pos, int end) {
            this.data = data;
            this.pos = pos;
            this.end = end;
        }

        @Override
        void decode(int n, FieldVector out, int at) {
            if (pos + (long) n * 12 > end) {
                throw new IllegalStateException("page holds fewer values than its header says");
            }
            ArrowBuf buf = out.getDataBuffer();
            for (int i = 0; i < n; i++) {
                buf.setLong((long) (at + i) << 3, Plain.int96ToMicros(data, pos));
                pos += 12;
            }
        }
    }

    static final class PlainBoolean extends ValuesDecoder {
        private final byte[] data;
        private final int end;
        private long bit;

        PlainBoolean(byte[] data, int pos, int end) {
            this.data = data;
            this.bit = (long) pos * 8;
            this.end = end;
        }

        @Override
        void decode(int n, FieldVector out, int at) {
            if (bit + n > (long) end * 8) {
                throw new IllegalStateException("page holds fewer values than its header says");
            }
            ArrowBuf buf = out.getDataBuffer();
            for (int i = 0; i < n; i++, bit++) {
                int v = (data[(int) (bit >>> 3)] >>> (int) (bit & 7)) & 1;
                BitVectorHelper.setValidityBit(buf, at + i, v);
            }
        }
    }

    static final class PlainByteArray extends ValuesDecoder {
        private final byte[] data;
        private final int end;
        private int pos;

        PlainByteArray(byte[] data, int pos, int end) {
            this.data = data;
            this.pos = pos;
            this.end = end;
        }

        @Override
        void decode(int n, FieldVector out, int at) {
            BaseVariableWidthVector v = (BaseVariableWidthVector) out;
            // First pass: validate lengths and size the data buffer once.
            long total = 0;
            int p = pos;
            for (int i = 0; i < n; i++) {
                if (p + 4 > end) {
                    throw new IllegalStateException("page holds fewer values than its header says");
                }
                int len = Plain.readIntLE(data, p);
                if (len < 0 || p + 4L + len > end) {
                    throw new IllegalStateException("binary value runs past the end of its page");
                }
                p += 4 + len;
                total += len;
            }
            ArrowBuf offsets = v.getOffsetBuffer();
            int start = offsets.getInt((long) at << 2);
            BinaryOut.ensureData(v, start + total);
            if (total > STAGE_LIMIT) {
                // huge values: copy each straight into Arrow instead of holding a second heap copy
                ArrowBuf dst = v.getDataBuffer();
                long o = start;
                for (int i = 0; i < n; i++) {
                    int len = Plain.readIntLE(data, pos);
                    dst.setBytes(o, data, pos + 4, len);
                    pos += 4 + len;
                    o += len;
                    offsets.setInt((long) (at + i + 1) << 2, (int) o);
                }
                return;
            }
            // Compact into a heap array with arraycopy (cheap for short values), then one bulk copy to Arrow.
            byte[] stage = Staging.get((int) total);
            int o = 0;
            for (int i = 0; i < n; i++) {
                int len = Plain.readIntLE(data, pos);
                System.arraycopy(data, pos + 4, stage, o, len);
                pos += 4 + len;
                o += len;
                offsets.setInt((long) (at + i + 1) << 2, start + o);
            }
            v.getDataBuffer().setBytes(start, stage, 0, total);
        }

        @Override
        int fit(int n, long room) {
            long total = 0;
            int p = pos;
            for (int i = 0; i < n; i++) {
                if (p + 4 > end) {
                    return n;
                }
                int len = Plain.readIntLE(data, p);
                if (len < 0) {
                    return n;
                }
                total += len;
                if (total > room) {
                    return i;
                }
                p += 4 + len;
            }
            return n;
        }
    }

    static final class PlainFixedLenByteArray extends ValuesDecoder {
        private final byte[] data;
        private final int end;
        private final int length;
        private int pos;

        PlainFixedLenByteArray(byte[] data, int pos, int end, int length) {
            this.data = data;
            this.pos = pos;
            this.end = end;
            this.length = length;
        }

        @Override
        void decode(int n, FieldVector out, int at) {
            long bytes = (long) n * length;
            if (pos + bytes > end) {
                throw new IllegalStateException("page holds fewer values than its header says");
            }
            BaseVariableWidthVector v = (BaseVariableWidthVector) out;
            ArrowBuf offsets = v.getOffsetBuffer();
            int start = offsets.getInt((long) at << 2);
            BinaryOut.ensureData(v, start + bytes);
            v.getDataBuffer().setBytes(start, data, pos, bytes);
            for (int i = 1; i <= n; i++) {
                offsets.setInt((long) (at + i) << 2, start + i * length);
            }
            pos += (int) bytes;
        }

        @Override
        int fit(int n, long room) {
            return (int) Math.min(n, room / Math.max(length, 1));
        }
    }

    // ---------------------------------------------------------------------------------------------- dictionary

    /** Dictionary ids (RLE/bit-packed hybrid, bit width in the first byte) gathered from the chunk's dictionary. */
    static final class DictionaryIds extends ValuesDecoder {
        private final Dictionary dict;
        private final PhysicalLayout layout;
        private final RleBitPackedDecoder ids;
        /** Ids read ahead (by {@link #fit}) but not yet decoded: {@code ahead[aheadPos, aheadLen)}. */
        private int[] ahead = new int[0];
        private int aheadPos;
        private int aheadLen;
        /** Row ids (with -1 for nulls) when the caller wants no codes. */
        private int[] rowScratch = new int[0];

        DictionaryIds(Dictionary dict, PhysicalLayout layout, byte[] data, int pos, int end) {
            if (dict == null) {
                throw new IllegalStateException("dictionary-encoded page but the column chunk has no dictionary page");
            }
            if (pos >= end) {
                // A page of only nulls may have no ids at all.
                this.ids = new RleBitPackedDecoder(data, pos, end, 0);
            } else {
                this.ids = new RleBitPackedDecoder(data, pos + 1, end, data[pos] & 0xff);
            }
            this.dict = dict;
            this.layout = layout;
        }

        /** Makes sure the next {@code n} ids are in {@code ahead}, from {@code aheadPos}. */
        private void peek(int n) {
            int have = aheadLen - aheadPos;
            if (have >= n && aheadPos == 0) {
                return;
            }
            if (ahead.length < n) {
                int[] a = new int[Math.max(n, 1024)];
                System.arraycopy(ahead, aheadPos, a, 0, have);
                ahead = a;
            } else if (aheadPos > 0) {
                System.arraycopy(ahead, aheadPos, ahead, 0, have);
            }
            aheadPos = 0;
            aheadLen = have;
            if (have < n) {
                ids.readInts(ahead, have, n - have);
                aheadLen = n;
            }
        }

        @Override
        int fit(int n, long room) {
            if (layout != PhysicalLayout.BINARY) {
                return n;
            }
            peek(n);
            int[] offs = dict.offsets;
            long total = 0;
            for (int i = 0; i < n; i++) {
                int id = ahead[i];
                if (id < 0 || id >= dict.size) {
                    return n;
                }
                total += offs[id + 1] - offs[id];
                if (total > room) {
                    return i;
                }
            }
            return n;
        }

        /** The dictionary these ids index. */
        Dictionary dictionary() {
            return dict;
        }

        @Override
        void decode(int n, FieldVector out, int at) {
            takeIds(n);
            writeRows(ahead, 0, n, out, at);
        }

        /**
         * Decodes {@code k} rows into rows {@code [at, at+k)} of {@code out}: row {@code i} has the next value when
         * {@code def} is null or {@code def[i] == maxDef} ({@code valid} rows in all) and is null otherwise (zero or
         * empty in the data, so no second pass moves values to their rows). When {@code codes} is given, each row's
         * dictionary id, or -1 for a null, goes to {@code codes[at + i]}. Validity is the caller's.
         */
        void decodeRows(int k, int valid, int[] def, int maxDef, FieldVector out, int at, int[] codes) {
            takeIds(valid);
            if (def == null && codes == null) {
                writeRows(ahead, 0, k, out, at);   // every row has a value: the ids as read
                return;
            }
            // each row's id (-1 for a null) goes to the caller's codes, or to scratch when it wants none
            int[] rowIds = codes != null ? codes : scratch(k);
            int from = codes != null ? at : 0;
            if (def == null) {
                System.arraycopy(ahead, 0, rowIds, from, k);
            } else {
                int j = 0;
                for (int i = 0; i < k; i++) {
                    rowIds[from + i] = def[i] == maxDef ? ahead[j++] : -1;
                }
            }
            writeRows(rowIds, from, k, out, at);
        }

        private int[] scratch(int k) {
            if (rowScratch.length < k) {
                rowScratch = new int[Math.max(k, 1024)];
            }
            return rowScratch;
        }

        /** Consumes the next {@code n} ids into {@code ahead[0, n)}, checking each is in the dictionary. */
        private void takeIds(int n) {
            peek(n);
            aheadPos = n;
            int[] id = ahead;
            int size = dict.size;
            for (int i = 0; i < n; i++) {
                if (id[i] >= size || id[i] < 0) {
                    throw new IllegalStateException("dictionary id " + id[i] + " is out of range: the dictionary has " + size + " values");
                }
            }
        }

        /** Writes the values of ids {@code ids[from, from+n)} (-1: a null, left zero/empty) to rows {@code [at, at+n)}. */
        private void writeRows(int[] ids, int from, int n, FieldVector out, int at) {
            switch (layout) {
                case FIXED4: {
                    ArrowBuf dst = out.getDataBuffer();
                    int[] d = dict.ints;
                    for (int i = 0; i < n; i++) {
                        int id = ids[from + i];
                        dst.setInt((long) (at + i) << 2, id < 0 ? 0 : d[id]);
                    }
                    break;
                }
                case FIXED8: {
                    ArrowBuf dst = out.getDataBuffer();
                    long[] d = dict.longs;
                    for (int i = 0; i < n; i++) {
                        int id = ids[from + i];
                        dst.setLong((long) (at + i) << 3, id < 0 ? 0 : d[id]);
                    }
                    break;
                }
                case BINARY: {
                    BaseVariableWidthVector v = (BaseVariableWidthVector) out;
                    int[] offs = dict.offsets;
                    long total = 0;
                    for (int i = 0; i < n; i++) {
                        int id = ids[from + i];
                        total += id < 0 ? 0 : offs[id + 1] - offs[id];
                    }
                    ArrowBuf offsets = v.getOffsetBuffer();
                    int start = offsets.getInt((long) at << 2);
                    BinaryOut.ensureData(v, start + total);
                    byte[] bytes = dict.bytes;
                    ArrowBuf dst = v.getDataBuffer();
                    // short values are written as two whole words where the buffer has room for the spare bytes
                    long wordsUpTo = dst.capacity() - Dictionary.SHORT_COPY_PAD;
                    long o = start;
                    for (int i = 0; i < n; i++) {
                        int id = ids[from + i];
                        if (id >= 0) {
                            int s = offs[id];
                            int len = offs[id + 1] - s;
                            if (len <= Dictionary.SHORT_COPY_PAD && o <= wordsUpTo) {
                                dst.setLong(o, Plain.readLongLE(bytes, s));
                                dst.setLong(o + 8, Plain.readLongLE(bytes, s + 8));
                            } else {
                                dst.setBytes(o, bytes, s, len);
                            }
                            o += len;
                        }
                        offsets.setInt((long) (at + i + 1) << 2, (int) o);
                    }
                    break;
                }
                default:
                    throw new IllegalStateException("dictionary encoding is not valid for boolean columns");
            }
        }
    }

    /** A per-thread scratch array for compacting binary values before one bulk copy into Arrow. */
    static final class Staging {
        private static final ThreadLocal<byte[]> BUF = ThreadLocal.withInitial(() -> new byte[64 * 1024]);

        private Staging() {
        }

        static byte[] get(int size) {
            byte[] b = BUF.get();
            if (b.length < size) {
                b = new byte[Math.max(size, b.length * 2)];
                if (b.length <= 64 * 1024 * 1024) {
                    BUF.set(b);   // keep it unless it is huge
                }
            }
            return b;
        }
    }

    // ---------------------------------------------------------------------------------------------- RLE booleans

    static final class RleBoolean extends ValuesDecoder {
        private final RleBitPackedDecoder bits;
        private int[] buf = new int[0];

        RleBoolean(byte[] data, int pos, int end) {
            if (pos + 4 > end) {
                throw new IllegalStateException("RLE boolean page is missing its length prefix");
            }
            int len = Plain.readIntLE(data, pos);
            if (len < 0 || pos + 4L + len > end) {
                throw new IllegalStateException("RLE boolean data runs past the end of its page");
            }
            this.bits = new RleBitPackedDecoder(data, pos + 4, pos + 4 + len, 1);
        }

        @Override
        void decode(int n, FieldVector out, int at) {
            if (buf.length < n) {
                buf = new int[Math.max(n, 1024)];
            }
            bits.readInts(buf, 0, n);
            ArrowBuf dst = out.getDataBuffer();
            for (int i = 0; i < n; i++) {
                BitVectorHelper.setValidityBit(dst, at + i, buf[i]);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- DELTA_*

    /** DELTA_BINARY_PACKED INT32/INT64: the page's values are decoded up front, then copied out in runs. */
    static final class DeltaInts extends ValuesDecoder {
        private final long[] values;
        private final boolean int32;
        private int next;

        DeltaInts(byte[] data, int pos, int end, boolean int32, int maxCount) {
            this.values = DeltaBinaryPacked.decode(data, pos, end, maxCount).values;
            this.int32 = int32;
        }

        @Override
        void decode(int n, FieldVector out, int at) {
            if (next + n > values.length) {
                throw new IllegalStateException("page holds fewer values than its header says");
            }
            ArrowBuf dst = out.getDataBuffer();
            long[] v = values;
            int s = next;
            if (int32) {
                for (int i = 0; i < n; i++) {
                    dst.setInt((long) (at + i) << 2, (int) v[s + i]);
                }
            } else {
                for (int i = 0; i < n; i++) {
                    dst.setLong((long) (at + i) << 3, v[s + i]);
                }
            }
            next += n;
        }
    }

    /** DELTA_LENGTH_BYTE_ARRAY: delta-packed lengths, then all the bytes back to back (one bulk copy per run). */
    static final class DeltaLengthByteArray extends ValuesDecoder {
        private final byte[] data;
        private final int end;
        private final long[] lengths;
        private int next;
        private int pos;

        DeltaLengthByteArray(byte[] data, int pos, int end, int maxCount) {
            DeltaBinaryPacked lens = DeltaBinaryPacked.decode(data, pos, end, maxCount);
            this.data = data;
            this.end = end;
            this.lengths = lens.values;
            this.pos = lens.end;
        }

        @Override
        void decode(int n, FieldVector out, int at) {
            if (next + n > lengths.length) {
                throw new IllegalStateException("page holds fewer values than its header says");
            }
            BaseVariableWidthVector v = (BaseVariableWidthVector) out;
            ArrowBuf offsets = v.getOffsetBuffer();
            int start = offsets.getInt((long) at << 2);
            long total = 0;
            for (int i = 0; i < n; i++) {
                long len = lengths[next + i];
                if (len < 0) {
                    throw new IllegalStateException("negative binary length");
                }
                total += len;
                offsets.setInt((long) (at + i + 1) << 2, (int) (start + total));
            }
            if (pos + total > end) {
                throw new IllegalStateException("binary values run past the end of their page");
            }
            BinaryOut.ensureData(v, start + total);
            v.getDataBuffer().setBytes(start, data, pos, total);
            pos += (int) total;
            next += n;
        }

        @Override
        int fit(int n, long room) {
            long total = 0;
            for (int i = 0; i < n && next + i < lengths.length; i++) {
                total += Math.max(0, lengths[next + i]);
                if (total > room) {
                    return i;
                }
            }
            return n;
        }
    }

    /** DELTA_BYTE_ARRAY: each value is a prefix of the previous one plus a suffix (DELTA_LENGTH_BYTE_ARRAY). */
    static final class DeltaByteArray extends ValuesDecoder {
        private final byte[] data;
        private final int end;
        private final long[] prefixes;
        private final long[] suffixLengths;
        private int next;
        private int pos;
        private byte[] previous = new byte[64];
        private int previousLength;

        DeltaByteArray(byte[] data, int pos, int end, int maxCount) {
            DeltaBinaryPacked pre = DeltaBinaryPacked.decode(data, pos, end, maxCount);
            DeltaBinaryPacked suf = DeltaBinaryPacked.decode(data, pre.end, end, maxCount);
            if (pre.values.length != suf.values.length) {
                throw new IllegalStateException("DELTA_BYTE_ARRAY prefix and suffix counts differ");
            }
            this.data = data;
            this.end = end;
            this.prefixes = pre.values;
            this.suffixLengths = suf.values;
            this.pos = suf.end;
        }

        @Override
        void decode(int n, FieldVector out, int at) {
            if (next + n > prefixes.length) {
                throw new IllegalStateException("page holds fewer values than its header says");
            }
            BaseVariableWidthVector v = (BaseVariableWidthVector) out;
            ArrowBuf offsets = v.getOffsetBuffer();
            int start = offsets.getInt((long) at << 2);
            long total = 0;
            for (int i = 0; i < n; i++) {
                long prefix = prefixes[next + i];
                long suffix = suffixLengths[next + i];
                if (prefix < 0 || suffix < 0 || (i == 0 && prefix > previousLength)) {
                    throw new IllegalStateException("invalid DELTA_BYTE_ARRAY lengths");
                }
                total += prefix + suffix;
            }
            if (total > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("binary values too large");
            }
            byte[] stage = Staging.get((int) total);
            int o = 0;
            for (int i = 0; i < n; i++) {
                int prefix = (int) prefixes[next + i];
                int suffix = (int) suffixLengths[next + i];
                if (prefix > previousLength || pos + (long) suffix > end) {
                    throw new IllegalStateException("invalid DELTA_BYTE_ARRAY data");
                }
                int len = prefix + suffix;
                if (previous.length < len) {
                    previous = java.util.Arrays.copyOf(previous, Math.max(len, previous.length * 2));
                }
                System.arraycopy(data, pos, previous, prefix, suffix);
                pos += suffix;
                previousLength = len;
                System.arraycopy(previous, 0, stage, o, len);
                o += len;
                offsets.setInt((long) (at + i + 1) << 2, start + o);
            }
            BinaryOut.ensureData(v, start + total);
            v.getDataBuffer().setBytes(start, stage, 0, total);
            next += n;
        }

        @Override
        int fit(int n, long room) {
            long total = 0;
            for (int i = 0; i < n && next + i < prefixes.length; i++) {
                total += Math.max(0, prefixes[next + i]) + Math.max(0, suffixLengths[next + i]);
                if (total > room) {
                    return i;
                }
            }
            return n;
        }
    }

    // ---------------------------------------------------------------------------------------------- BYTE_STREAM_SPLIT

    /**
     * BYTE_STREAM_SPLIT: byte k of every value sits in stream k (streams of N bytes back to back). Fixed widths
     * of 4 and 8 are reassembled into Arrow's data buffer; other widths (FIXED_LEN_BYTE_ARRAY) into binaries.
     */
    static final class ByteStreamSplit extends ValuesDecoder {
        private final byte[] data;
        private final int pos;
        private final int width;
        private final int count;
        private final boolean binary;
        private int next;

        ByteStreamSplit(byte[] data, int pos, int end, int width, boolean binary) {
            if (width <= 0 || (end - pos) % width != 0) {
                throw new IllegalStateException("BYTE_STREAM_SPLIT data of " + (end - pos) + " bytes is not a multiple of the value width " + width);
            }
            this.data = data;
            this.pos = pos;
            this.width = width;
            this.count = (end - pos) / width;
            this.binary = binary;
        }

        @Override
        void decode(int n, FieldVector out, int at) {
            if (next + n > count) {
                throw new IllegalStateException("page holds fewer values than its header says");
            }
            byte[] stage = Staging.get(n * width);
            for (int k = 0; k < width; k++) {
                int stream = pos + k * count + next;
                for (int i = 0; i < n; i++) {
                    stage[i * width + k] = data[stream + i];
                }
            }
            if (binary) {
                BaseVariableWidthVector v = (BaseVariableWidthVector) out;
                ArrowBuf offsets = v.getOffsetBuffer();
                int start = offsets.getInt((long) at << 2);
                BinaryOut.ensureData(v, start + (long) n * width);
                v.getDataBuffer().setBytes(start, stage, 0, (long) n * width);
                for (int i = 1; i <= n; i++) {
                    offsets.setInt((long) (at + i) << 2, start + i * width);
                }
            } else {
                out.getDataBuffer().setBytes((long) at * width, stage, 0, (long) n * width);
            }
            next += n;
        }

        @Override
        int fit(int n, long room) {
            return binary ? (int) Math.min(n, room / width) : n;
        }
    }
}
