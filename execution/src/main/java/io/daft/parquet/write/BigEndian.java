package io.daft.parquet.write;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Big-endian reads on byte arrays (8-byte prefixes for unsigned byte-wise comparisons). */
final class BigEndian {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private BigEndian() {
    }

    static long getLong(byte[] b, int off) {
        return (long) LONG.get(b, off);
    }
}
