package io.daft.recordbatch;

import static java.util.Objects.requireNonNull;

/**
 * Which entry of a dictionary each row of a column holds, when the column was decoded from a dictionary (a
 * Parquet dictionary-encoded chunk): row {@code r}'s value is entry {@link #code code(r)} of
 * {@link #dictionary()}, or null when the code is -1. The column itself is still a plain vector; the codes are a
 * hint that lets operators work on small integers instead of values (grouping maps each dictionary entry to its
 * group once, as Trino does with dictionary blocks), and any operator may ignore them.
 *
 * <p>Two codes objects with the same {@link #dictionary()} (by identity) index the same values. The array is
 * never written after construction; derived codes ({@link #slice}, {@link #take}) share or copy it.
 */
public final class DictionaryCodes {
    private final Object dictionary;
    private final int dictionarySize;
    private final int[] codes;
    private final int offset;

    /**
     * @param dictionary identifies the dictionary (compared by identity)
     * @param dictionarySize number of entries; every code is in {@code [-1, dictionarySize)}
     * @param codes row {@code r}'s code is {@code codes[offset + r]}; not copied, must not change afterwards
     */
    public DictionaryCodes(Object dictionary, int dictionarySize, int[] codes, int offset) {
        this.dictionary = requireNonNull(dictionary, "dictionary");
        this.codes = requireNonNull(codes, "codes");
        if (dictionarySize < 0 || offset < 0 || offset > codes.length) {
            throw new IllegalArgumentException("dictionary size " + dictionarySize + ", offset " + offset + " of " + codes.length + " codes");
        }
        this.dictionarySize = dictionarySize;
        this.offset = offset;
    }

    public Object dictionary() {
        return dictionary;
    }

    public int dictionarySize() {
        return dictionarySize;
    }

    /** The dictionary entry of row {@code row}, or -1 for null. */
    public int code(int row) {
        return codes[offset + row];
    }

    /** Copies the codes of rows {@code [0, n)} into {@code out[at, at + n)}. */
    public void copyTo(int[] out, int at, int n) {
        System.arraycopy(codes, offset, out, at, n);
    }

    /** The codes of rows from {@code start} on, sharing the array. */
    public DictionaryCodes slice(int start) {
        return new DictionaryCodes(dictionary, dictionarySize, codes, offset + start);
    }

    /** The codes of rows {@code indices[0, n)} (an index of -1 gives null), as {@link Vectors#take} gathers values. */
    public DictionaryCodes take(int[] indices, int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int r = indices[i];
            out[i] = r < 0 ? -1 : codes[offset + r];
        }
        return new DictionaryCodes(dictionary, dictionarySize, out, 0);
    }

    /** Whether both index the same dictionary. */
    public boolean sameDictionary(DictionaryCodes other) {
        return dictionary == other.dictionary;
    }

    @Override
    public String toString() {
        return "DictionaryCodes[" + dictionarySize + " entries]";
    }
}
