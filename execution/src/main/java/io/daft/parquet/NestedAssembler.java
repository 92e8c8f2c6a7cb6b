package io.daft.parquet;

import io.daft.core.ArrowTypes;
import io.daft.memory.Memory;
import io.daft.recordbatch.Vectors;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the vector of a nested field (lists, structs, maps) for a batch of rows from its leaves' repetition
 * and definition levels. A node's slots are the level entries of its first leaf whose repetition level is at
 * most the node's repetition depth and whose definition level reaches the enclosing list element; every leaf
 * below the node has the same number of slots. Correct rather than fast: nested columns are the rare case.
 */
final class NestedAssembler {
    /** A leaf's levels and its dense (non-null only) values, already in our type. */
    record LeafData(LeafReader.Levels levels, FieldVector values) {
    }

    private final Map<Integer, LeafData> leaves;

    NestedAssembler(Map<Integer, LeafData> leaves) {
        this.leaves = leaves;
    }

    /** The vector of the top-level field {@code node}: one slot per row. */
    FieldVector build(ParquetSchema.OutNode node) {
        return build(node, 0, 0);
    }

    private static boolean isIdentity(int[] idx, int n) {
        for (int i = 0; i < n; i++) {
            if (idx[i] != i) {
                return false;
            }
        }
        return true;
    }

    private FieldVector build(ParquetSchema.OutNode node, int rA, int dA) {
        LeafData data = leaves.get(node.firstLeaf);
        int[] def = data.levels().def();
        int[] rep = data.levels().rep();
        int count = data.levels().count();
        if (node instanceof ParquetSchema.LeafOut) {
            int maxDef = node.nullDef;
            int[] idx = new int[count];
            int n = 0;
            int value = 0;
            for (int i = 0; i < count; i++) {
                boolean present = def[i] == maxDef;
                if (rep[i] <= rA && def[i] >= dA) {
                    idx[n++] = present ? value : -1;
                }
                if (present) {
                    value++;
                }
            }
            if (n == value && n == data.values().getValueCount() && isIdentity(idx, n)) {
                // every value fills its own slot in order (no nulls): share, do not copy (values may be huge)
                return Vectors.share(data.values());
            }
            return Vectors.take(data.values(), idx, n);
        }
        if (node instanceof ParquetSchema.StructOut) {
            ParquetSchema.StructOut s = (ParquetSchema.StructOut) node;
            List<FieldVector> children = new ArrayList<>();
            StructVector sv = null;
            try {
                for (ParquetSchema.OutNode c : s.children) {
                    children.add(build(c, rA, dA));
                }
                sv = (StructVector) ArrowTypes.toArrowField(node.field).createVector(Memory.allocator());
                int n = 0;
                for (int i = 0; i < count; i++) {
                    if (rep[i] <= rA && def[i] >= dA) {
                        n++;
                    }
                }
                sv.setInitialCapacity(Math.max(n, 1));
                sv.allocateNew();
                for (int c = 0; c < children.size(); c++) {
                    FieldVector child = children.get(c);
                    if (child.getValueCount() != n) {
                        throw new IllegalStateException("struct field '" + s.children.get(c).field.name() + "' has "
                                + child.getValueCount() + " values where " + n + " were expected");
                    }
                    child.makeTransferPair(sv.getChildByOrdinal(c)).transfer();
                }
                int slot = 0;
                for (int i = 0; i < count; i++) {
                    if (rep[i] <= rA && def[i] >= dA) {
                        if (node.nullDef < 0 || def[i] >= node.nullDef) {
                            sv.setIndexDefined(slot);
                        } else {
                            sv.setNull(slot);
                        }
                        slot++;
                    }
                }
                sv.setValueCount(n);
                StructVector result = sv;
                sv = null;
                return result;
            } finally {
                for (FieldVector c : children) {
                    c.close();
                }
                if (sv != null) {
                    sv.close();
                }
            }
        }
        ParquetSchema.ListOut l = (ParquetSchema.ListOut) node;
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (rep[i] <= rA && def[i] >= dA) {
                n++;
            }
        }
        ListVector lv = (ListVector) ArrowTypes.toArrowField(node.field).createVector(Memory.allocator());
        FieldVector element = null;
        try {
            lv.setInitialCapacity(Math.max(n, 1));
            lv.allocateNew();
            ArrowBuf offsets = lv.getOffsetBuffer();
            ArrowBuf validity = lv.getValidityBuffer();
            int slot = -1;
            int elements = 0;
            offsets.setInt(0, 0);
            for (int i = 0; i < count; i++) {
                if (rep[i] <= rA && def[i] >= dA) {
                    if (slot >= 0) {
                        offsets.setInt((long) (slot + 1) << 2, elements);
                    }
                    slot++;
                    if (l.nullDef < 0 || def[i] >= l.nullDef) {
                        BitVectorHelper.setBit(validity, slot);
                    }
                }
                if (rep[i] <= l.elemRep && def[i] >= l.elemDef) {
                    elements++;
                }
            }
            if (slot >= 0) {
                offsets.setInt((long) (slot + 1) << 2, elements);
            }
            element = build(l.element, l.elemRep, l.elemDef);
            if (element.getValueCount() != elements) {
                throw new IllegalStateException("list '" + node.field.name() + "' has " + element.getValueCount()
                        + " element values where " + elements + " were expected");
            }
            element.makeTransferPair(lv.getDataVector()).transfer();
            lv.setLastSet(n - 1);
            lv.setValueCount(n);
            ListVector result = lv;
            lv = null;
            return result;
        } finally {
            if (element != null) {
                element.close();
            }
            if (lv != null) {
                lv.close();
            }
        }
    }
}
