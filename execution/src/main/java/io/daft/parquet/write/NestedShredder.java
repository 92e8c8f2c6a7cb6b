package io.daft.parquet.write;

import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.TypeId;
import io.daft.recordbatch.Vectors;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;

import java.util.Arrays;
import java.util.List;

/**
 * Dremel record shredding of nested Arrow columns (structs and lists, nested in any way) into the definition and
 * repetition levels of their leaf columns.
 *
 * <p>Every row starts as one level entry pointing at its index in the top-level vector. Going down the type tree,
 * each optional node raises the definition level of the entries that are non-null there and ends the others (index
 * -1); a list replaces each entry by one entry per element (the first keeps the incoming repetition level, the
 * rest repeat at the list's depth), an empty or ended list keeps a single ended entry. At a leaf the entries with a
 * live index are exactly its values, gathered densely for the leaf writer.
 */
public final class NestedShredder {
    private NestedShredder() {
    }

    /** Level entries: index into the current vector (-1 = ended above), definition and repetition level. */
    private static final class Entries {
        int n;
        int[] idx;
        int[] def;
        int[] rep;

        Entries(int capacity) {
            idx = new int[Math.max(1, capacity)];
            def = new int[Math.max(1, capacity)];
            rep = new int[Math.max(1, capacity)];
        }

        Entries copy() {
            Entries c = new Entries(n);
            c.n = n;
            System.arraycopy(idx, 0, c.idx, 0, n);
            System.arraycopy(def, 0, c.def, 0, n);
            System.arraycopy(rep, 0, c.rep, 0, n);
            return c;
        }

        void add(int i, int d, int r) {
            if (n == idx.length) {
                int cap = n * 2;
                idx = Arrays.copyOf(idx, cap);
                def = Arrays.copyOf(def, cap);
                rep = Arrays.copyOf(rep, cap);
            }
            idx[n] = i;
            def[n] = d;
            rep[n] = r;
            n++;
        }
    }

    /** Shreds rows {@code [from, to)} of {@code vector} into {@code leaves} (the column's leaf writers, depth first). */
    public static void shred(Field field, FieldVector vector, int from, int to, List<ColumnChunkWriter> leaves) {
        Entries e = new Entries(to - from);
        for (int r = from; r < to; r++) {
            e.add(r, 0, 0);
        }
        int[] next = {0};
        walk(field, vector, e, 0, leaves, next);
    }

    private static void walk(Field field, FieldVector v, Entries e, int depth, List<ColumnChunkWriter> leaves, int[] next) {
        DataType type = field.dataType();
        if (field.nullable() || type.id() == TypeId.NULL) {
            boolean allNull = v instanceof NullVector;
            boolean hasNulls = allNull || v.getNullCount() > 0;
            ArrowBuf validity = allNull ? null : v.getValidityBuffer();
            for (int i = 0; i < e.n; i++) {
                int idx = e.idx[i];
                if (idx < 0) {
                    continue;
                }
                if (!hasNulls || (!allNull && ((validity.getByte(idx >>> 3) >>> (idx & 7)) & 1) != 0)) {
                    e.def[i]++;
                } else {
                    e.idx[i] = -1;
                }
            }
        } else if (v.getNullCount() > 0) {
            ArrowBuf validity = v.getValidityBuffer();
            for (int i = 0; i < e.n; i++) {
                int idx = e.idx[i];
                if (idx >= 0 && ((validity.getByte(idx >>> 3) >>> (idx & 7)) & 1) == 0) {
                    throw new DaftException("nested field '" + field.name() + "' is declared NOT NULL but the batch has "
                            + "null values in it");
                }
            }
        }
        if (type.id() == TypeId.STRUCT) {
            StructVector sv = (StructVector) v;
            List<Field> children = type.children();
            for (int k = 0; k < children.size(); k++) {
                Entries child = k == children.size() - 1 ? e : e.copy();
                walk(children.get(k), (FieldVector) sv.getChildByOrdinal(k), child, depth, leaves, next);
            }
            return;
        }
        if (type.id() == TypeId.LIST || type.id() == TypeId.MAP) {
            ListVector lv = (ListVector) v;
            ArrowBuf offsets = lv.getOffsetBuffer();
            Entries out = new Entries(e.n * 2);
            int listDepth = depth + 1;
            for (int i = 0; i < e.n; i++) {
                int idx = e.idx[i];
                if (idx < 0) {
                    out.add(-1, e.def[i], e.rep[i]);
                    continue;
                }
                int s = offsets.getInt((long) idx << 2);
                int t = offsets.getInt((long) (idx + 1) << 2);
                if (s == t) {
                    out.add(-1, e.def[i], e.rep[i]); // empty list: defined, but no element
                    continue;
                }
                out.add(s, e.def[i] + 1, e.rep[i]);
                for (int k = s + 1; k < t; k++) {
                    out.add(k, e.def[i] + 1, listDepth);
                }
            }
            walk(type.children().get(0), lv.getDataVector(), out, listDepth, leaves, next);
            return;
        }
        ColumnChunkWriter leaf = leaves.get(next[0]++);
        int present = 0;
        int[] indices = new int[e.n];
        for (int i = 0; i < e.n; i++) {
            if (e.idx[i] >= 0) {
                indices[present++] = e.idx[i];
            }
        }
        if (present == 0) {
            leaf.appendNested(v, e.def, e.rep, e.n);
            return;
        }
        try (FieldVector dense = Vectors.take(v, indices, present)) {
            leaf.appendNested(dense, e.def, e.rep, e.n);
        }
    }
}
