package io.daft.parquet.write;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.Statistics;
import org.apache.parquet.format.Type;

import java.util.Arrays;

/**
 * FLOAT and DOUBLE columns, PLAIN encoded. Statistics skip NaN (as the format asks) and widen a zero bound to
 * -0.0 / +0.0 so readers that compare with either zero prune correctly.
 */
public final class FloatingColumnWriter extends ColumnChunkWriter {
    private final boolean isDouble;
    private final int width;
    private double[] values = new double[1024];
    private int count;
    private boolean hasStats;
    private double min;
    private double max;

    public FloatingColumnWriter(ColumnSpec spec, boolean isDouble, PageCompressor compressor,
            int pageSizeBytes) {
        super(spec.path(), spec.maxDefinitionLevel(), spec.maxRepetitionLevel(), isDouble ? Type.DOUBLE : Type.FLOAT, compressor, pageSizeBytes);
        this.isDouble = isDouble;
        this.width = isDouble ? 8 : 4;
    }

    @Override
    protected int appendValues(FieldVector v, ArrowBuf validity, boolean hasNulls, int from, int to) {
        long room = Math.max(1, (pageSizeBytes - pageValueBytes()) / width);
        int end = (int) Math.min(to, from + room);
        if (count + (end - from) > values.length) {
            values = Arrays.copyOf(values, Math.max(values.length * 2, count + (end - from)));
        }
        double[] vals = values;
        int k = count;
        ArrowBuf data = v.getDataBuffer();
        if (isDouble) {
            for (int i = from; i < end; i++) {
                if (!hasNulls || isValid(validity, i)) {
                    vals[k++] = data.getDouble((long) i << 3);
                }
            }
        } else {
            for (int i = from; i < end; i++) {
                if (!hasNulls || isValid(validity, i)) {
                    vals[k++] = data.getFloat((long) i << 2);
                }
            }
        }
        double lo = hasStats ? min : Double.NaN;
        double hi = hasStats ? max : Double.NaN;
        for (int i = count; i < k; i++) {
            double x = vals[i];
            if (x != x) {
                continue;
            }
            if (lo != lo || x < lo) {
                lo = x;
            }
            if (hi != hi || x > hi) {
                hi = x;
            }
        }
        if (lo == lo) {
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
        int at = out.skip(count * width);
        byte[] b = out.array();
        if (isDouble) {
            for (int i = 0; i < count; i++) {
                LittleEndian.putLong(b, at + (i << 3), Double.doubleToRawLongBits(values[i]));
            }
        } else {
            for (int i = 0; i < count; i++) {
                LittleEndian.putInt(b, at + (i << 2), Float.floatToRawIntBits((float) values[i]));
            }
        }
        count = 0;
        return Encoding.PLAIN;
    }

    @Override
    protected int encodeDictionary(ByteSink out) {
        return -1;
    }

    @Override
    protected void fillStatistics(Statistics stats) {
        if (!hasStats) {
            return;
        }
        double lo = min == 0.0 ? -0.0 : min;
        double hi = max == 0.0 ? 0.0 : max;
        byte[] l = isDouble ? LittleEndian.longBytes(Double.doubleToRawLongBits(lo))
                : LittleEndian.intBytes(Float.floatToRawIntBits((float) lo));
        byte[] h = isDouble ? LittleEndian.longBytes(Double.doubleToRawLongBits(hi))
                : LittleEndian.intBytes(Float.floatToRawIntBits((float) hi));
        stats.setMin_value(l);
        stats.setMax_value(h);
        stats.setMin(l);
        stats.setMax(h);
    }

    @Override
    protected void resetChunk() {
        hasStats = false;
    }
}
