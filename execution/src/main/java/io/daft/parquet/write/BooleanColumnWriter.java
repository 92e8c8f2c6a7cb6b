package io.daft.parquet.write;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.Statistics;
import org.apache.parquet.format.Type;

import java.util.Arrays;

/** BOOLEAN columns, PLAIN encoded (bit-packed, least significant bit first). */
public final class BooleanColumnWriter extends ColumnChunkWriter {
    private byte[] values = new byte[1024];
    private int count;
    private boolean seenTrue;
    private boolean seenFalse;

    public BooleanColumnWriter(ColumnSpec spec, PageCompressor compressor, int pageSizeBytes) {
        super(spec.path(), spec.maxDefinitionLevel(), spec.maxRepetitionLevel(), Type.BOOLEAN, compressor, pageSizeBytes);
    }

    @Override
    protected int appendValues(FieldVector v, ArrowBuf validity, boolean hasNulls, int from, int to) {
        long room = Math.max(8, (pageSizeBytes - pageValueBytes()) * 8L);
        int end = (int) Math.min(to, from + room);
        if (count + (end - from) > values.length) {
            values = Arrays.copyOf(values, Math.max(values.length * 2, count + (end - from)));
        }
        ArrowBuf data = v.getDataBuffer();
        int k = count;
        int trues = 0;
        for (int i = from; i < end; i++) {
            if (!hasNulls || isValid(validity, i)) {
                int bit = (data.getByte(i >>> 3) >>> (i & 7)) & 1;
                values[k++] = (byte) bit;
                trues += bit;
            }
        }
        int added = k - count;
        seenTrue |= trues > 0;
        seenFalse |= trues < added;
        rawBytes += (added + 7) / 8;
        count = k;
        return end;
    }

    @Override
    protected long pageValueBytes() {
        return (count + 7) / 8;
    }

    @Override
    protected Encoding encodePageValues(ByteSink out) {
        int bytes = (count + 7) / 8;
        int at = out.skip(bytes);
        byte[] b = out.array();
        Arrays.fill(b, at, at + bytes, (byte) 0);
        for (int i = 0; i < count; i++) {
            b[at + (i >>> 3)] |= (byte) (values[i] << (i & 7));
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
        if (!seenTrue && !seenFalse) {
            return;
        }
        byte[] lo = {(byte) (seenFalse ? 0 : 1)};
        byte[] hi = {(byte) (seenTrue ? 1 : 0)};
        stats.setMin_value(lo);
        stats.setMax_value(hi);
        stats.setMin(lo);
        stats.setMax(hi);
    }

    @Override
    protected void resetChunk() {
        seenTrue = false;
        seenFalse = false;
    }
}
