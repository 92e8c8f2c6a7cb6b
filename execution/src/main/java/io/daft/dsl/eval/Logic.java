package io.daft.dsl.eval;

import org.apache.arrow.vector.FieldVector;

/** Boolean kernels with SQL three-valued logic, eight rows per step on the bitmaps. */
public final class Logic {
    private Logic() {
    }

    /** {@code a AND b}: false if either is false, else null if either is null, else true. */
    public static FieldVector and(FieldVector a, FieldVector b, String name) {
        int n = a.getValueCount();
        byte[] va = Columns.validity(a, n);
        byte[] da = Columns.bits(a, n);
        byte[] vb = Columns.validity(b, n);
        byte[] db = Columns.bits(b, n);
        byte[] valid = new byte[va.length];
        byte[] bits = new byte[va.length];
        for (int k = 0; k < valid.length; k++) {
            int aTrue = va[k] & da[k];
            int bTrue = vb[k] & db[k];
            int aFalse = va[k] & ~da[k];
            int bFalse = vb[k] & ~db[k];
            bits[k] = (byte) (aTrue & bTrue);
            valid[k] = (byte) ((aTrue & bTrue) | aFalse | bFalse);
        }
        return Columns.fromBits(name, bits, valid, n);
    }

    /** {@code a OR b}: true if either is true, else null if either is null, else false. */
    public static FieldVector or(FieldVector a, FieldVector b, String name) {
        int n = a.getValueCount();
        byte[] va = Columns.validity(a, n);
        byte[] da = Columns.bits(a, n);
        byte[] vb = Columns.validity(b, n);
        byte[] db = Columns.bits(b, n);
        byte[] valid = new byte[va.length];
        byte[] bits = new byte[va.length];
        for (int k = 0; k < valid.length; k++) {
            int aTrue = va[k] & da[k];
            int bTrue = vb[k] & db[k];
            int aFalse = va[k] & ~da[k];
            int bFalse = vb[k] & ~db[k];
            bits[k] = (byte) (aTrue | bTrue);
            valid[k] = (byte) (aTrue | bTrue | (aFalse & bFalse));
        }
        return Columns.fromBits(name, bits, valid, n);
    }

    public static FieldVector not(FieldVector a, String name) {
        int n = a.getValueCount();
        return Columns.fromBits(name, Columns.not(Columns.bits(a, n)), Columns.validity(a, n), n);
    }

    /** {@code IS NULL} ({@code negated}: {@code IS NOT NULL}); never null itself. */
    public static FieldVector isNull(FieldVector a, boolean negated, String name) {
        int n = a.getValueCount();
        byte[] valid = Columns.validity(a, n);
        return Columns.fromBits(name, negated ? valid : Columns.not(valid), Columns.allSet(n), n);
    }

    /** Rows where {@code mask} is true (null counts as false), as a bitmap. */
    public static byte[] trueRows(FieldVector mask) {
        int n = mask.getValueCount();
        return Columns.and(Columns.validity(mask, n), Columns.bits(mask, n));
    }
}
