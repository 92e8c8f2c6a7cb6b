package io.daft.functions;

import io.daft.core.DataType;
import io.daft.core.TypeId;
import io.daft.recordbatch.Vectors;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.complex.ListVector;

import java.util.List;

/**
 * Functions on lists and maps, over the list offsets: {@code cardinality(list|map)} (the number of elements or
 * entries) and {@code list_element(list, i)} (1-based; negative counts from the end; NULL out of range, as DuckDB).
 * Elements are gathered with one {@link Vectors#take} of the child column, never row by row.
 */
final class NestedFunctions {
    private NestedFunctions() {
    }

    static void registerAll() {
        FunctionRegistry.register(new Cardinality());
        FunctionRegistry.register(new ListElement());
    }

    private static boolean isListOrMap(DataType t) {
        return t.id() == TypeId.LIST || t.id() == TypeId.MAP;
    }

    /** {@code cardinality(list | map)}: Int32, NULL for a NULL list or map. */
    static final class Cardinality implements ScalarFunction {
        @Override
        public String name() {
            return "cardinality";
        }

        @Override
        public DataType returnType(List<DataType> argTypes) {
            Args.count(name(), argTypes, 1, 1);
            if (!isListOrMap(argTypes.get(0)) && !Args.isNull(argTypes.get(0))) {
                throw Args.wrong(name(), 0, "a list or map", argTypes);
            }
            return DataType.INT32;
        }

        @Override
        public FieldVector eval(List<FieldVector> args, int rowCount, DataType returnType) {
            FieldVector arg = args.get(0);
            IntVector out = (IntVector) Vectors.allocate(name(), DataType.INT32, rowCount);
            if (!(arg instanceof ListVector)) {
                out.setValueCount(rowCount);   // a NULL-typed argument: all NULL
                return out;
            }
            ListVector list = (ListVector) arg;
            org.apache.arrow.memory.ArrowBuf offsets = list.getOffsetBuffer();
            for (int i = 0; i < rowCount; i++) {
                if (!list.isNull(i)) {
                    out.set(i, offsets.getInt((long) (i + 1) * ListVector.OFFSET_WIDTH) - offsets.getInt((long) i * ListVector.OFFSET_WIDTH));
                }
            }
            out.setValueCount(rowCount);
            return out;
        }
    }

    /** {@code list_element(list, index)}: the element at a 1-based index (negative: from the end), else NULL. */
    static final class ListElement implements ScalarFunction {
        @Override
        public String name() {
            return "list_element";
        }

        @Override
        public DataType returnType(List<DataType> argTypes) {
            Args.count(name(), argTypes, 2, 2);
            if (argTypes.get(0).id() != TypeId.LIST) {
                throw Args.wrong(name(), 0, "a list", argTypes);
            }
            Args.integer(name(), argTypes, 1);
            return argTypes.get(0).listElement().dataType();
        }

        @Override
        public FieldVector eval(List<FieldVector> args, int rowCount, DataType returnType) {
            return evalConstants(args, new boolean[2], rowCount, returnType);
        }

        @Override
        public FieldVector evalConstants(List<FieldVector> args, boolean[] constant, int rowCount, DataType returnType) {
            ListVector list = (ListVector) args.get(0);
            FieldVector index = args.get(1);
            long[] at = Args.ints(index, constant[1], rowCount);
            byte[] indexValid = Args.validity(index, constant[1], rowCount);
            org.apache.arrow.memory.ArrowBuf offsets = list.getOffsetBuffer();
            int[] take = new int[rowCount];
            for (int i = 0; i < rowCount; i++) {
                int row = constant[0] ? 0 : i;
                int target = -1;
                if (!list.isNull(row) && (indexValid[i >> 3] & (1 << (i & 7))) != 0) {
                    int start = offsets.getInt((long) row * ListVector.OFFSET_WIDTH);
                    int len = offsets.getInt((long) (row + 1) * ListVector.OFFSET_WIDTH) - start;
                    long k = at[i];
                    if (k >= 1 && k <= len) {
                        target = start + (int) (k - 1);
                    } else if (k < 0 && -k <= len) {
                        target = start + len + (int) k;
                    }
                }
                take[i] = target;
            }
            try (FieldVector gathered = Vectors.take(list.getDataVector(), take, rowCount)) {
                return Vectors.rename(gathered, name());
            }
        }
    }
}
