package io.daft.dsl.eval;

import io.daft.core.ArrowTypes;
import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.TypeId;
import io.daft.memory.Memory;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;

import java.util.List;

/**
 * Casts of lists, maps and structs: the container's validity and offsets are shared (no copy), its children are
 * cast to the target's child types. Lists and maps cast element-wise (list to list, map to map); structs cast
 * field by position and need the same number of fields. Also reconciles types that differ only in a child's
 * nullability, as files of one table may.
 */
final class NestedCasts {
    private NestedCasts() {
    }

    static boolean castable(DataType from, DataType to) {
        if (from.id() != to.id()) {
            return false;
        }
        switch (from.id()) {
            case LIST:
            case MAP:
                return true;
            case STRUCT:
                return from.children().size() == to.children().size();
            default:
                return false;
        }
    }

    static FieldVector cast(FieldVector v, DataType from, DataType target, Object where) {
        if (!castable(from, target)) {
            throw new DaftException("cannot cast " + from + " to " + target + Casts.ctx(where));
        }
        int n = v.getValueCount();
        FieldVector out = (FieldVector) ArrowTypes.toArrowField(new Field(v.getName(), target, true)).createVector(Memory.allocator());
        try {
            if (target.id() == TypeId.STRUCT) {
                StructVector src = (StructVector) v;
                StructVector dst = (StructVector) out;
                dst.loadFieldBuffers(new ArrowFieldNode(n, v.getNullCount()), List.of(src.getValidityBuffer()));
                List<Field> fields = target.children();
                for (int c = 0; c < fields.size(); c++) {
                    try (FieldVector child = Casts.cast((FieldVector) src.getChildByOrdinal(c), fields.get(c).dataType(), where)) {
                        child.makeTransferPair(dst.getChildByOrdinal(c)).transfer();
                    }
                }
                dst.setValueCount(n);
            } else {
                ListVector src = (ListVector) v;
                ListVector dst = (ListVector) out;
                dst.loadFieldBuffers(new ArrowFieldNode(n, v.getNullCount()), List.of(src.getValidityBuffer(), src.getOffsetBuffer()));
                try (FieldVector data = Casts.cast(src.getDataVector(), target.listElement().dataType(), where)) {
                    data.makeTransferPair(dst.getDataVector()).transfer();
                }
            }
            FieldVector result = out;
            out = null;
            return result;
        } finally {
            if (out != null) {
                out.close();
            }
        }
    }
}
