package io.daft.ops.hash;

import org.apache.arrow.memory.ArrowBuf;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Hashing and equality of byte-string keys read in place from Arrow buffers, for in-memory hash tables (not
 * for shuffles: the hash is not {@link Hashing}'s). Both read 8 bytes at a time with no per-byte tail loop:
 * the last word overlaps the previous one, and strings shorter than 8 bytes are read as one masked word
 * when the buffer has room behind them. Heap-side key copies must be followed by at least 8 spare bytes.
 */
public final class BytesKeys {
    private static final VarHandle LONG_NATIVE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final boolean NATIVE_LE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    private static final long C1 = 0x9E3779B97F4A7C15L;
    private static final long C2 = 0xC2B2AE3D27D4EB4FL;
    private static final long C3 = 0x165667B19E3779F9L;

    private BytesKeys() {
    }

    /** The first {@code len} (< 8) bytes of a native-order word, as a little-endian value (rest zeroed). */
    private static long low(long word, int len) {
        if (!NATIVE_LE) {
            word = Long.reverseBytes(word);
        }
        return word & ((1L << (len << 3)) - 1);
    }

    private static long step(long h, long w) {
        return Long.rotateLeft(h ^ (w * C1), 29) * C2;
    }

    private static long finish(long h) {
        h ^= h >>> 32;
        h *= C3;
        h ^= h >>> 29;
        return h;
    }

    /** Hash of {@code buf[start, start + len)}; {@code cap} is the buffer's capacity. */
    public static long hash(ArrowBuf buf, long start, int len, long cap) {
        long h = C3 + len;
        if (len >= 8) {
            long end = start + len - 8;
            long p = start;
            for (; p < end; p += 8) {
                h = step(h, buf.getLong(p));
            }
            h = step(h, buf.getLong(end));
        } else if (len > 0) {
            long w;
            if (start + 8 <= cap) {
                w = low(buf.getLong(start), len);
            } else {
                w = 0;
                for (int i = 0; i < len; i++) {
                    w |= (buf.getByte(start + i) & 0xFFL) << (i << 3);
                }
            }
            h = step(h, w);
        }
        return finish(h);
    }

    /** Hash of {@code b[start, start + len)} (equal to {@link #hash(ArrowBuf, long, int, long)} of the same bytes). */
    public static long hash(byte[] b, int start, int len) {
        long h = C3 + len;
        if (len >= 8) {
            int end = start + len - 8;
            int p = start;
            for (; p < end; p += 8) {
                h = step(h, (long) LONG_NATIVE.get(b, p));
            }
            h = step(h, (long) LONG_NATIVE.get(b, end));
        } else if (len > 0) {
            long w = 0;
            for (int i = 0; i < len; i++) {
                w |= (b[start + i] & 0xFFL) << (i << 3);
            }
            h = step(h, w);
        }
        return finish(h);
    }

    /**
     * Whether {@code a[as, as + len)} (with at least 8 readable bytes from {@code as}) equals
     * {@code buf[start, start + len)} ({@code cap} = the buffer's capacity).
     */
    public static boolean equal(byte[] a, int as, ArrowBuf buf, long start, int len, long cap) {
        if (len >= 8) {
            int i = 0;
            for (; i + 8 < len; i += 8) {
                if ((long) LONG_NATIVE.get(a, as + i) != buf.getLong(start + i)) {
                    return false;
                }
            }
            int t = len - 8;
            return (long) LONG_NATIVE.get(a, as + t) == buf.getLong(start + t);
        }
        if (len == 0) {
            return true;
        }
        if (start + 8 <= cap) {
            return low((long) LONG_NATIVE.get(a, as), len) == low(buf.getLong(start), len);
        }
        for (int i = 0; i < len; i++) {
            if (a[as + i] != buf.getByte(start + i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code a[as, as + len)} equals {@code b[bs, bs + len)}, both buffers (capacities given). */
    public static boolean equal(ArrowBuf a, long as, long aCap, ArrowBuf b, long bs, long bCap, int len) {
        if (len >= 8) {
            int i = 0;
            for (; i + 8 < len; i += 8) {
                if (a.getLong(as + i) != b.getLong(bs + i)) {
                    return false;
                }
            }
            int t = len - 8;
            return a.getLong(as + t) == b.getLong(bs + t);
        }
        if (len == 0) {
            return true;
        }
        if (as + 8 <= aCap && bs + 8 <= bCap) {
            return low(a.getLong(as), len) == low(b.getLong(bs), len);
        }
        for (int i = 0; i < len; i++) {
            if (a.getByte(as + i) != b.getByte(bs + i)) {
                return false;
            }
        }
        return true;
    }
}
