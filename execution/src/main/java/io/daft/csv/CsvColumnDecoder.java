package io.daft.csv;

import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.recordbatch.RecordBatch;
import io.daft.recordbatch.Vectors;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the fields of a block of tokenized records into Arrow vectors, one column at a time with a loop per
 * type: numbers, dates and timestamps are parsed from the field bytes, strings are copied byte for byte.
 *
 * <p>A field is NULL when its text equals one of the null values, quoted or not (as DuckDB's and Daft's readers
 * do: with the default null value {@code ""} the empty string cannot be told from NULL).
 */
final class CsvColumnDecoder {
    private final CsvTokenizer tok;
    private final byte[][] nulls;
    private final CsvValueParser parser = new CsvValueParser();
    private byte[] scratch = new byte[256];
    private final int[] len = new int[1];
    // the field loaded by load()
    private byte[] fb;
    private int fs;
    private int fe;

    CsvColumnDecoder(CsvTokenizer tok, CsvOptions options) {
        this.tok = tok;
        this.nulls = options.nullValueBytes();
    }

    RecordBatch decode(Schema outputSchema, int[] indices, int ncols, int rows) {
        List<FieldVector> vectors = new ArrayList<>(indices.length);
        try {
            for (int j = 0; j < indices.length; j++) {
                vectors.add(decodeColumn(outputSchema.field(j), indices[j], ncols, rows));
            }
        } catch (RuntimeException e) {
            vectors.forEach(FieldVector::close);
            throw e;
        }
        return RecordBatch.of(outputSchema, vectors, rows);
    }

    /** Loads field {@code idx} into (fb, fs, fe); returns false if it is NULL. */
    private boolean load(int idx) {
        if ((tok.flags(idx) & CsvTokenizer.NEEDS_UNESCAPE) != 0) {
            scratch = tok.unescape(idx, scratch, len);
            fb = scratch;
            fs = 0;
            fe = len[0];
        } else {
            fb = tok.buffer();
            fs = tok.start(idx);
            fe = tok.end(idx);
        }
        return !CsvReader.isNull(fb, fs, fe, nulls);
    }

    private DaftException parseError(int row, Field field) {
        String text = new String(fb, fs, Math.min(fe - fs, 200), StandardCharsets.UTF_8);
        return new DaftException(tok.path() + " line " + tok.recordLine(row) + ", column '" + field.name()
                + "': cannot parse \"" + text + "\" as " + field.dataType());
    }

    private FieldVector decodeColumn(Field field, int c, int ncols, int rows) {
        DataType type = field.dataType();
        FieldVector v = Vectors.allocate(field, rows);
        try {
            switch (type.id()) {
                case NULL:
                    break;
                case UTF8:
                case BINARY:
                    decodeBytes((BaseVariableWidthVector) v, c, ncols, rows);
                    break;
                case DECIMAL:
                    decodeDecimal((DecimalVector) v, field, c, ncols, rows);
                    break;
                default:
                    decodeFixed(v, field, c, ncols, rows);
            }
            v.setValueCount(rows);
            return v;
        } catch (RuntimeException e) {
            v.close();
            throw e;
        }
    }

    private void decodeFixed(FieldVector v, Field field, int c, int ncols, int rows) {
        ArrowBuf validity = v.getValidityBuffer();
        ArrowBuf data = v.getDataBuffer();
        CsvValueParser p = parser;
        DataType type = field.dataType();
        switch (type.id()) {
            case BOOLEAN:
                for (int r = 0; r < rows; r++) {
                    if (load(r * ncols + c)) {
                        if (!p.parseBoolean(fb, fs, fe)) {
                            throw parseError(r, field);
                        }
                        BitVectorHelper.setBit(validity, r);
                        if (p.boolValue) {
                            BitVectorHelper.setBit(data, r);
                        }
                    }
                }
                break;
            case INT8:
            case INT16:
            case INT32:
            case INT64: {
                int width = type.id() == io.daft.core.TypeId.INT8 ? 1 : type.id() == io.daft.core.TypeId.INT16 ? 2
                        : type.id() == io.daft.core.TypeId.INT32 ? 4 : 8;
                long lo = width == 8 ? Long.MIN_VALUE : -(1L << (width * 8 - 1));
                long hi = width == 8 ? Long.MAX_VALUE : (1L << (width * 8 - 1)) - 1;
                for (int r = 0; r < rows; r++) {
                    if (load(r * ncols + c)) {
                        if (!p.parseLong(fb, fs, fe) || p.longValue < lo || p.longValue > hi) {
                            throw parseError(r, field);
                        }
                        BitVectorHelper.setBit(validity, r);
                        long x = p.longValue;
                        switch (width) {
                            case 1: data.setByte(r, (byte) x); break;
                            case 2: data.setShort((long) r << 1, (short) x); break;
                            case 4: data.setInt((long) r << 2, (int) x); break;
                            default: data.setLong((long) r << 3, x); break;
                        }
                    }
                }
                break;
            }
            case FLOAT32:
            case FLOAT64: {
                boolean isDouble = type.id() == io.daft.core.TypeId.FLOAT64;
                for (int r = 0; r < rows; r++) {
                    if (load(r * ncols + c)) {
                        if (!p.parseDouble(fb, fs, fe)) {
                            throw parseError(r, field);
                        }
                        BitVectorHelper.setBit(validity, r);
                        if (isDouble) {
                            data.setDouble((long) r << 3, p.doubleValue);
                        } else {
                            data.setFloat((long) r << 2, (float) p.doubleValue);
                        }
                    }
                }
                break;
            }
            case DATE:
                for (int r = 0; r < rows; r++) {
                    if (load(r * ncols + c)) {
                        if (!p.parseDate(fb, fs, fe)) {
                            throw parseError(r, field);
                        }
                        BitVectorHelper.setBit(validity, r);
                        data.setInt((long) r << 2, p.dayValue);
                    }
                }
                break;
            case TIMESTAMP: {
                long perSecond = type.timeUnit().perSecond();
                for (int r = 0; r < rows; r++) {
                    if (load(r * ncols + c)) {
                        if (!p.parseTimestamp(fb, fs, fe, perSecond)) {
                            throw parseError(r, field);
                        }
                        BitVectorHelper.setBit(validity, r);
                        data.setLong((long) r << 3, p.longValue);
                    }
                }
                break;
            }
            default:
                throw new DaftException("CSV column '" + field.name() + "' of " + tok.path() + " cannot have type " + type);
        }
    }

    private void decodeDecimal(DecimalVector v, Field field, int c, int ncols, int rows) {
        int precision = field.dataType().precision();
        int scale = field.dataType().scale();
        for (int r = 0; r < rows; r++) {
            if (load(r * ncols + c)) {
                BigDecimal d;
                try {
                    String text = new String(fb, fs, fe - fs, StandardCharsets.ISO_8859_1).trim();
                    d = new BigDecimal(text).setScale(scale, RoundingMode.HALF_UP);
                } catch (NumberFormatException e) {
                    throw parseError(r, field);
                }
                if (d.precision() > precision) {
                    throw parseError(r, field);
                }
                v.set(r, d);
            }
        }
    }

    private void decodeBytes(BaseVariableWidthVector v, int c, int ncols, int rows) {
        long total = 0;
        for (int r = 0; r < rows; r++) {
            int idx = r * ncols + c;
            total += tok.end(idx) - tok.start(idx);
        }
        v.allocateNew(Math.max(1, total), rows);
        ArrowBuf validity = v.getValidityBuffer();
        ArrowBuf offsets = v.getOffsetBuffer();
        ArrowBuf data = v.getDataBuffer();
        int pos = 0;
        offsets.setInt(0, 0);
        for (int r = 0; r < rows; r++) {
            if (load(r * ncols + c)) {
                int n = fe - fs;
                data.setBytes(pos, fb, fs, n);
                pos += n;
                BitVectorHelper.setBit(validity, r);
            }
            offsets.setInt((long) (r + 1) << 2, pos);
        }
        v.setLastSet(rows - 1);
    }
}
