package io.daft.functions;

/** UTF-8 helpers on byte ranges: code point lengths, counting and positions, without decoding to Java strings. */
final class Utf8 {
    private Utf8() {
    }

    /** Length in bytes of the code point whose first byte is {@code b}. */
    static int width(byte b) {
        if (b >= 0) {
            return 1;
        }
        if ((b & 0xE0) == 0xC0) {
            return 2;
        }
        if ((b & 0xF0) == 0xE0) {
            return 3;
        }
        return 4;
    }

    /** Number of code points in {@code b[start, end)}. */
    static int count(byte[] b, int start, int end) {
        int c = 0;
        for (int i = start; i < end; i++) {
            c += (b[i] & 0xC0) != 0x80 ? 1 : 0;
        }
        return c;
    }

    /** Byte offset of the code point {@code k} code points after {@code start} (clamped to {@code end}). */
    static int advance(byte[] b, int start, int end, long k) {
        int p = start;
        while (k > 0 && p < end) {
            p += width(b[p]);
            k--;
        }
        return Math.min(p, end);
    }

    static int decode(byte[] b, int p, int w) {
        switch (w) {
            case 1: return b[p];
            case 2: return ((b[p] & 0x1F) << 6) | (b[p + 1] & 0x3F);
            case 3: return ((b[p] & 0x0F) << 12) | ((b[p + 1] & 0x3F) << 6) | (b[p + 2] & 0x3F);
            default: return ((b[p] & 0x07) << 18) | ((b[p + 1] & 0x3F) << 12) | ((b[p + 2] & 0x3F) << 6) | (b[p + 3] & 0x3F);
        }
    }

    /** Encodes {@code cp} into {@code out} at {@code p}; returns the bytes written. */
    static int encode(int cp, byte[] out, int p) {
        if (cp < 0x80) {
            out[p] = (byte) cp;
            return 1;
        }
        if (cp < 0x800) {
            out[p] = (byte) (0xC0 | (cp >> 6));
            out[p + 1] = (byte) (0x80 | (cp & 0x3F));
            return 2;
        }
        if (cp < 0x10000) {
            out[p] = (byte) (0xE0 | (cp >> 12));
            out[p + 1] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            out[p + 2] = (byte) (0x80 | (cp & 0x3F));
            return 3;
        }
        out[p] = (byte) (0xF0 | (cp >> 18));
        out[p + 1] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        out[p + 2] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        out[p + 3] = (byte) (0x80 | (cp & 0x3F));
        return 4;
    }

    /** Index of {@code needle} in {@code hay[hs, he)} at or after {@code from}, or -1 (naive search; needles are short). */
    static int indexOf(byte[] hay, int from, int he, byte[] nd, int ns, int nl) {
        if (nl == 0) {
            return from;
        }
        byte first = nd[ns];
        int last = he - nl;
        outer:
        for (int i = from; i <= last; i++) {
            if (hay[i] != first) {
                continue;
            }
            for (int k = 1; k < nl; k++) {
                if (hay[i + k] != nd[ns + k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Case-maps {@code src[start, end)} code point by code point into {@code out} (a buffer of at least 4/3 the size); returns the length. */
    static int mapCase(byte[] src, int start, int end, byte[] out, boolean upper) {
        int o = 0;
        for (int p = start; p < end; ) {
            byte b = src[p];
            if (b >= 0) {
                int c = b;
                if (upper && c >= 'a' && c <= 'z') {
                    c -= 32;
                } else if (!upper && c >= 'A' && c <= 'Z') {
                    c += 32;
                }
                out[o++] = (byte) c;
                p++;
                continue;
            }
            int w = Math.min(width(b), end - p);
            int cp = decode(src, p, w);
            // utf8proc (DuckDB) maps ß to capital sharp s; Java keeps ß
            int m = upper ? (cp == 0xDF ? 0x1E9E : Character.toUpperCase(cp)) : Character.toLowerCase(cp);
            o += encode(m, out, o);
            p += w;
        }
        return o;
    }
}
