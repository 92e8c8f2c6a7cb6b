package io.daft.functions;

import io.daft.core.DataType;
import io.daft.dsl.TypeRules;
import io.daft.dsl.eval.Casts;
import io.daft.dsl.eval.Columns;
import io.daft.recordbatch.Vectors;
import org.apache.arrow.vector.FieldVector;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code coalesce(a, b, ...)}: the first non-null argument of each row, in the arguments' common type. Works for
 * every type with one gather: the (cast) arguments are stacked and each row picks its source row.
 */
final class Coalesce implements ScalarFunction {
    @Override
    public String name() {
        return "coalesce";
    }

    @Override
    public DataType returnType(List<DataType> argTypes) {
        Args.count(name(), argTypes, 1, Integer.MAX_VALUE);
        DataType t = argTypes.get(0);
        for (int i = 1; i < argTypes.size(); i++) {
            t = TypeRules.commonSuperType(t, argTypes.get(i), "coalesce" + argTypes);
        }
        return t;
    }

    @Override
    public FieldVector eval(List<FieldVector> args, int n, DataType returnType) {
        if (returnType.id() == io.daft.core.TypeId.NULL) {
            return Vectors.nulls(io.daft.core.Field.of(args.get(0).getName(), returnType), n);
        }
        List<FieldVector> cast = new ArrayList<>(args.size());
        try {
            for (FieldVector a : args) {
                cast.add(Casts.cast(a, returnType, "coalesce"));
            }
            if (cast.size() == 1) {
                return Vectors.share(cast.get(0));
            }
            int[] pick = new int[n];
            java.util.Arrays.fill(pick, -1);
            int remaining = n;
            for (int j = 0; j < cast.size() && remaining > 0; j++) {
                byte[] valid = Columns.validity(cast.get(j), n);
                int base = j * n;
                for (int i = 0; i < n; i++) {
                    if (pick[i] < 0 && Columns.get(valid, i)) {
                        pick[i] = base + i;
                        remaining--;
                    }
                }
            }
            try (FieldVector stacked = Vectors.concat(cast)) {
                return Vectors.take(stacked, pick, n);
            }
        } finally {
            for (FieldVector c : cast) {
                c.close();
            }
        }
    }
}
