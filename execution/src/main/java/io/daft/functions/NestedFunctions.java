package io.daft.functions;

import io.daft.core.DataType;
import io.daft.core.TypeId;
import io.daft.recordbatch.Vectors;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;

import java.util.List;

/**
 * Functions on lists, maps and structs, over the list offsets and child columns: {@code cardinality(list|map)} (the
 * number of elements or entries), {@code list_element(list, i)} (1-based; negative counts from the end; NULL out of
 * range, as DuckDB), {@code struct_get(struct, 'field')} (NULL where the struct is NULL) and {@code map_get(map, key)}
 * (the value of the first entry with that key; NULL when there is none). Elements are gathered with one
 * {@link Vectors#take} of the child column, never row by row.
 */
final class NestedFunctions {
    private NestedFunctions() {
    }

    static void registerAll() {
        FunctionRegistry.register(new Cardinality());
        FunctionRegistry.register(new ListElement());
        FunctionRegistry.register(new StructGet());
        FunctionRegistry.register(new MapGet());
        FunctionRegistry.register(new NestedKey());
        FunctionRegistry.register(new ListValue());
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

    /** The child of {@code type} (a struct) named {@code name}, case-insensitively if no exact match. */
    static int structFieldIndex(DataType type, String name) {
        List<io.daft.core.Field> fields = type.children();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(name)) {
                return i;
            }
        }
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw new io.daft.core.DaftException("struct " + type + " has no field '" + name + "'");
    }

    /** {@code struct_get(struct, 'name')}: the field's column, NULL where the struct is NULL. */
    static final class StructGet implements ScalarFunction {
        @Override
        public String name() {
            return "struct_get";
        }

        @Override
        public DataType returnType(List<DataType> argTypes) {
            throw new io.daft.core.DaftException(name() + " needs its field name as a literal");
        }

        @Override
        public DataType returnType(List<DataType> argTypes, List<java.util.Optional<Object>> literals) {
            Args.count(name(), argTypes, 2, 2);
            if (argTypes.get(0).id() != TypeId.STRUCT) {
                throw Args.wrong(name(), 0, "a struct", argTypes);
            }
            Object field = literals.get(1).orElseThrow(() -> Args.wrong(name(), 1, "a field name literal", argTypes));
            DataType t = argTypes.get(0);
            return t.children().get(structFieldIndex(t, field.toString())).dataType();
        }

        @Override
        public FieldVector eval(List<FieldVector> args, int rowCount, DataType returnType) {
            throw new io.daft.core.DaftException(name() + " needs its field name as a literal");
        }

        @Override
        public FieldVector evalConstants(List<FieldVector> args, boolean[] constant, int rowCount, DataType returnType) {
            if (rowCount == 0) {
                return Vectors.allocate(name(), returnType, 0);
            }
            if (!constant[1] || constant[0]) {
                throw new io.daft.core.DaftException(name() + " needs a struct column and its field name as a literal");
            }
            StructVector struct = (StructVector) args.get(0);
            String field = Args.strings(args.get(1), true, rowCount).string(0);
            FieldVector child = (FieldVector) struct.getChildByOrdinal(structFieldIndex(Args.typeOf(struct), field));
            if (struct.getNullCount() == 0) {
                return Vectors.slice(child, 0, rowCount);
            }
            // a NULL struct's fields are NULL whatever its child holds: gather with -1 there
            int[] take = new int[rowCount];
            for (int i = 0; i < rowCount; i++) {
                take[i] = struct.isNull(i) ? -1 : i;
            }
            return Vectors.take(child, take, rowCount);
        }
    }

    /**
     * {@code map_get(map, key)}: the value of the row's first entry whose key equals {@code key}, else NULL. The
     * keys are compared as one column (the key argument gathered per entry), then each row's entries are scanned.
     */
    static final class MapGet implements ScalarFunction {
        @Override
        public String name() {
            return "map_get";
        }

        @Override
        public DataType returnType(List<DataType> argTypes) {
            Args.count(name(), argTypes, 2, 2);
            if (argTypes.get(0).id() != TypeId.MAP) {
                throw Args.wrong(name(), 0, "a map", argTypes);
            }
            return argTypes.get(0).mapValue().dataType();
        }

        @Override
        public FieldVector eval(List<FieldVector> args, int rowCount, DataType returnType) {
            return evalConstants(args, new boolean[2], rowCount, returnType);
        }

        @Override
        public FieldVector evalConstants(List<FieldVector> args, boolean[] constant, int rowCount, DataType returnType) {
            if (constant[0]) {
                return ScalarFunction.super.evalConstants(args, constant, rowCount, returnType);
            }
            ListVector map = (ListVector) args.get(0);
            StructVector entries = (StructVector) map.getDataVector();
            FieldVector keys = (FieldVector) entries.getChildByOrdinal(0);
            FieldVector values = (FieldVector) entries.getChildByOrdinal(1);
            FieldVector key = args.get(1);
            int entryCount = keys.getValueCount();
            org.apache.arrow.memory.ArrowBuf offsets = map.getOffsetBuffer();
            // the key argument's row for each entry (-1, a NULL key, for entries of NULL maps or outside the rows)
            int[] entryRow = new int[entryCount];
            java.util.Arrays.fill(entryRow, -1);
            for (int i = 0; i < rowCount; i++) {
                if (!map.isNull(i)) {
                    int start = offsets.getInt((long) i * ListVector.OFFSET_WIDTH);
                    int end = offsets.getInt((long) (i + 1) * ListVector.OFFSET_WIDTH);
                    for (int e = start; e < end; e++) {
                        entryRow[e] = constant[1] ? 0 : i;
                    }
                }
            }
            byte[] equal;
            try (FieldVector probe = Vectors.take(key, entryRow, entryCount);
                 FieldVector eq = io.daft.dsl.eval.Comparisons.eval(io.daft.dsl.BinaryOp.EQ, keys, probe,
                         Args.typeOf(keys), Args.typeOf(key), "eq", "map key lookup")) {
                equal = io.daft.dsl.eval.Columns.and(io.daft.dsl.eval.Columns.bits(eq, entryCount),
                        io.daft.dsl.eval.Columns.validity(eq, entryCount));
            }
            int[] take = new int[rowCount];
            for (int i = 0; i < rowCount; i++) {
                int found = -1;
                if (!map.isNull(i)) {
                    int end = offsets.getInt((long) (i + 1) * ListVector.OFFSET_WIDTH);
                    for (int e = offsets.getInt((long) i * ListVector.OFFSET_WIDTH); e < end; e++) {
                        if (io.daft.dsl.eval.Columns.get(equal, e)) {
                            found = e;
                            break;
                        }
                    }
                }
                take[i] = found;
            }
            return Vectors.take(values, take, rowCount);
        }
    }

    /** {@code nested_key(x)}: the BINARY normalized key of a nested value ({@link io.daft.ops.NestedKeys}). */
    static final class NestedKey implements ScalarFunction {
        @Override
        public String name() {
            return "nested_key";
        }

        @Override
        public DataType returnType(List<DataType> argTypes) {
            Args.count(name(), argTypes, 1, 1);
            return DataType.BINARY;
        }

        @Override
        public FieldVector eval(List<FieldVector> args, int rowCount, DataType returnType) {
            FieldVector v = args.get(0);
            return io.daft.ops.NestedKeys.keys(v, Args.typeOf(v), rowCount, name());
        }
    }

    /**
     * {@code list_value(a, b, ...)} (SQL's {@code ARRAY[a, b, ...]}): a list per row of its arguments, cast to their
     * common type. The arguments are concatenated into the child column and put in row order with one take.
     */
    static final class ListValue implements ScalarFunction {
        @Override
        public String name() {
            return "list_value";
        }

        @Override
        public DataType returnType(List<DataType> argTypes) {
            Args.count(name(), argTypes, 1, Integer.MAX_VALUE);
            DataType element = argTypes.get(0);
            for (DataType t : argTypes.subList(1, argTypes.size())) {
                element = io.daft.dsl.TypeRules.commonSuperType(element, t, name());
            }
            return DataType.list(io.daft.core.Field.of(DataType.LIST_ITEM, element));
        }

        @Override
        public FieldVector eval(List<FieldVector> args, int rowCount, DataType returnType) {
            DataType element = returnType.listElement().dataType();
            int k = args.size();
            List<FieldVector> cast = new java.util.ArrayList<>(k);
            ListVector out = null;
            try {
                for (FieldVector a : args) {
                    cast.add(io.daft.dsl.eval.Casts.cast(a, element, name()));
                }
                int[] order = new int[k * rowCount];
                for (int i = 0; i < rowCount; i++) {
                    for (int j = 0; j < k; j++) {
                        order[i * k + j] = j * rowCount + i;
                    }
                }
                out = (ListVector) Vectors.allocate(name(), returnType, rowCount);
                try (FieldVector all = Vectors.concat(cast); FieldVector child = Vectors.take(all, order, order.length)) {
                    org.apache.arrow.memory.ArrowBuf offsets = out.getOffsetBuffer();
                    org.apache.arrow.memory.ArrowBuf validity = out.getValidityBuffer();
                    for (int i = 0; i <= rowCount; i++) {
                        offsets.setInt((long) i * ListVector.OFFSET_WIDTH, i * k);
                    }
                    for (int i = 0; i < rowCount; i++) {
                        org.apache.arrow.vector.BitVectorHelper.setBit(validity, i);
                    }
                    child.makeTransferPair(out.getDataVector()).transfer();
                }
                out.setLastSet(rowCount - 1);
                out.setValueCount(rowCount);
                ListVector result = out;
                out = null;
                return result;
            } finally {
                cast.forEach(FieldVector::close);
                if (out != null) {
                    out.close();
                }
            }
        }
    }
}
