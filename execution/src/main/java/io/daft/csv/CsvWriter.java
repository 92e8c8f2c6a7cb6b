package io.daft.csv;

import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.core.TimeUnit;
import io.daft.core.TypeId;
import io.daft.recordbatch.RecordBatch;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/**
 * Writes record batches as CSV: a header line (if {@link CsvOptions#hasHeader()}), fields quoted only when
 * needed (delimiter, quote, line break, leading/trailing space, or text that would read back as NULL), quotes
 * escaped as {@link CsvOptions#escape()} says, NULL written as the first null value. Dates are ISO yyyy-mm-dd,
 * timestamps ISO yyyy-mm-ddThh:mm:ss[.fraction] with a trailing Z for time-zone-aware ones, years before 1 as
 * DuckDB writes them ({@code 0044-03-15 (BC)}, {@code 0044-03-15 (BC) 12:30:00.5}), decimals plain,
 * binary values as their raw bytes. Batches stay owned by the caller.
 */
public final class CsvWriter implements AutoCloseable {
    private final Path file;
    private final Schema schema;
    private final CsvOptions options;
    private final OutputStream out;
    private final byte delimiter;
    private final byte quote;
    private final byte escape;
    private final byte[] nullText;
    private final byte[][] nullValues;
    private byte[] buf = new byte[1 << 16];
    private int size;
    private boolean closed;

    private CsvWriter(Path file, Schema schema, CsvOptions options, OutputStream out) {
        this.file = file;
        this.schema = schema;
        this.options = options;
        this.out = out;
        this.delimiter = (byte) options.delimiter();
        this.quote = (byte) options.quote();
        this.escape = (byte) options.escape();
        this.nullText = options.nullValues().isEmpty() ? new byte[0]
                : options.nullValues().get(0).getBytes(StandardCharsets.UTF_8);
        this.nullValues = options.nullValueBytes();
    }

    /** Creates (or truncates) {@code file} and writes the header line. */
    public static CsvWriter create(Path file, Schema schema, CsvOptions options) {
        requireNonNull(file, "file");
        requireNonNull(schema, "schema");
        requireNonNull(options, "options");
        for (Field f : schema.fields()) {
            if (f.dataType().isNested()) {
                throw new DaftException("cannot write column '" + f.name() + "' of type " + f.dataType()
                        + " to CSV file " + file + ": nested types have no CSV form");
            }
        }
        OutputStream os;
        try {
            os = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new DaftException("cannot create CSV file " + file + ": " + e.getMessage(), e);
        }
        CsvWriter w = new CsvWriter(file, schema, options, os);
        if (options.hasHeader()) {
            for (int c = 0; c < schema.size(); c++) {
                if (c > 0) {
                    w.put(w.delimiter);
                }
                byte[] name = schema.field(c).name().getBytes(StandardCharsets.UTF_8);
                w.writeText(name, 0, name.length, true);
            }
            w.put((byte) '\n');
        }
        return w;
    }

    /** Appends the rows of {@code batch} (columns of the writer's types, in order). */
    public void write(RecordBatch batch) {
        if (closed) {
            throw new IllegalStateException("CSV writer for " + file + " is closed");
        }
        if (batch.numColumns() != schema.size()) {
            throw new DaftException("cannot write a batch with columns " + batch.schema().names() + " to CSV file "
                    + file + " with columns " + schema.names());
        }
        int ncols = schema.size();
        FieldVector[] vectors = new FieldVector[ncols];
        TypeId[] kinds = new TypeId[ncols];
        for (int c = 0; c < ncols; c++) {
            Field want = schema.field(c);
            if (!want.dataType().equals(batch.schema().field(c).dataType())) {
                throw new DaftException("column '" + want.name() + "' of CSV file " + file + " has type "
                        + want.dataType() + " but the batch's column has type " + batch.schema().field(c).dataType());
            }
            vectors[c] = batch.column(c);
            kinds[c] = want.dataType().id();
        }
        try {
            int rows = batch.rowCount();
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < ncols; c++) {
                    if (c > 0) {
                        put(delimiter);
                    }
                    FieldVector v = vectors[c];
                    if (kinds[c] == TypeId.NULL || v.isNull(r)) {
                        write(nullText, 0, nullText.length);
                        continue;
                    }
                    writeValue(kinds[c], schema.field(c).dataType(), v, r);
                }
                put((byte) '\n');
                if (size > (1 << 20)) {
                    flushBuffer();
                }
            }
        } catch (IOException e) {
            throw new DaftException("error writing CSV file " + file + ": " + e.getMessage(), e);
        }
    }

    private void writeValue(TypeId kind, DataType type, FieldVector v, int r) {
        ArrowBuf data = kind == TypeId.UTF8 || kind == TypeId.BINARY || kind == TypeId.DECIMAL ? null : v.getDataBuffer();
        switch (kind) {
            case BOOLEAN: {
                boolean b = ((data.getByte(r >>> 3) >>> (r & 7)) & 1) != 0;
                writeAscii(b ? "true" : "false");
                break;
            }
            case INT8: writeLong(data.getByte(r)); break;
            case INT16: writeLong(data.getShort((long) r << 1)); break;
            case INT32: writeLong(data.getInt((long) r << 2)); break;
            case INT64: writeLong(data.getLong((long) r << 3)); break;
            case FLOAT32: writeAscii(Float.toString(data.getFloat((long) r << 2))); break;
            case FLOAT64: writeAscii(Double.toString(data.getDouble((long) r << 3))); break;
            case DECIMAL: writeAscii(((DecimalVector) v).getObject(r).toPlainString()); break;
            case DATE: writeDate(data.getInt((long) r << 2)); break;
            case TIMESTAMP: writeTimestamp(data.getLong((long) r << 3), type.timeUnit(), type.timeZone().isPresent()); break;
            case UTF8:
            case BINARY: {
                ArrowBuf offsets = v.getOffsetBuffer();
                int s = offsets.getInt((long) r << 2);
                int n = offsets.getInt((long) (r + 1) << 2) - s;
                ensure(n);
                byte[] tmp = scratch(n);
                v.getDataBuffer().getBytes(s, tmp, 0, n);
                writeText(tmp, 0, n, false);
                break;
            }
            default:
                throw new AssertionError(kind);
        }
    }

    private byte[] scratchBuf = new byte[256];

    private byte[] scratch(int n) {
        if (scratchBuf.length < n) {
            scratchBuf = new byte[Math.max(n, scratchBuf.length * 2)];
        }
        return scratchBuf;
    }

    /** A text field, quoted when it would otherwise not read back as itself. */
    private void writeText(byte[] b, int s, int n, boolean header) {
        boolean needsQuote = n > 0 && (b[s] == ' ' || b[s + n - 1] == ' '
                || (options.comment().isPresent() && b[s] == options.comment().get()));
        if (!header) {
            for (byte[] nv : nullValues) {
                if (nv.length == n && Arrays.equals(b, s, s + n, nv, 0, n)) {
                    needsQuote = true;
                    break;
                }
            }
        }
        for (int i = s; i < s + n && !needsQuote; i++) {
            byte c = b[i];
            needsQuote = c == delimiter || c == quote || c == '\n' || c == '\r' || c == escape;
        }
        if (!needsQuote) {
            write(b, s, n);
            return;
        }
        ensure(2 * n + 2);
        buf[size++] = quote;
        for (int i = s; i < s + n; i++) {
            byte c = b[i];
            if (c == quote || (c == escape && escape != quote)) {
                buf[size++] = escape;
            }
            buf[size++] = c;
        }
        buf[size++] = quote;
    }

    /** Writes a date; true if it was BC. */
    private boolean writeDate(int epochDay) {
        long z = epochDay + 719_468L;
        long era = (z >= 0 ? z : z - 146_096) / 146_097;
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long y = yoe + era * 400;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int d = (int) (doy - (153 * mp + 2) / 5 + 1);
        int m = (int) (mp < 10 ? mp + 3 : mp - 9);
        if (m <= 2) {
            y++;
        }
        if (y > 9999 || y < -9998) {
            writeAscii(LocalDate.ofEpochDay(epochDay).toString());
            return false;
        }
        // years before 1 as DuckDB writes them: proleptic year 0 is 1 BC, written 0001-01-01 (BC)
        boolean bc = y <= 0;
        ensure(15);
        digits(bc ? 1 - y : y, 4);
        buf[size++] = '-';
        digits(m, 2);
        buf[size++] = '-';
        digits(d, 2);
        if (bc) {
            writeAscii(" (BC)");
        }
        return bc;
    }

    private void writeTimestamp(long ticks, TimeUnit unit, boolean utc) {
        long perSecond = unit.perSecond();
        long seconds = Math.floorDiv(ticks, perSecond);
        long fraction = Math.floorMod(ticks, perSecond);
        int day = (int) Math.floorDiv(seconds, 86_400L);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        boolean bc = writeDate(day);
        ensure(32);
        // after a BC date the separator is a space, as DuckDB writes 0044-03-15 (BC) 12:30:00
        buf[size++] = bc ? (byte) ' ' : (byte) 'T';
        digits(secondOfDay / 3600, 2);
        buf[size++] = ':';
        digits(secondOfDay / 60 % 60, 2);
        buf[size++] = ':';
        digits(secondOfDay % 60, 2);
        if (fraction != 0) {
            buf[size++] = '.';
            int width = unit == TimeUnit.MILLISECONDS ? 3 : unit == TimeUnit.MICROSECONDS ? 6 : 9;
            digits(fraction, width);
        }
        if (utc) {
            buf[size++] = 'Z';
        }
    }

    private void digits(long v, int width) {
        for (int i = width - 1; i >= 0; i--) {
            buf[size + i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        size += width;
    }

    private void writeLong(long v) {
        if (v == Long.MIN_VALUE) {
            writeAscii("-9223372036854775808");
            return;
        }
        ensure(20);
        if (v < 0) {
            buf[size++] = '-';
            v = -v;
        }
        int n = 1;
        for (long t = v; t >= 10; t /= 10) {
            n++;
        }
        digits(v, n);
    }

    private void writeAscii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[size++] = (byte) s.charAt(i);
        }
    }

    private void put(byte b) {
        ensure(1);
        buf[size++] = b;
    }

    private void write(byte[] b, int s, int n) {
        ensure(n);
        System.arraycopy(b, s, buf, size, n);
        size += n;
    }

    private void ensure(int n) {
        if (size + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
        }
    }

    private void flushBuffer() throws IOException {
        out.write(buf, 0, size);
        size = 0;
    }

    /** Flushes and closes the file. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (OutputStream o = out) {
            flushBuffer();
        } catch (IOException e) {
            throw new DaftException("error finishing CSV file " + file + ": " + e.getMessage(), e);
        }
    }
}
