package io.daft.functions;

import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.TypeId;
import io.daft.recordbatch.Vectors;
import org.apache.arrow.vector.FieldVector;

import java.util.List;

/** Argument checks shared by the functions: errors name the function and the argument types it got. */
final class Args {
    private Args() {
    }

    static void count(String fn, List<DataType> types, int min, int max) {
        if (types.size() < min || types.size() > max) {
            String want = min == max ? String.valueOf(min) : max == Integer.MAX_VALUE ? "at least " + min : min + " to " + max;
            throw new DaftException("function " + fn + " expects " + want + " argument" + (max == 1 ? "" : "s")
                    + ", got " + types.size() + " " + types);
        }
    }

    static DaftException wrong(String fn, int index, String expected, List<DataType> types) {
        return new DaftException("function " + fn + " expects " + expected + " as argument " + (index + 1) + ", got "
                + types.get(index) + " (arguments " + types + ")");
    }

    static boolean isNull(DataType t) {
        return t.id() == TypeId.NULL;
    }

    static void string(String fn, List<DataType> types, int index) {
        TypeId id = types.get(index).id();
        if (id != TypeId.UTF8 && id != TypeId.NULL) {
            throw wrong(fn, index, "a string", types);
        }
    }

    static void integer(String fn, List<DataType> types, int index) {
        DataType t = types.get(index);
        if (!t.isInteger() && t.id() != TypeId.NULL) {
            throw wrong(fn, index, "an integer", types);
        }
    }

    static void numeric(String fn, List<DataType> types, int index) {
        DataType t = types.get(index);
        if (!t.isNumeric() && t.id() != TypeId.NULL) {
            throw wrong(fn, index, "a number", types);
        }
    }

    /** Validity of an argument over n rows; a constant (one-row) argument is valid everywhere or nowhere. */
    static byte[] validity(FieldVector v, boolean constant, int n) {
        if (constant) {
            return v.isNull(0) ? new byte[io.daft.dsl.eval.Columns.bitmapBytes(n)] : io.daft.dsl.eval.Columns.allSet(n);
        }
        return io.daft.dsl.eval.Columns.validity(v, n);
    }

    /** Strings of an argument: its one row if constant, else n rows. */
    static io.daft.dsl.eval.Utf8Column strings(FieldVector v, boolean constant, int n) {
        return io.daft.dsl.eval.Columns.strings(v, constant ? 1 : n);
    }

    /** Integers of an argument, broadcast if constant (zeros for a null type). */
    static long[] ints(FieldVector v, boolean constant, int n) {
        long[] out = new long[n];
        if (typeOf(v).id() == TypeId.NULL) {
            return out;
        }
        if (constant) {
            java.util.Arrays.fill(out, io.daft.dsl.eval.Columns.longs(v, 1)[0]);
            return out;
        }
        return io.daft.dsl.eval.Columns.longs(v, n);
    }

    static DataType typeOf(FieldVector v) {
        return Vectors.fieldOf(v).dataType();
    }
}
