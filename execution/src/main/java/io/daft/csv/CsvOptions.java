package io.daft.csv;

import io.daft.core.DaftException;
import io.daft.core.Schema;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * How a CSV file is read or written.
 *
 * @param hasHeader the first record holds the column names
 * @param delimiter field separator (one ASCII character)
 * @param quote quote character (ASCII)
 * @param escape escape character inside quoted fields; equal to {@code quote} means quotes are doubled (RFC 4180)
 * @param nullValues field texts (quoted or not) read as NULL; the first is what the writer writes for NULL
 * @param inferSchemaRows how many records schema inference looks at
 * @param schema an explicit schema (file order): no inference, the header (if any) is skipped
 * @param comment lines starting with this character are skipped
 */
public record CsvOptions(boolean hasHeader, char delimiter, char quote, char escape, List<String> nullValues,
        int inferSchemaRows, Optional<Schema> schema, Optional<Character> comment) {

    public CsvOptions {
        requireNonNull(nullValues, "nullValues");
        requireNonNull(schema, "schema");
        requireNonNull(comment, "comment");
        nullValues = List.copyOf(nullValues);
        checkAscii("delimiter", delimiter);
        checkAscii("quote", quote);
        checkAscii("escape", escape);
        if (delimiter == quote) {
            throw new DaftException("CSV delimiter and quote must differ, both are '" + delimiter + "'");
        }
        if (escape == delimiter) {
            throw new DaftException("CSV escape and delimiter must differ, both are '" + delimiter + "'");
        }
        if (comment.isPresent()) {
            char c = comment.get();
            checkAscii("comment", c);
            if (c == delimiter || c == quote) {
                throw new DaftException("CSV comment character '" + c + "' must differ from the delimiter and the quote");
            }
        }
        if (inferSchemaRows <= 0) {
            throw new DaftException("CSV inferSchemaRows must be positive, got " + inferSchemaRows);
        }
        for (String n : nullValues) {
            if (n.indexOf(delimiter) >= 0 || n.indexOf('\n') >= 0 || n.indexOf('\r') >= 0) {
                throw new DaftException("CSV null value \"" + n + "\" cannot contain the delimiter or a line break");
            }
        }
    }

    private static void checkAscii(String what, char c) {
        if (c == '\n' || c == '\r' || c == 0 || c > 127) {
            throw new DaftException("CSV " + what + " must be a single ASCII character other than a line break, got '"
                    + c + "' (U+" + String.format("%04X", (int) c) + ")");
        }
    }

    /** Header, comma, double quote (doubled to escape), empty field = NULL, infer from 1000 rows. */
    public static CsvOptions defaults() {
        return new CsvOptions(true, ',', '"', '"', List.of(""), 1000, Optional.empty(), Optional.empty());
    }

    public CsvOptions withHeader(boolean header) {
        return new CsvOptions(header, delimiter, quote, escape, nullValues, inferSchemaRows, schema, comment);
    }

    public CsvOptions withDelimiter(char d) {
        return new CsvOptions(hasHeader, d, quote, escape, nullValues, inferSchemaRows, schema, comment);
    }

    /** Sets the quote; the escape follows it when it was the doubled-quote convention. */
    public CsvOptions withQuote(char q) {
        return new CsvOptions(hasHeader, delimiter, q, escape == quote ? q : escape, nullValues, inferSchemaRows, schema, comment);
    }

    public CsvOptions withEscape(char e) {
        return new CsvOptions(hasHeader, delimiter, quote, e, nullValues, inferSchemaRows, schema, comment);
    }

    public CsvOptions withNullValues(List<String> values) {
        return new CsvOptions(hasHeader, delimiter, quote, escape, values, inferSchemaRows, schema, comment);
    }

    public CsvOptions withInferSchemaRows(int rows) {
        return new CsvOptions(hasHeader, delimiter, quote, escape, nullValues, rows, schema, comment);
    }

    public CsvOptions withSchema(Schema s) {
        return new CsvOptions(hasHeader, delimiter, quote, escape, nullValues, inferSchemaRows, Optional.of(s), comment);
    }

    public CsvOptions withComment(char c) {
        return new CsvOptions(hasHeader, delimiter, quote, escape, nullValues, inferSchemaRows, schema, Optional.of(c));
    }

    byte[][] nullValueBytes() {
        byte[][] out = new byte[nullValues.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = nullValues.get(i).getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }
}
