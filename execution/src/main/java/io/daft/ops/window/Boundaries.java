package io.daft.ops.window;

import io.daft.ops.ColumnKind;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.ByteFunctionHelpers;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;

/**
 * Finds where adjacent rows of a sorted batch differ on key columns, one type-specialised loop per column:
 * the "new partition starts here" and "new peer group starts here" flags every window function works from.
 * Equality is SQL grouping equality, as in the sort and hash keys: nulls equal nulls, NaN equals NaN, and
 * -0.0 equals 0.0.
 */
final class Boundaries {
    private Boundaries() {
    }

    /** Sets {@code changed[i]} for every {@code i} in [1, n) whose value of {@code v} differs from row i - 1's. */
    static void markChanges(FieldVector v, int n, boolean[] changed) {
        ColumnKind kind = ColumnKind.of(v);
        if (kind == ColumnKind.NULL || n < 2) {
            return;
        }
        boolean nulls = v.getNullCount() > 0;
        if (nulls) {
            // validity transitions; rows where both sides are null are equal, where both are valid the value
            // loops below decide (they skip rows with a null side)
            ArrowBuf vb = v.getValidityBuffer();
            int prev = BitVectorHelper.get(vb, 0);
            for (int i = 1; i < n; i++) {
                int cur = BitVectorHelper.get(vb, i);
                if (cur != prev) {
                    changed[i] = true;
                }
                prev = cur;
            }
        }
        ArrowBuf vb = v.getValidityBuffer();
        ArrowBuf d = v.getDataBuffer();
        switch (kind) {
            case BOOL:
                for (int i = 1; i < n; i++) {
                    if (BitVectorHelper.get(d, i) != BitVectorHelper.get(d, i - 1) && bothValid(nulls, vb, i)) {
                        changed[i] = true;
                    }
                }
                break;
            case INT8:
                for (int i = 1; i < n; i++) {
                    if (d.getByte(i) != d.getByte(i - 1) && bothValid(nulls, vb, i)) {
                        changed[i] = true;
                    }
                }
                break;
            case INT16:
                for (int i = 1; i < n; i++) {
                    if (d.getShort((long) i << 1) != d.getShort((long) (i - 1) << 1) && bothValid(nulls, vb, i)) {
                        changed[i] = true;
                    }
                }
                break;
            case INT32:
                for (int i = 1; i < n; i++) {
                    if (d.getInt((long) i << 2) != d.getInt((long) (i - 1) << 2) && bothValid(nulls, vb, i)) {
                        changed[i] = true;
                    }
                }
                break;
            case INT64:
                for (int i = 1; i < n; i++) {
                    if (d.getLong((long) i << 3) != d.getLong((long) (i - 1) << 3) && bothValid(nulls, vb, i)) {
                        changed[i] = true;
                    }
                }
                break;
            case FLOAT32: {
                float prev = d.getFloat(0);
                for (int i = 1; i < n; i++) {
                    float cur = d.getFloat((long) i << 2);
                    // == treats -0.0 and 0.0 as equal; NaN is equal to NaN
                    if (cur != prev && !(cur != cur && prev != prev) && bothValid(nulls, vb, i)) {
                        changed[i] = true;
                    }
                    prev = cur;
                }
                break;
            }
            case FLOAT64: {
                double prev = d.getDouble(0);
                for (int i = 1; i < n; i++) {
                    double cur = d.getDouble((long) i << 3);
                    if (cur != prev && !(cur != cur && prev != prev) && bothValid(nulls, vb, i)) {
                        changed[i] = true;
                    }
                    prev = cur;
                }
                break;
            }
            case DECIMAL:
                for (int i = 1; i < n; i++) {
                    long a = (long) i << 4;
                    long b = (long) (i - 1) << 4;
                    if ((d.getLong(a) != d.getLong(b) || d.getLong(a + 8) != d.getLong(b + 8)) && bothValid(nulls, vb, i)) {
                        changed[i] = true;
                    }
                }
                break;
            case VARBINARY: {
                ArrowBuf off = v.getOffsetBuffer();
                int prevStart = off.getInt(0);
                int prevEnd = off.getInt(4);
                for (int i = 1; i < n; i++) {
                    int start = prevEnd;
                    int end = off.getInt((long) (i + 1) << 2);
                    if (!changed[i] && (end - start != prevEnd - prevStart
                            || ByteFunctionHelpers.equal(d, start, end, d, prevStart, prevEnd) == 0)
                            && bothValid(nulls, vb, i)) {
                        changed[i] = true;
                    }
                    prevStart = start;
                    prevEnd = end;
                }
                break;
            }
            default:
                throw new AssertionError(kind);
        }
    }

    private static boolean bothValid(boolean nulls, ArrowBuf vb, int i) {
        return !nulls || (BitVectorHelper.get(vb, i) & BitVectorHelper.get(vb, i - 1)) != 0;
    }
}
