package io.daft.csv;

import io.daft.core.CloseableIterator;
import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.core.TimeUnit;
import io.daft.io.InputFile;
import io.daft.recordbatch.RecordBatch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Reads CSV files into record batches: schema inference over the first records, and streaming reads that parse
 * field bytes straight into Arrow vectors (a byte-level tokenizer, no string per numeric field).
 *
 * <p>Errors name the file and line: a record with the wrong number of fields, an unclosed quote, or a value that
 * does not parse as its column's type (also naming the column).
 */
public final class CsvReader {
    private static final int BOOL = 1;
    private static final int INT = 2;
    private static final int FLOAT = 4;
    private static final int DATE = 8;
    private static final int TIMESTAMP = 16;
    private static final int ALL = BOOL | INT | FLOAT | DATE | TIMESTAMP;

    private CsvReader() {
    }

    /**
     * The file's schema: the explicit one of {@code options} if given, else column names from the header (or
     * {@code column_0..n}) and, per column, the first of BOOLEAN, INT64, FLOAT64, DATE, TIMESTAMP (microseconds;
     * UTC when values carry offsets), UTF8 that every non-null value among the first
     * {@link CsvOptions#inferSchemaRows()} records parses as. All-null columns are UTF8.
     */
    public static Schema inferSchema(InputFile file, CsvOptions options) {
        requireNonNull(file, "file");
        requireNonNull(options, "options");
        if (options.schema().isPresent()) {
            return options.schema().get();
        }
        try {
            CsvTokenizer tok = new CsvTokenizer(file, options);
            byte[][] nulls = options.nullValueBytes();
            List<String> names = null;
            if (options.hasHeader()) {
                int nf = tok.nextRecord();
                if (nf < 0) {
                    throw new DaftException(file.path() + ": CSV file is empty, expected a header line");
                }
                names = new ArrayList<>();
                Set<String> seen = new HashSet<>();
                for (int i = 0; i < nf; i++) {
                    String name = fieldText(tok, i);
                    if (name.isEmpty()) {
                        name = "column_" + i;
                    }
                    if (!seen.add(name)) {
                        throw new DaftException(file.path() + " line 1: duplicate column name '" + name + "' in the CSV header");
                    }
                    names.add(name);
                }
            }
            int[] masks = null;
            boolean[] seenValue = null;
            boolean[] offsets = null;
            CsvValueParser parser = new CsvValueParser();
            int ncols = names == null ? -1 : names.size();
            tok.blankLinesAreRecords(ncols == 1);
            byte[] scratch = new byte[64];
            int[] len = new int[1];
            for (int row = 0; row < options.inferSchemaRows(); row++) {
                tok.startBlock();
                int nf = tok.nextRecord();
                if (nf < 0) {
                    break;
                }
                if (ncols < 0) {
                    ncols = nf;
                    tok.blankLinesAreRecords(ncols == 1);
                }
                if (nf != ncols) {
                    throw wrongFieldCount(tok, 0, ncols, nf);
                }
                if (masks == null) {
                    masks = new int[ncols];
                    java.util.Arrays.fill(masks, ALL);
                    seenValue = new boolean[ncols];
                    offsets = new boolean[ncols];
                }
                for (int c = 0; c < ncols; c++) {
                    int flags = tok.flags(c);
                    byte[] b = tok.buffer();
                    int s = tok.start(c);
                    int e = tok.end(c);
                    if ((flags & CsvTokenizer.NEEDS_UNESCAPE) != 0) {
                        b = scratch = tok.unescape(c, scratch, len);
                        s = 0;
                        e = len[0];
                    }
                    if (isNull(b, s, e, nulls) || s == e) {
                        continue;
                    }
                    seenValue[c] = true;
                    int m = masks[c];
                    if ((m & BOOL) != 0 && !parser.parseBoolean(b, s, e)) {
                        m &= ~BOOL;
                    }
                    if ((m & INT) != 0 && !parser.parseLong(b, s, e)) {
                        m &= ~INT;
                    }
                    if ((m & FLOAT) != 0 && !parser.parseDouble(b, s, e)) {
                        m &= ~FLOAT;
                    }
                    if ((m & DATE) != 0 && !parser.parseDate(b, s, e)) {
                        m &= ~DATE;
                    }
                    if ((m & TIMESTAMP) != 0) {
                        if (parser.parseTimestamp(b, s, e, TimeUnit.MICROSECONDS.perSecond())) {
                            offsets[c] |= parser.hadOffset;
                        } else {
                            m &= ~TIMESTAMP;
                        }
                    }
                    masks[c] = m;
                }
            }
            if (ncols < 0) {
                throw new DaftException(file.path() + ": CSV file is empty, cannot infer a schema");
            }
            List<Field> fields = new ArrayList<>(ncols);
            for (int c = 0; c < ncols; c++) {
                String name = names == null ? "column_" + c : names.get(c);
                DataType type = DataType.UTF8;
                if (masks != null && seenValue[c]) {
                    int m = masks[c];
                    if ((m & BOOL) != 0) {
                        type = DataType.BOOLEAN;
                    } else if ((m & INT) != 0) {
                        type = DataType.INT64;
                    } else if ((m & FLOAT) != 0) {
                        type = DataType.FLOAT64;
                    } else if ((m & DATE) != 0) {
                        type = DataType.DATE;
                    } else if ((m & TIMESTAMP) != 0) {
                        type = DataType.timestamp(TimeUnit.MICROSECONDS, offsets[c] ? Optional.of("UTC") : Optional.empty());
                    }
                }
                fields.add(Field.of(name, type));
            }
            return new Schema(fields);
        } catch (IOException e) {
            throw new DaftException("cannot read CSV file " + file.path() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Streams the rows of {@code file} in batches of at most {@code batchSize} rows. {@code schema} describes every
     * column of the file in order; {@code columns} selects (and orders) the columns to return, all by default.
     * The file is read in blocks, never whole.
     */
    public static CloseableIterator<RecordBatch> read(InputFile file, Schema schema, CsvOptions options,
            Optional<List<String>> columns, int batchSize) {
        requireNonNull(file, "file");
        requireNonNull(schema, "schema");
        requireNonNull(options, "options");
        requireNonNull(columns, "columns");
        if (batchSize <= 0) {
            throw new DaftException("CSV batch size must be positive, got " + batchSize);
        }
        for (Field f : schema.fields()) {
            if (f.dataType().isNested()) {
                throw new DaftException("CSV column '" + f.name() + "' of " + file.path() + " cannot have the nested type "
                        + f.dataType());
            }
        }
        List<String> selected = columns.orElse(schema.names());
        int[] indices = new int[selected.size()];
        for (int i = 0; i < indices.length; i++) {
            if (!schema.contains(selected.get(i))) {
                throw new DaftException("column '" + selected.get(i) + "' not found in CSV file " + file.path()
                        + "; columns are " + schema.names());
            }
            indices[i] = schema.requireIndex(selected.get(i));
        }
        try {
            return new BatchIterator(file, schema, options, indices, batchSize);
        } catch (IOException e) {
            throw new DaftException("cannot read CSV file " + file.path() + ": " + e.getMessage(), e);
        }
    }

    static boolean isNull(byte[] b, int s, int e, byte[][] nulls) {
        int n = e - s;
        for (byte[] v : nulls) {
            if (v.length == n && (n == 0 || java.util.Arrays.equals(b, s, e, v, 0, n))) {
                return true;
            }
        }
        return false;
    }

    static String fieldText(CsvTokenizer tok, int field) {
        if ((tok.flags(field) & CsvTokenizer.NEEDS_UNESCAPE) != 0) {
            int[] len = new int[1];
            byte[] b = tok.unescape(field, new byte[0], len);
            return new String(b, 0, len[0], StandardCharsets.UTF_8);
        }
        return new String(tok.buffer(), tok.start(field), tok.end(field) - tok.start(field), StandardCharsets.UTF_8);
    }

    static DaftException wrongFieldCount(CsvTokenizer tok, int record, int expected, int found) {
        return new DaftException(tok.path() + " line " + tok.recordLine(record) + ": expected " + expected
                + " fields but found " + found);
    }

    private static final class BatchIterator implements CloseableIterator<RecordBatch> {
        private final CsvTokenizer tokenizer;
        private final Schema schema;
        private final Schema outputSchema;
        private final int[] indices;
        private final int batchSize;
        private final CsvColumnDecoder decoder;
        private RecordBatch pending;
        private boolean done;
        private boolean closed;

        BatchIterator(InputFile file, Schema schema, CsvOptions options, int[] indices, int batchSize) throws IOException {
            this.tokenizer = new CsvTokenizer(file, options);
            this.schema = schema;
            this.indices = indices;
            this.batchSize = batchSize;
            List<Field> out = new ArrayList<>();
            for (int i : indices) {
                out.add(schema.field(i));
            }
            this.outputSchema = new Schema(out);
            this.decoder = new CsvColumnDecoder(tokenizer, options);
            if (options.hasHeader()) {
                tokenizer.startBlock();
                tokenizer.nextRecord();
            }
            tokenizer.blankLinesAreRecords(schema.size() == 1);
        }

        @Override
        public boolean hasNext() {
            if (closed) {
                return false;
            }
            if (pending == null && !done) {
                pending = readBatch();
            }
            return pending != null;
        }

        @Override
        public RecordBatch next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            RecordBatch b = pending;
            pending = null;
            return b;
        }

        private RecordBatch readBatch() {
            int ncols = schema.size();
            int rows = 0;
            try {
                tokenizer.startBlock();
                while (rows < batchSize) {
                    int nf = tokenizer.nextRecord();
                    if (nf < 0) {
                        done = true;
                        break;
                    }
                    if (nf != ncols) {
                        throw wrongFieldCount(tokenizer, rows, ncols, nf);
                    }
                    rows++;
                }
            } catch (IOException e) {
                throw new DaftException("cannot read CSV file " + tokenizer.path() + ": " + e.getMessage(), e);
            }
            if (rows == 0) {
                return null;
            }
            if (indices.length == 0) {
                return RecordBatch.ofRowCount(rows);
            }
            return decoder.decode(outputSchema, indices, ncols, rows);
        }

        @Override
        public void close() {
            closed = true;
            if (pending != null) {
                pending.close();
                pending = null;
            }
        }
    }
}
