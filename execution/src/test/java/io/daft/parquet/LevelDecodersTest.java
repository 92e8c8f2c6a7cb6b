package io.daft.parquet;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The level/id decoders against the examples in the Parquet encoding spec (Encodings.md). */
class LevelDecodersTest {
    private static final int[] ZERO_TO_SEVEN = {0, 1, 2, 3, 4, 5, 6, 7};

    @Test
    void bitPackedRunOfHybrid() {
        // header (1 group of 8) << 1 | 1 = 3, then 0..7 packed LSB first with width 3
        byte[] data = {3, (byte) 0b10001000, (byte) 0b11000110, (byte) 0b11111010};
        int[] out = new int[8];
        new RleBitPackedDecoder(data, 0, data.length, 3).readInts(out, 0, 8);
        assertArrayEquals(ZERO_TO_SEVEN, out);
    }

    @Test
    void rleRunsAcrossCalls() {
        // run of 5 x value 4 (header 5 << 1 = 10), then run of 3 x value 1
        byte[] data = {10, 4, 6, 1};
        RleBitPackedDecoder d = new RleBitPackedDecoder(data, 0, data.length, 3);
        int[] out = new int[8];
        d.readInts(out, 0, 3);
        d.readInts(out, 3, 5);
        assertArrayEquals(new int[] {4, 4, 4, 4, 4, 1, 1, 1}, out);
        assertThrows(IllegalStateException.class, () -> d.readInts(new int[1], 0, 1));
    }

    @Test
    void skipRunOnlyConsumesAWholeMatchingRun() {
        byte[] data = {10, 4, 6, 1};   // 5 x 4, then 3 x 1
        RleBitPackedDecoder d = new RleBitPackedDecoder(data, 0, data.length, 3);
        assertFalse(d.skipRun(4, 6), "the run has only 5 values");
        assertFalse(d.skipRun(1, 2), "wrong value");
        assertTrue(d.skipRun(4, 4));
        int[] out = new int[4];
        d.readInts(out, 0, 4);
        assertArrayEquals(new int[] {4, 1, 1, 1}, out);
    }

    @Test
    void deprecatedBitPackedLevels() {
        byte[] data = {(byte) 0b00000101, (byte) 0b00111001, (byte) 0b01110111};
        int[] out = new int[8];
        new BitPackedLevelDecoder(data, 0, data.length, 3).readInts(out, 0, 8);
        assertArrayEquals(ZERO_TO_SEVEN, out);
    }
}
