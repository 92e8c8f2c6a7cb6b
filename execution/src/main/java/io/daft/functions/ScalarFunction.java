package io.daft.functions;

import io.daft.core.DataType;
import io.daft.recordbatch.Vectors;
import org.apache.arrow.vector.FieldVector;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A vectorized scalar function: whole argument columns in, one column out. */
public interface ScalarFunction {
    String name();

    /** Result type for these argument types; a {@link io.daft.core.DaftException} naming the function if they do not fit. */
    DataType returnType(List<DataType> argTypes);

    /**
     * Result type when the type depends on a literal argument's value ({@code struct_get(s, 'a')}): {@code literals}
     * holds each argument's value if it is a literal (empty otherwise, and for a NULL literal). The default ignores them.
     */
    default DataType returnType(List<DataType> argTypes, List<Optional<Object>> literals) {
        return returnType(argTypes);
    }

    /**
     * Evaluates over {@code rowCount} rows. Arguments are owned by the caller; the result is owned by the
     * caller too (a new vector).
     */
    FieldVector eval(List<FieldVector> args, int rowCount, DataType returnType);

    /**
     * As {@link #eval}, but an argument with {@code constant[i]} set holds a single row (a literal) that applies to
     * every row. The evaluator calls this so a literal pattern, part name or unit is neither broadcast nor re-read
     * per row. The default broadcasts the constants and calls {@link #eval}; functions that gain override it.
     */
    default FieldVector evalConstants(List<FieldVector> args, boolean[] constant, int rowCount, DataType returnType) {
        List<FieldVector> full = new ArrayList<>(args.size());
        List<FieldVector> made = new ArrayList<>();
        try {
            int[] zeros = null;
            for (int i = 0; i < args.size(); i++) {
                if (constant[i]) {
                    if (zeros == null) {
                        zeros = new int[rowCount];
                    }
                    FieldVector b = Vectors.take(args.get(i), zeros, rowCount);
                    made.add(b);
                    full.add(b);
                } else {
                    full.add(args.get(i));
                }
            }
            return eval(full, rowCount, returnType);
        } finally {
            for (FieldVector v : made) {
                v.close();
            }
        }
    }
}
