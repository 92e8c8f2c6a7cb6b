package io.daft.parquet.write;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.Statistics;
import org.apache.parquet.format.Type;

import java.util.Arrays;

/**
 * INT32 and INT64 columns: our integers, dates, timestamps, small decimals and the all-null type. Values are
 * buffered as longs; a page is dictionary encoded while the chunk's dictionary stays small and pays off.
 * Statistics compare signed.
 */
public final class IntegerColumnWriter extends ColumnChunkWriter {
    /** How values are laid out in the Arrow vector. */
    public enum Source {
        INT8, INT16, INT32, INT64, DECIMAL128, TIMESTAMP_SECONDS_TO_MILLIS
    }

    private final Source source;
    private final int width;
    private final boolean dictionaryEnabled;

    private long[] values = new long[1024];
    private int count;
    private int[] ids = new int[0];
    private final LongDictionary dictionary = new LongDictionary();
    private boolean dictionaryMode;
    private boolean dictionaryUsed;
    private boolean hasStats;
    private long min;
    private long max;

    public IntegerColumnWriter(ColumnSpec spec, boolean int64, Source source,
            PageCompressor compressor, int pageSizeBytes, boolean dictionaryEnabled) {
        super(spec.path(), spec.maxDefinitionLevel(), spec.maxRepetitionLevel(), int64 ? Type.INT64 : Type.INT32, compressor, pageSizeBytes);
        this.source = source;
        this.width = int64 ? 8 : 4;
        this.dictionaryEnabled = dictionaryEnabled;
        this.dictionaryMode = dictionaryEnabled;
    }

    @Override
    protected int appendValues(FieldVector v, ArrowBuf validity, boolean hasNulls, int from, int to) {
        long room = Math.max(1, (pageSizeBytes - pageValueBytes()) / width);
        int end = (int) Math.min(to, from + room);
        if (count + (end - from) > values.length) {
            values = Arrays.copyOf(values, Math.max(values.length * 2, count + (end - from)));
        }
        long[] vals = values;
        int k = count;
        ArrowBuf data = v.getDataBuffer();
        switch (source) {
            case INT8:
                for (int i = from; i < end; i++) {
                    if (!hasNulls || isValid(validity, i)) {
                        vals[k++] = data.getByte(i);
                    }
                }
                break;
            case INT16:
                for (int i = from; i < end; i++) {
                    if (!hasNulls || isValid(validity, i)) {
                        vals[k++] = data.getShort((long) i << 1);
                    }
                }
                break;
            case INT32:
                for (int i = from; i < end; i++) {
                    if (!hasNulls || isValid(validity, i)) {
                        vals[k++] = data.getInt((long) i << 2);
                    }
                }
                break;
            case INT64:
                for (int i = from; i < end; i++) {
                    if (!hasNulls || isValid(validity, i)) {
                        vals[k++] = data.getLong((long) i << 3);
                    }
                }
                break;
            case DECIMAL128:
                // precision <= 18: the value fits the low 64 bits of the little-endian 128-bit integer
                for (int i = from; i < end; i++) {
                    if (!hasNulls || isValid(validity, i)) {
                        vals[k++] = data.getLong((long) i << 4);
                    }
                }
                break;
            case TIMESTAMP_SECONDS_TO_MILLIS:
                for (int i = from; i < end; i++) {
                    if (!hasNulls || isValid(validity, i)) {
                        vals[k++] = Math.multiplyExact(data.getLong((long) i << 3), 1000L);
                    }
                }
                break;
            default:
                throw new AssertionError(source);
        }
        if (k > count) {
            long lo = hasStats ? min : vals[count];
            long hi = hasStats ? max : vals[count];
            for (int i = count; i < k; i++) {
                long x = vals[i];
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
            min = lo;
            max = hi;
            hasStats = true;
        }
        rawBytes += (long) (k - count) * width;
        count = k;
        return end;
    }

    @Override
    protected long pageValueBytes() {
        return (long) count * width;
    }

    @Override
    protected Encoding encodePageValues(ByteSink out) {
        if (dictionaryMode) {
            int before = dictionary.size();
            if (ids.length < count) {
                ids = new int[Math.max(count, ids.length * 2)];
            }
            for (int i = 0; i < count; i++) {
                ids[i] = dictionary.getOrAdd(values[i]);
            }
            int size = dictionary.size();
            int bitWidth = RleEncoder.bitWidth(size - 1);
            boolean tooBig = (long) size * width > pageSizeBytes;
            boolean poor = !dictionaryUsed && (long) size * width + (long) count * bitWidth / 8 + 2 >= (long) count * width;
            if (tooBig || poor) {
                dictionaryMode = false;
                if (dictionaryUsed) {
                    dictionary.truncate(before);
                } else {
                    dictionary.clear();
                }
            } else {
                dictionaryUsed = true;
                out.writeByte(bitWidth);
                RleEncoder.encode(ids, count, bitWidth, out);
                count = 0;
                return Encoding.RLE_DICTIONARY;
            }
        }
        int at = out.skip(count * width);
        byte[] b = out.array();
        if (width == 4) {
            for (int i = 0; i < count; i++) {
                LittleEndian.putInt(b, at + (i << 2), (int) values[i]);
            }
        } else {
            for (int i = 0; i < count; i++) {
                LittleEndian.putLong(b, at + (i << 3), values[i]);
            }
        }
        count = 0;
        return Encoding.PLAIN;
    }

    @Override
    protected int encodeDictionary(ByteSink out) {
        if (!dictionaryUsed) {
            return -1;
        }
        int size = dictionary.size();
        for (int id = 0; id < size; id++) {
            if (width == 4) {
                out.writeIntLE((int) dictionary.value(id));
            } else {
                out.writeLongLE(dictionary.value(id));
            }
        }
        return size;
    }

    @Override
    protected void fillStatistics(Statistics stats) {
        if (!hasStats) {
            return;
        }
        byte[] lo = width == 4 ? LittleEndian.intBytes((int) min) : LittleEndian.longBytes(min);
        byte[] hi = width == 4 ? LittleEndian.intBytes((int) max) : LittleEndian.longBytes(max);
        stats.setMin_value(lo);
        stats.setMax_value(hi);
        // the legacy fields share the signed order here, so older readers can use them too
        stats.setMin(lo);
        stats.setMax(hi);
    }

    @Override
    protected void resetChunk() {
        dictionary.clear();
        dictionaryMode = dictionaryEnabled;
        dictionaryUsed = false;
        hasStats = false;
    }
}
