package io.daft.parquet;

/** Little-endian reads from heap byte arrays, and the INT96 timestamp conversion. */
final class Plain {
    private static final long JULIAN_EPOCH_DAY = 2_440_588L;
    private static final long NANOS_PER_DAY = 86_400_000_000_000L;

    private Plain() {
    }

    static int readIntLE(byte[] b, int p) {
        return (b[p] & 0xff) | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16 | (b[p + 3] & 0xff) << 24;
    }

    static long readLongLE(byte[] b, int p) {
        return (b[p] & 0xffL) | (b[p + 1] & 0xffL) << 8 | (b[p + 2] & 0xffL) << 16 | (b[p + 3] & 0xffL) << 24
                | (b[p + 4] & 0xffL) << 32 | (b[p + 5] & 0xffL) << 40 | (b[p + 6] & 0xffL) << 48 | (b[p + 7] & 0xffL) << 56;
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
