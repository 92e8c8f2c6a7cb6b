package io.daft.parquet;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Little-endian reads from heap byte arrays, and the INT96 timestamp conversion. */
final class Plain {
    private static final long JULIAN_EPOCH_DAY = 2_440_588L;
    private static final long MICROS_PER_DAY = 86_400_000_000L;

    private Plain() {
    }

    // Byte-array views compile to single (unaligned) loads.
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    static int readIntLE(byte[] b, int p) {
        return (int) INT_LE.get(b, p);
    }

    static long readLongLE(byte[] b, int p) {
        return (long) LONG_LE.get(b, p);
    }

    /**
     * INT96 (Impala/Spark): 8 bytes nanoseconds of the day, then 4 bytes unsigned Julian day number; read as
     * microseconds, as Spark and DuckDB do, so every date Spark writes (years 1 to 9999) fits. Out-of-range
     * Julian days wrap in 64-bit arithmetic exactly as DuckDB's reader does, so both give the same value.
     */
    static long int96ToMicros(byte[] b, int p) {
        long nanosOfDay = readLongLE(b, p);
        long julianDay = readIntLE(b, p + 8) & 0xffffffffL;
        return (julianDay - JULIAN_EPOCH_DAY) * MICROS_PER_DAY + nanosOfDay / 1000L;
    }
}
