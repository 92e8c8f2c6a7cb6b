package io.daft.ops;

import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.dsl.eval.Columns;
import io.daft.dsl.eval.Utf8Column;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;

import java.util.List;

/**
 * Normalized keys of nested values: each list, map or struct becomes bytes whose unsigned lexicographic order is
 * DuckDB's order of the values and whose equality is DuckDB's equality (NULL elements and fields equal each other
 * and sort after every value; a list sorts before the lists it is a prefix of; structs compare field by field).
 * Hash tables (GROUP BY, DISTINCT, joins), partitioning and sorts then treat a nested column as the BINARY column of
 * its keys. A top-level NULL stays NULL (its place is the query's NULLS FIRST/LAST).
 *
 * <p>Column-wise: the child column is encoded once into one byte array, and each list row is one contiguous copy of
 * its elements' bytes; a struct row concatenates its fields' bytes. Inner encoding of a value: {@code 0x02} for NULL,
 * else {@code 0x01} then the value: integers, dates and timestamps as 8 big-endian bytes with the sign bit flipped;
 * floating point (-0.0 as 0.0, one NaN above everything) as its bits made order-preserving; decimals as 16 bytes;
 * booleans as one byte; strings and binaries with 0x00 escaped as 0x00 0x01 and ended by 0x00 0x00; lists as their
 * elements then 0x00; structs as their fields in order. Every encoding is prefix-free, so concatenations compare
 * element by element.
 */
public final class NestedKeys {
    private static final byte NULL_MARK = 0x02;
    private static final byte VALUE_MARK = 0x01;

    private NestedKeys() {
    }

    /** The BINARY key column of {@code v} (type {@code type}) over its first {@code n} rows. */
    public static FieldVector keys(FieldVector v, DataType type, int n, String name) {
        Encoded e = encode(v, type, n);
        byte[] validity = Columns.validity(v, n);
        // the top level drops the marker byte: NULL rows are NULL keys
        int[] offsets = new int[n + 1];
        int len = 0;
        for (int i = 0; i < n; i++) {
            if (Columns.get(validity, i)) {
                len += e.offsets[i + 1] - e.offsets[i] - 1;
            }
            offsets[i + 1] = len;
        }
        byte[] data = new byte[Math.max(len, 1)];
        for (int i = 0; i < n; i++) {
            int l = offsets[i + 1] - offsets[i];
            if (l > 0) {
                System.arraycopy(e.data, e.offsets[i] + 1, data, offsets[i], l);
            }
        }
        return Columns.fromStrings(name, DataType.BINARY, data, len, offsets, validity, n);
    }

    /** Concatenated encodings of rows [0, n) and their n + 1 offsets. */
    private record Encoded(byte[] data, int[] offsets) {
    }

    private static Encoded encode(FieldVector v, DataType type, int n) {
        if (v instanceof NullVector) {
            return fixed(n, 0, Columns.validity(v, n), (buf, at, i) -> { });
        }
        byte[] valid = Columns.validity(v, n);
        switch (type.id()) {
            case NULL:
                return fixed(n, 0, new byte[Columns.bitmapBytes(n)], (buf, at, i) -> { });
            case BOOLEAN: {
                byte[] bits = Columns.bits(v, n);
                return fixed(n, 1, valid, (buf, at, i) -> buf[at] = (byte) (Columns.get(bits, i) ? 1 : 0));
            }
            case INT8: case INT16: case INT32: case INT64: case DATE: case TIMESTAMP: {
                long[] x = Columns.longs(v, n);
                return fixed(n, 8, valid, (buf, at, i) -> putLong(buf, at, x[i] ^ Long.MIN_VALUE));
            }
            case FLOAT32: case FLOAT64: {
                double[] x = Columns.doubles(v, n);
                return fixed(n, 8, valid, (buf, at, i) -> putLong(buf, at, orderedBits(x[i])));
            }
            case DECIMAL: {
                ArrowBuf d = v.getDataBuffer();
                return fixed(n, 16, valid, (buf, at, i) -> {
                    putLong(buf, at, d.getLong((long) i * 16 + 8) ^ Long.MIN_VALUE);
                    putLong(buf, at + 8, d.getLong((long) i * 16));
                });
            }
            case UTF8: case BINARY:
                return bytes(Columns.strings(v, n), valid, n);
            case LIST: case MAP: {
                ListVector list = (ListVector) v;
                FieldVector child = list.getDataVector();
                Encoded c = encode(child, type.listElement().dataType(), child.getValueCount());
                ArrowBuf lo = list.getOffsetBuffer();
                int[] offsets = new int[n + 1];
                int len = 0;
                for (int i = 0; i < n; i++) {
                    if (Columns.get(valid, i)) {
                        int s = lo.getInt((long) i * ListVector.OFFSET_WIDTH);
                        int e = lo.getInt((long) (i + 1) * ListVector.OFFSET_WIDTH);
                        len = Math.addExact(len, 2 + c.offsets[e] - c.offsets[s]);
                    } else {
                        len += 1;
                    }
                    offsets[i + 1] = len;
                }
                byte[] data = new byte[len];
                for (int i = 0; i < n; i++) {
                    int at = offsets[i];
                    if (Columns.get(valid, i)) {
                        int s = c.offsets[lo.getInt((long) i * ListVector.OFFSET_WIDTH)];
                        int e = c.offsets[lo.getInt((long) (i + 1) * ListVector.OFFSET_WIDTH)];
                        data[at] = VALUE_MARK;
                        System.arraycopy(c.data, s, data, at + 1, e - s);
                        data[at + 1 + e - s] = 0;
                    } else {
                        data[at] = NULL_MARK;
                    }
                }
                return new Encoded(data, offsets);
            }
            case STRUCT: {
                StructVector struct = (StructVector) v;
                List<Field> fields = type.children();
                Encoded[] cs = new Encoded[fields.size()];
                for (int f = 0; f < cs.length; f++) {
                    cs[f] = encode((FieldVector) struct.getChildByOrdinal(f), fields.get(f).dataType(), n);
                }
                int[] offsets = new int[n + 1];
                int len = 0;
                for (int i = 0; i < n; i++) {
                    int l = 1;
                    if (Columns.get(valid, i)) {
                        for (Encoded c : cs) {
                            l += c.offsets[i + 1] - c.offsets[i];
                        }
                    }
                    len = Math.addExact(len, l);
                    offsets[i + 1] = len;
                }
                byte[] data = new byte[len];
                for (int i = 0; i < n; i++) {
                    int at = offsets[i];
                    if (!Columns.get(valid, i)) {
                        data[at] = NULL_MARK;
                        continue;
                    }
                    data[at++] = VALUE_MARK;
                    for (Encoded c : cs) {
                        int l = c.offsets[i + 1] - c.offsets[i];
                        System.arraycopy(c.data, c.offsets[i], data, at, l);
                        at += l;
                    }
                }
                return new Encoded(data, offsets);
            }
            default:
                throw new DaftException("values of type " + type + " cannot be compared or grouped");
        }
    }

    @FunctionalInterface
    private interface FixedWriter {
        void write(byte[] buf, int at, int row);
    }

    /** A fixed-width encoding: the marker and {@code width} bytes per non-NULL row, the marker alone per NULL. */
    private static Encoded fixed(int n, int width, byte[] valid, FixedWriter writer) {
        int[] offsets = new int[n + 1];
        int len = 0;
        for (int i = 0; i < n; i++) {
            len += Columns.get(valid, i) ? 1 + width : 1;
            offsets[i + 1] = len;
        }
        byte[] data = new byte[len];
        for (int i = 0; i < n; i++) {
            int at = offsets[i];
            if (Columns.get(valid, i)) {
                data[at] = VALUE_MARK;
                writer.write(data, at + 1, i);
            } else {
                data[at] = NULL_MARK;
            }
        }
        return new Encoded(data, offsets);
    }

    /** Strings and binaries: 0x00 escaped as 0x00 0x01, ended by 0x00 0x00 (prefix-free, order kept). */
    private static Encoded bytes(Utf8Column s, byte[] valid, int n) {
        int[] offsets = new int[n + 1];
        int len = 0;
        for (int i = 0; i < n; i++) {
            int l = 1;
            if (Columns.get(valid, i)) {
                l += 2 + s.length(i);
                int start = s.start(i);
                for (int k = start, end = start + s.length(i); k < end; k++) {
                    if (s.data[k] == 0) {
                        l++;
                    }
                }
            }
            len = Math.addExact(len, l);
            offsets[i + 1] = len;
        }
        byte[] data = new byte[len];
        for (int i = 0; i < n; i++) {
            int at = offsets[i];
            if (!Columns.get(valid, i)) {
                data[at] = NULL_MARK;
                continue;
            }
            data[at++] = VALUE_MARK;
            int start = s.start(i);
            for (int k = start, end = start + s.length(i); k < end; k++) {
                byte b = s.data[k];
                data[at++] = b;
                if (b == 0) {
                    data[at++] = 1;
                }
            }
            data[at++] = 0;
            data[at] = 0;
        }
        return new Encoded(data, offsets);
    }

    private static long orderedBits(double x) {
        if (x == 0.0) {
            x = 0.0;   // -0.0 equals 0.0
        }
        long bits = Double.doubleToLongBits(x);   // one NaN
        return bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
    }

    private static void putLong(byte[] buf, int at, long v) {
        for (int k = 7; k >= 0; k--) {
            buf[at + k] = (byte) v;
            v >>>= 8;
        }
    }
}
