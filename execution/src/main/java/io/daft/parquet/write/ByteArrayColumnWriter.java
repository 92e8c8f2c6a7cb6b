package io.daft.parquet.write;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.Statistics;
import org.apache.parquet.format.Type;

import java.util.Arrays;

/**
 * BYTE_ARRAY columns (UTF8 strings and binary). Values are copied out of the Arrow data buffer in bulk; pages are
 * dictionary encoded while the dictionary stays under the page size and pays off, else PLAIN. Statistics
 * compare bytes unsigned (the order of STRING and of plain binary); bounds longer than
 * {@link #MAX_STATISTICS_BYTES} are truncated (the max rounded up) and marked inexact.
 */
public final class ByteArrayColumnWriter extends ColumnChunkWriter {
    static final int MAX_STATISTICS_BYTES = 1024;

    private final boolean dictionaryEnabled;
    private final ByteSink pageData = new ByteSink(1 << 12);
    private int[] offsets = new int[1025];
    private int count;
    private int[] ids = new int[0];
    private final BinaryDictionary dictionary = new BinaryDictionary();
    private boolean dictionaryMode;
    private boolean dictionaryUsed;

    private boolean hasStats;
    private byte[] min = new byte[64];
    private int minLen;
    private byte[] max = new byte[64];
    private int maxLen;
    private long minPrefix;
    private long maxPrefix;

    public ByteArrayColumnWriter(ColumnSpec spec, PageCompressor compressor, int pageSizeBytes,
            boolean dictionaryEnabled) {
        super(spec.path(), spec.maxDefinitionLevel(), spec.maxRepetitionLevel(), Type.BYTE_ARRAY, compressor, pageSizeBytes);
        this.dictionaryEnabled = dictionaryEnabled;
        this.dictionaryMode = dictionaryEnabled;
    }

    @Override
    protected int appendValues(FieldVector v, ArrowBuf validity, boolean hasNulls, int from, int to) {
        ArrowBuf offs = v.getOffsetBuffer();
        ArrowBuf data = v.getDataBuffer();
        long budget = Math.max(1, pageSizeBytes - pageValueBytes());
        int end = from;
        int added = 0;
        long bytes = 0;
        if (!hasNulls) {
            int s0 = offs.getInt((long) from << 2);
            int e = s0;
            while (end < to) {
                e = offs.getInt((long) (end + 1) << 2);
                end++;
                if (e - s0 + 4L * (end - from) >= budget) {
                    break;
                }
            }
            int n = end - from;
            ensureOffsets(count + n);
            int base = pageData.size() - s0;
            pageData.write(data, s0, e - s0);
            for (int j = 1; j <= n; j++) {
                offsets[count + j] = base + offs.getInt((long) (from + j) << 2);
            }
            added = n;
            bytes = e - s0;
        } else {
            while (end < to) {
                int i = end++;
                if (isValid(validity, i)) {
                    int s = offs.getInt((long) i << 2);
                    int len = offs.getInt((long) (i + 1) << 2) - s;
                    ensureOffsets(count + added + 1);
                    pageData.write(data, s, len);
                    offsets[count + added + 1] = pageData.size();
                    added++;
                    bytes += len;
                    if (bytes + 4L * added >= budget) {
                        break;
                    }
                }
            }
        }
        count += added;
        rawBytes += bytes + 4L * added;
        return end;
    }

    private void ensureOffsets(int n) {
        if (n + 1 > offsets.length) {
            offsets = Arrays.copyOf(offsets, Math.max(offsets.length * 2, n + 1));
        }
    }

    @Override
    protected long pageValueBytes() {
        return pageData.size() + 4L * count;
    }

    @Override
    protected Encoding encodePageValues(ByteSink out) {
        byte[] d = pageData.array();
        if (dictionaryMode) {
            int before = dictionary.size();
            if (ids.length < count) {
                ids = new int[Math.max(count, ids.length * 2)];
            }
            for (int i = 0; i < count; i++) {
                int size = dictionary.size();
                int id = dictionary.getOrAdd(d, offsets[i], offsets[i + 1] - offsets[i]);
                ids[i] = id;
                if (id == size) {
                    updateStats(d, offsets[i], offsets[i + 1] - offsets[i]);
                }
            }
            int size = dictionary.size();
            int bitWidth = RleEncoder.bitWidth(size - 1);
            boolean tooBig = dictionary.plainBytes() > pageSizeBytes;
            boolean poor = !dictionaryUsed && dictionary.plainBytes() + (long) count * bitWidth / 8 + 2 >= pageValueBytes();
            if (tooBig || poor) {
                dictionaryMode = false;
                if (dictionaryUsed) {
                    dictionary.truncate(before);
                } else {
                    dictionary.clear();
                }
            } else {
                dictionaryUsed = true;
                out.writeByte(bitWidth);
                RleEncoder.encode(ids, count, bitWidth, out);
                clearPage();
                return Encoding.RLE_DICTIONARY;
            }
            // every value of this page was either added to the dictionary now (and counted) or earlier
        } else {
            for (int i = 0; i < count; i++) {
                updateStats(d, offsets[i], offsets[i + 1] - offsets[i]);
            }
        }
        int at = out.skip((int) pageValueBytes());
        byte[] o = out.array();
        for (int i = 0; i < count; i++) {
            int off = offsets[i];
            int len = offsets[i + 1] - off;
            LittleEndian.putInt(o, at, len);
            System.arraycopy(d, off, o, at + 4, len);
            at += 4 + len;
        }
        clearPage();
        return Encoding.PLAIN;
    }

    private void clearPage() {
        count = 0;
        pageData.reset();
        offsets[0] = 0;
    }

    private void updateStats(byte[] b, int off, int len) {
        if (!hasStats) {
            min = copy(min, b, off, len);
            minLen = len;
            max = copy(max, b, off, len);
            maxLen = len;
            minPrefix = prefix(b, off, len);
            maxPrefix = minPrefix;
            hasStats = true;
            return;
        }
        // Compare 8-byte big-endian prefixes first (zero padded: a differing prefix decides the order), and
        // the whole values only on a tie.
        long prefix = prefix(b, off, len);
        int toMin = Long.compareUnsigned(prefix, minPrefix);
        if (toMin < 0 || (toMin == 0 && Arrays.compareUnsigned(b, off, off + len, min, 0, minLen) < 0)) {
            min = copy(min, b, off, len);
            minLen = len;
            minPrefix = prefix;
            return;
        }
        int toMax = Long.compareUnsigned(prefix, maxPrefix);
        if (toMax > 0 || (toMax == 0 && Arrays.compareUnsigned(b, off, off + len, max, 0, maxLen) > 0)) {
            max = copy(max, b, off, len);
            maxLen = len;
            maxPrefix = prefix;
        }
    }

    private static long prefix(byte[] b, int off, int len) {
        if (len >= 8) {
            return BigEndian.getLong(b, off);
        }
        long p = 0;
        for (int i = 0; i < 8; i++) {
            p = (p << 8) | (i < len ? b[off + i] & 0xFF : 0);
        }
        return p;
    }

    private static byte[] copy(byte[] dst, byte[] src, int off, int len) {
        byte[] d = dst.length >= len ? dst : new byte[Math.max(len, dst.length * 2)];
        System.arraycopy(src, off, d, 0, len);
        return d;
    }

    @Override
    protected int encodeDictionary(ByteSink out) {
        if (!dictionaryUsed) {
            return -1;
        }
        int size = dictionary.size();
        byte[] d = dictionary.bytes();
        out.ensure((int) dictionary.plainBytes());
        for (int id = 0; id < size; id++) {
            out.writeIntLE(dictionary.length(id));
            out.write(d, dictionary.start(id), dictionary.length(id));
        }
        return size;
    }

    @Override
    protected void fillStatistics(Statistics stats) {
        if (!hasStats) {
            return;
        }
        if (minLen <= MAX_STATISTICS_BYTES) {
            stats.setMin_value(Arrays.copyOf(min, minLen));
        } else {
            stats.setMin_value(Arrays.copyOf(min, MAX_STATISTICS_BYTES)); // a prefix sorts first: still a bound
            stats.setIs_min_value_exact(false);
        }
        if (maxLen <= MAX_STATISTICS_BYTES) {
            stats.setMax_value(Arrays.copyOf(max, maxLen));
        } else {
            // round the prefix up: increment its last byte that is not 0xFF and drop what follows
            for (int i = MAX_STATISTICS_BYTES - 1; i >= 0; i--) {
                if (max[i] != (byte) 0xFF) {
                    byte[] bound = Arrays.copyOf(max, i + 1);
                    bound[i]++;
                    stats.setMax_value(bound);
                    stats.setIs_max_value_exact(false);
                    break;
                }
            }
            if (!stats.isSetMax_value()) {
                stats.unsetMin_value(); // no finite upper bound: publish neither
            }
        }
    }

    @Override
    protected void resetChunk() {
        dictionary.clear();
        dictionaryMode = dictionaryEnabled;
        dictionaryUsed = false;
        hasStats = false;
    }
}
