package io.daft.dsl.eval;

import io.daft.core.DataType;
import io.daft.core.TypeId;
import io.daft.dsl.BinaryOp;
import org.apache.arrow.vector.FieldVector;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code x IN (literals...)} by set lookup: the literal values are widened to the common type once, put in a
 * sorted array (numbers, dates, timestamps) or a hash set of byte strings, and each row is a probe. SQL nulls:
 * a null {@code x} gives null; no match and a null in the list gives null.
 */
final class InLists {
    private InLists() {
    }

    /** {@code child} and {@code values} are already cast to {@code type}; {@code values} holds one row per list item. */
    static FieldVector lookup(FieldVector child, FieldVector values, DataType type, boolean negated, String name, Object where) {
        int n = child.getValueCount();
        int k = values.getValueCount();
        byte[] valid = Columns.validity(child, n);
        byte[] listValid = Columns.validity(values, k);
        boolean listHasNull = !Columns.allSet(listValid, k);
        byte[] hit = new byte[Columns.bitmapBytes(n)];
        switch (type.id()) {
            case INT8: case INT16: case INT32: case INT64: case DATE: case TIMESTAMP: case BOOLEAN: {
                long[] x = type.id() == TypeId.BOOLEAN ? boolLongs(child, n) : Columns.longs(child, n);
                long[] set = compactSorted(type.id() == TypeId.BOOLEAN ? boolLongs(values, k) : Columns.longs(values, k), listValid, k);
                for (int i = 0; i < n; i++) {
                    if (Arrays.binarySearch(set, x[i]) >= 0) {
                        Columns.set(hit, i);
                    }
                }
                break;
            }
            case DECIMAL:
                if (type.precision() <= 18) {
                    long[] x = Columns.decimalLongs(child, n);
                    long[] set = compactSorted(Columns.decimalLongs(values, k), listValid, k);
                    for (int i = 0; i < n; i++) {
                        if (Arrays.binarySearch(set, x[i]) >= 0) {
                            Columns.set(hit, i);
                        }
                    }
                } else {
                    BigInteger[] x = Columns.decimalBigs(child, n, valid);
                    Set<BigInteger> set = new HashSet<>();
                    for (BigInteger b : Columns.decimalBigs(values, k, listValid)) {
                        if (b != null) {
                            set.add(b);
                        }
                    }
                    for (int i = 0; i < n; i++) {
                        if (x[i] != null && set.contains(x[i])) {
                            Columns.set(hit, i);
                        }
                    }
                }
                break;
            case FLOAT32: case FLOAT64: {
                double[] x = Columns.doubles(child, n);
                double[] vals = Columns.doubles(values, k);
                int m = 0;
                double[] set = new double[k];
                for (int j = 0; j < k; j++) {
                    if (Columns.get(listValid, j)) {
                        set[m++] = vals[j] == 0 ? 0.0 : vals[j]; // -0.0 equals 0.0
                    }
                }
                set = Arrays.copyOf(set, m);
                Arrays.sort(set); // Double.compare order: NaN last, found by binarySearch
                for (int i = 0; i < n; i++) {
                    double d = x[i] == 0 ? 0.0 : x[i];
                    if (Arrays.binarySearch(set, d) >= 0) {
                        Columns.set(hit, i);
                    }
                }
                break;
            }
            case UTF8: case BINARY: {
                Utf8Column x = Columns.strings(child, n);
                Utf8Column vals = Columns.strings(values, k);
                BytesSet set = new BytesSet(k);
                for (int j = 0; j < k; j++) {
                    if (vals.isValid(j)) {
                        set.add(vals.data, vals.start(j), vals.length(j));
                    }
                }
                for (int i = 0; i < n; i++) {
                    if (set.contains(x.data, x.start(i), x.length(i))) {
                        Columns.set(hit, i);
                    }
                }
                break;
            }
            default:
                return null; // caller falls back to comparisons
        }
        // result: hit -> true; no hit and list has null -> null; else false. Child null -> null.
        byte[] resultValid = listHasNull ? Columns.and(valid, hit) : valid;
        byte[] bits = negated ? Columns.not(hit) : hit;
        return Columns.fromBits(name, bits, resultValid, n);
    }

    private static long[] boolLongs(FieldVector v, int n) {
        byte[] b = Columns.bits(v, n);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = (b[i >>> 3] >> (i & 7)) & 1;
        }
        return out;
    }

    private static long[] compactSorted(long[] vals, byte[] valid, int k) {
        long[] out = new long[k];
        int m = 0;
        for (int j = 0; j < k; j++) {
            if (Columns.get(valid, j)) {
                out[m++] = vals[j];
            }
        }
        out = Arrays.copyOf(out, m);
        Arrays.sort(out);
        return out;
    }

    /** {@code x IN (v1, v2, ...)} for arbitrary expressions: an OR of equalities with SQL null semantics. */
    static FieldVector general(FieldVector child, DataType childType, List<FieldVector> values, List<DataType> types,
                               boolean negated, String name, Object where) {
        int n = child.getValueCount();
        FieldVector acc = null;
        try {
            for (int i = 0; i < values.size(); i++) {
                FieldVector eq = Comparisons.eval(BinaryOp.EQ, child, values.get(i), childType, types.get(i), name, where);
                if (acc == null) {
                    acc = eq;
                } else {
                    try (FieldVector prev = acc; FieldVector e = eq) {
                        acc = Logic.or(prev, e, name);
                    }
                }
            }
            if (acc == null) {
                return Columns.fromBits(name, new byte[Columns.bitmapBytes(n)], Columns.allSet(n), n);
            }
            if (negated) {
                try (FieldVector prev = acc) {
                    acc = Logic.not(prev, name);
                }
            }
            return acc;
        } catch (RuntimeException e) {
            if (acc != null) {
                acc.close();
            }
            throw e;
        }
    }

    /** An open-addressing set of byte strings, probed straight from a column's byte array. */
    static final class BytesSet {
        private final byte[][] keys;
        private final int mask;

        BytesSet(int expected) {
            int cap = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
            keys = new byte[cap][];
            mask = cap - 1;
        }

        private static int hash(byte[] b, int off, int len) {
            int h = 0x9747b28c;
            for (int i = 0; i < len; i++) {
                h = (h ^ b[off + i]) * 0x5bd1e995;
            }
            return h ^ (h >>> 15);
        }

        void add(byte[] b, int off, int len) {
            int slot = hash(b, off, len) & mask;
            while (keys[slot] != null) {
                if (Arrays.equals(keys[slot], 0, keys[slot].length, b, off, off + len)) {
                    return;
                }
                slot = (slot + 1) & mask;
            }
            keys[slot] = Arrays.copyOfRange(b, off, off + len);
        }

        boolean contains(byte[] b, int off, int len) {
            int slot = hash(b, off, len) & mask;
            while (keys[slot] != null) {
                if (Arrays.equals(keys[slot], 0, keys[slot].length, b, off, off + len)) {
                    return true;
                }
                slot = (slot + 1) & mask;
            }
            return false;
        }
    }
}
