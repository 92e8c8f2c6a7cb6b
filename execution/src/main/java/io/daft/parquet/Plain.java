package io.daft.parquet;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Little-endian reads from heap byte arrays, and the INT96 timestamp conversion. */
final class Plain {
    private static final long JULIAN_EPOCH_DAY = 2_440_588L;
    private static final long NANOS_PER_DAY = 86_400_000_000_000L;

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

    /** INT96 (Impala/Spark): 8 bytes nanoseconds of the day, then 4 bytes Julian day number. */
    static long int96ToNanos(byte[] b, int p) {
        long nanosOfDay = readLongLE(b, p);
        long julianDay = readIntLE(b, p + 8) & 0xffffffffL;
        try {
            return Math.addExact(Math.multiplyExact(julianDay - JULIAN_EPOCH_DAY, NANOS_PER_DAY), nanosOfDay);
        } catch (ArithmeticException e) {
            throw new IllegalStateException("INT96 timestamp (Julian day " + julianDay
                    + ") is outside the range of nanosecond timestamps (years 1677 to 2262)");
        }
    }
}
