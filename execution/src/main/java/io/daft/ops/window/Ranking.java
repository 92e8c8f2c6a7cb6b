package io.daft.ops.window;

import io.daft.core.DaftException;
import io.daft.core.Field;
import org.apache.arrow.vector.FieldVector;

/** ROW_NUMBER, RANK, DENSE_RANK, PERCENT_RANK, CUME_DIST and NTILE from the partition/peer layout (frames are ignored). */
final class Ranking {
    private Ranking() {
    }

    static FieldVector compute(WindowCall call, WindowLayout l, Field out) {
        int n = l.n;
        long[] v = new long[Math.max(n, 1)];
        switch (call.op()) {
            case ROW_NUMBER:
                for (int i = 0; i < n; i++) {
                    v[i] = i - l.partStart[i] + 1;
                }
                return Outputs.longs(out, v, null, n);
            case RANK:
                for (int i = 0; i < n; i++) {
                    v[i] = l.peerStart[i] - l.partStart[i] + 1;
                }
                return Outputs.longs(out, v, null, n);
            case DENSE_RANK:
                for (int i = 0; i < n; i++) {
                    v[i] = l.peerIndex[i] + 1L;
                }
                return Outputs.longs(out, v, null, n);
            case PERCENT_RANK: {
                double[] d = new double[Math.max(n, 1)];
                for (int i = 0; i < n; i++) {
                    int size = l.partEnd[i] - l.partStart[i];
                    d[i] = size > 1 ? (double) (l.peerStart[i] - l.partStart[i]) / (size - 1) : 0.0;
                }
                return Outputs.doubles(out, d, null, n);
            }
            case CUME_DIST: {
                double[] d = new double[Math.max(n, 1)];
                for (int i = 0; i < n; i++) {
                    d[i] = (double) (l.peerEnd[i] - l.partStart[i]) / (l.partEnd[i] - l.partStart[i]);
                }
                return Outputs.doubles(out, d, null, n);
            }
            case NTILE: {
                long buckets = call.offset();
                if (buckets <= 0) {
                    throw new DaftException("NTILE '" + call.outputName() + "': bucket count must be positive, got " + buckets);
                }
                for (int i = 0; i < n; i++) {
                    // as PostgreSQL/DuckDB: the first (size % buckets) buckets get one extra row
                    long size = l.partEnd[i] - l.partStart[i];
                    long b = Math.min(buckets, size);
                    long small = size / b;
                    long large = size - b * small;
                    long bigRows = large * (small + 1);
                    long r = i - l.partStart[i];
                    v[i] = r < bigRows ? 1 + r / (small + 1) : 1 + large + (r - bigRows) / small;
                }
                return Outputs.longs(out, v, null, n);
            }
            default:
                throw new AssertionError(call.op());
        }
    }
}
