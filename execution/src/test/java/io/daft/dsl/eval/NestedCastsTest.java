package io.daft.dsl.eval;

import io.daft.core.ArrowTypes;
import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.memory.Memory;
import io.daft.recordbatch.Vectors;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.complex.impl.UnionListWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Casts of lists and structs: element-wise and by field position; element names never matter. */
class NestedCastsTest {
    private long before;

    @BeforeEach
    void record() {
        before = Memory.allocatedBytes();
    }

    @AfterEach
    void noLeak() {
        assertEquals(before, Memory.allocatedBytes(), "Arrow memory leaked");
    }

    /** [[1, 2], NULL, [], [NULL, 5]] with the given element field. */
    private static ListVector ints(Field element) {
        ListVector v = (ListVector) ArrowTypes.toArrowField(Field.of("l", DataType.list(element))).createVector(Memory.allocator());
        UnionListWriter w = v.getWriter();
        w.setPosition(0);
        w.startList();
        w.integer().writeInt(1);
        w.integer().writeInt(2);
        w.endList();
        w.setPosition(1);
        w.startList();
        w.endList();
        w.setPosition(2);
        w.startList();
        w.endList();
        w.setPosition(3);
        w.startList();
        w.integer().writeNull();
        w.integer().writeInt(5);
        w.endList();
        w.setValueCount(4);
        // row 1 is an empty list marked null (ListVector.setNull would rewrite the offsets after it)
        org.apache.arrow.vector.BitVectorHelper.unsetBit(v.getValidityBuffer(), 1);
        return v;
    }

    @Test
    void listElementNamesAreNotPartOfTheType() {
        assertEquals(DataType.list(Field.of("element", DataType.INT32)), DataType.list(Field.of("$data$", DataType.INT32)));
    }

    @Test
    void listCastsItsElements() {
        try (ListVector v = ints(Field.of("item", DataType.INT32));
             FieldVector out = Casts.cast(v, DataType.list(Field.of("item", DataType.INT64)))) {
            assertEquals(DataType.list(Field.of("item", DataType.INT64)), Vectors.fieldOf(out).dataType());
            assertEquals("[1,2], null, [], [null,5]", out.getObject(0) + ", " + out.getObject(1) + ", " + out.getObject(2) + ", " + out.getObject(3));
        }
    }

    @Test
    void listToNullableElementsKeepsValues() {
        DataType nullable = DataType.list(Field.of("item", DataType.INT32));
        try (ListVector v = ints(Field.of("item", DataType.INT32));
             FieldVector out = Casts.cast(v, DataType.list(new Field("x", DataType.INT32, false)))) {
            assertEquals(4, out.getValueCount());
            assertTrue(out.isNull(1));
            assertEquals("[1,2]", out.getObject(0).toString());
            try (FieldVector back = Casts.cast(out, nullable)) {
                assertEquals("[null,5]", back.getObject(3).toString());
            }
        }
    }

    @Test
    void structCastsByPosition() {
        DataType from = DataType.struct(List.of(Field.of("a", DataType.INT32)));
        try (StructVector v = (StructVector) ArrowTypes.toArrowField(Field.of("s", from)).createVector(Memory.allocator())) {
            v.allocateNew();
            IntVector a = (IntVector) v.getChildByOrdinal(0);
            a.setSafe(0, 7);
            a.setNull(1);
            a.setValueCount(3);
            v.setIndexDefined(0);
            v.setIndexDefined(1);
            v.setNull(2);
            v.setValueCount(3);
            DataType to = DataType.struct(List.of(Field.of("a", DataType.UTF8)));
            try (FieldVector out = Casts.cast(v, to)) {
                assertEquals(to, Vectors.fieldOf(out).dataType());
                assertEquals("{\"a\":\"7\"}", out.getObject(0).toString());
                assertTrue(out.isNull(2));
            }
            DaftException e = assertThrows(DaftException.class,
                    () -> Casts.cast(v, DataType.struct(List.of(Field.of("a", DataType.INT32), Field.of("b", DataType.INT32)))));
            assertTrue(e.getMessage().contains("cannot cast"), e.getMessage());
        }
    }
}
