package io.daft.csv;

import io.daft.core.DaftException;
import io.daft.io.InputFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Splits CSV bytes into records and fields (RFC 4180: quoted fields may hold delimiters, line breaks and doubled
 * quotes) without making strings. The file is read in blocks; the fields of the records parsed since the last
 * {@link #startBlock()} are positions in {@link #buffer()}, which only grows until the next {@code startBlock}.
 * Comment lines are skipped, and so are blank lines unless {@link #blankLinesAreRecords} (one-column files). Line
 * numbers count physical lines, from 1.
 */
final class CsvTokenizer {
    static final int QUOTED = 1;
    static final int NEEDS_UNESCAPE = 2;
    private static final int BLOCK = 1 << 20;

    private final InputFile file;
    private final long fileLength;
    private final byte delimiter;
    private final byte quote;
    private final byte escape;
    private final int comment;

    /** A file of one column writes NULL (or "") as an empty line, so blank lines are records there. */
    private boolean blankLinesAreRecords;
    private long filePosition;
    private byte[] buf = new byte[BLOCK];
    private int limit;
    private int pos;
    private long line = 1;

    private int[] starts = new int[4096];
    private int[] ends = new int[4096];
    private byte[] flags = new byte[4096];
    private int fieldCount;
    private long[] recordLines = new long[1024];
    private int recordCount;

    CsvTokenizer(InputFile file, CsvOptions options) throws IOException {
        this.file = file;
        this.fileLength = file.length();
        this.delimiter = (byte) options.delimiter();
        this.quote = (byte) options.quote();
        this.escape = (byte) options.escape();
        this.comment = options.comment().isPresent() ? options.comment().get() : -1000;
        fill();
        if (limit >= 3 && buf[0] == (byte) 0xEF && buf[1] == (byte) 0xBB && buf[2] == (byte) 0xBF) {
            pos = 3; // UTF-8 byte order mark
        }
    }

    /** Whether a blank line is a record with one empty field (true for one-column files) or skipped. */
    void blankLinesAreRecords(boolean value) {
        blankLinesAreRecords = value;
    }

    String path() {
        return file.path();
    }

    byte[] buffer() {
        return buf;
    }

    int start(int field) {
        return starts[field];
    }

    int end(int field) {
        return ends[field];
    }

    int flags(int field) {
        return flags[field];
    }

    /** Fields parsed since {@link #startBlock()}. */
    int fieldCount() {
        return fieldCount;
    }

    long recordLine(int record) {
        return recordLines[record];
    }

    int recordCount() {
        return recordCount;
    }

    /** Forgets the parsed records and drops the bytes before the next record from the buffer. */
    void startBlock() {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        fieldCount = 0;
        recordCount = 0;
    }

    /** Appends more of the file to the buffer (positions stay valid); false at the end of the file. */
    private boolean fill() throws IOException {
        long remaining = fileLength - filePosition;
        if (remaining <= 0) {
            return false;
        }
        if (buf.length - limit < BLOCK / 4) {
            long want = Math.max((long) buf.length * 2, (long) limit + BLOCK);
            if (want > Integer.MAX_VALUE - 16) {
                throw new DaftException(file.path() + " line " + line + ": a CSV record is larger than 2 GiB "
                        + "(is a quote left open?)");
            }
            buf = Arrays.copyOf(buf, (int) want);
        }
        int n = (int) Math.min(Math.min(remaining, buf.length - limit), BLOCK);
        ByteBuffer bb = file.read(filePosition, n);
        bb.get(buf, limit, n);
        limit += n;
        filePosition += n;
        return true;
    }

    private void addField(int start, int end, int flag) {
        if (fieldCount == starts.length) {
            int n = fieldCount * 2;
            starts = Arrays.copyOf(starts, n);
            ends = Arrays.copyOf(ends, n);
            flags = Arrays.copyOf(flags, n);
        }
        starts[fieldCount] = start;
        ends[fieldCount] = end;
        flags[fieldCount] = (byte) flag;
        fieldCount++;
    }

    /** Parses the next record and appends its fields; returns its field count, or -1 at the end of the file. */
    int nextRecord() throws IOException {
        int p = pos;
        while (true) {
            if (p >= limit && !fill()) {
                pos = p;
                return -1;
            }
            byte b = buf[p];
            if ((b == '\n' || b == '\r') && !blankLinesAreRecords) {
                p = newline(p);
                continue;
            }
            if (b == comment) {
                while ((p < limit || fill()) && buf[p] != '\n' && buf[p] != '\r') {
                    p++;
                }
                if (p < limit) {
                    p = newline(p);
                }
                continue;
            }
            break;
        }
        long recordLine = line;
        int nf = 0;
        while (true) {
            if (p >= limit && !fill()) {
                addField(p, p, 0); // the record ended with a delimiter: an empty last field
                nf++;
                break;
            }
            if (buf[p] == quote) {
                long quoteLine = line;
                p++;
                int start = p;
                int flag = QUOTED;
                while (true) {
                    if (p >= limit && !fill()) {
                        throw new DaftException(file.path() + " line " + quoteLine
                                + ": quoted field is not closed before the end of the file");
                    }
                    byte c = buf[p];
                    if (c == quote) {
                        if (escape == quote && (p + 1 < limit || fill()) && buf[p + 1] == quote) {
                            flag |= NEEDS_UNESCAPE;
                            p += 2;
                            continue;
                        }
                        break;
                    }
                    if (c == escape) {
                        flag |= NEEDS_UNESCAPE;
                        p++;
                        if (p >= limit && !fill()) {
                            continue; // reported as unclosed above
                        }
                        c = buf[p];
                    }
                    if (c == '\n') {
                        line++;
                    }
                    p++;
                }
                addField(start, p, flag);
                nf++;
                p++; // closing quote
                if (p >= limit && !fill()) {
                    break;
                }
                byte c = buf[p];
                if (c == delimiter) {
                    p++;
                    continue;
                }
                if (c == '\n' || c == '\r') {
                    p = newline(p);
                    break;
                }
                throw new DaftException(file.path() + " line " + line + ": unexpected character '" + (char) (c & 0xFF)
                        + "' after the closing quote of field " + nf + " (quotes inside a field must be doubled)");
            }
            int start = p;
            byte[] b = buf;
            int lim = limit;
            while (true) {
                while (p < lim) {
                    byte c = b[p];
                    if (c == delimiter || c == '\n' || c == '\r') {
                        break;
                    }
                    p++;
                }
                if (p < lim || !fill()) {
                    break;
                }
                b = buf;
                lim = limit;
            }
            addField(start, p, 0);
            nf++;
            if (p >= limit) {
                break;
            }
            if (buf[p] == delimiter) {
                p++;
                continue;
            }
            p = newline(p);
            break;
        }
        pos = p;
        if (recordCount == recordLines.length) {
            recordLines = Arrays.copyOf(recordLines, recordCount * 2);
        }
        recordLines[recordCount++] = recordLine;
        return nf;
    }

    /** Consumes the line break at {@code p} (LF, CRLF or CR). */
    private int newline(int p) throws IOException {
        line++;
        if (buf[p] == '\r') {
            p++;
            if ((p < limit || fill()) && buf[p] == '\n') {
                p++;
            }
            return p;
        }
        return p + 1;
    }

    /** The unescaped bytes of a field that needs it, written into {@code dst} (resized as needed); returns length. */
    byte[] unescape(int field, byte[] dst, int[] lengthOut) {
        int s = starts[field];
        int e = ends[field];
        if (dst.length < e - s) {
            dst = new byte[e - s];
        }
        int n = 0;
        for (int i = s; i < e; i++) {
            byte c = buf[i];
            if (c == escape && i + 1 < e) {
                i++;
                c = buf[i];
            }
            dst[n++] = c;
        }
        lengthOut[0] = n;
        return dst;
    }
}
