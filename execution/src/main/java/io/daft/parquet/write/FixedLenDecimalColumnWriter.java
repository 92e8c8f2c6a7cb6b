package io.daft.parquet.write;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.Statistics;
import org.apache.parquet.format.Type;

import java.util.Arrays;

/**
 * Decimals of precision above 18 as FIXED_LEN_BYTE_ARRAY: big-endian two's complement in the fewest bytes the
 * precision needs, PLAIN encoded. Statistics compare signed (the DECIMAL sort order).
 */
public final class FixedLenDecimalColumnWriter extends ColumnChunkWriter {
    private final int typeLength;
    private final ByteSink values = new ByteSink(1 << 12);
    private int count;
    private boolean hasStats;
    private final byte[] min;
    private final byte[] max;

    public FixedLenDecimalColumnWriter(ColumnSpec spec, int typeLength, PageCompressor compressor,
            int pageSizeBytes) {
        super(spec.path(), spec.maxDefinitionLevel(), spec.maxRepetitionLevel(), Type.FIXED_LEN_BYTE_ARRAY, compressor, pageSizeBytes);
        this.typeLength = typeLength;
        this.min = new byte[typeLength];
        this.max = new byte[typeLength];
    }

    @Override
    protected int appendValues(FieldVector v, ArrowBuf validity, boolean hasNulls, int from, int to) {
        long room = Math.max(1, (pageSizeBytes - pageValueBytes()) / typeLength);
        int end = (int) Math.min(to, from + room);
        ArrowBuf data = v.getDataBuffer();
        int n = typeLength;
        int added = 0;
        for (int i = from; i < end; i++) {
            if (!hasNulls || isValid(validity, i)) {
                int at = values.skip(n);
                byte[] b = values.array();
                long base = (long) i << 4;
                for (int j = 0; j < n; j++) {
                    b[at + j] = data.getByte(base + n - 1 - j);
                }
                updateStats(b, at);
                added++;
            }
        }
        count += added;
        rawBytes += (long) added * n;
        return end;
    }

    private void updateStats(byte[] b, int at) {
        if (!hasStats) {
            System.arraycopy(b, at, min, 0, typeLength);
            System.arraycopy(b, at, max, 0, typeLength);
            hasStats = true;
        } else if (compareSigned(b, at, min) < 0) {
            System.arraycopy(b, at, min, 0, typeLength);
        } else if (compareSigned(b, at, max) > 0) {
            System.arraycopy(b, at, max, 0, typeLength);
        }
    }

    private int compareSigned(byte[] b, int at, byte[] other) {
        int c = Byte.compare(b[at], other[0]);
        if (c != 0) {
            return c;
        }
        return Arrays.compareUnsigned(b, at + 1, at + typeLength, other, 1, typeLength);
    }

    @Override
    protected long pageValueBytes() {
        return values.size();
    }

    @Override
    protected Encoding encodePageValues(ByteSink out) {
        out.write(values);
        values.reset();
        count = 0;
        return Encoding.PLAIN;
    }

    @Override
    protected int encodeDictionary(ByteSink out) {
        return -1;
    }

    @Override
    protected void fillStatistics(Statistics stats) {
        if (hasStats) {
            stats.setMin_value(min.clone());
            stats.setMax_value(max.clone());
        }
    }

    @Override
    protected void resetChunk() {
        hasStats = false;
    }
}
