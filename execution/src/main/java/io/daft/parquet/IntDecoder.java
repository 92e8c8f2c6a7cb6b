package io.daft.parquet;

/** A stream of small ints (levels, ids) decoded a run at a time. */
interface IntDecoder {
    /** Decodes exactly {@code n} values into {@code out[off, off+n)}. */
    void readInts(int[] out, int off, int n);
}
