package io.daft.csv;

import io.daft.core.CloseableIterator;
import io.daft.core.Schema;
import io.daft.io.InputFiles;
import io.daft.recordbatch.RecordBatch;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Reads our CSV output into plain Java rows for comparisons. */
final class CsvTestSupport {
    private CsvTestSupport() {
    }

    /**
     * A vector value as a comparable Java object: Long for integers, dates (epoch day) and timestamps (ticks),
     * Double for floats, Boolean, BigDecimal, String; null for NULL.
     */
    static Object value(FieldVector v, int r) {
        if (v.isNull(r)) {
            return null;
        }
        if (v instanceof BitVector) {
            return ((BitVector) v).get(r) != 0;
        }
        if (v instanceof DateDayVector) {
            return (long) ((DateDayVector) v).get(r);
        }
        if (v instanceof TimeStampVector) {
            return ((TimeStampVector) v).get(r);
        }
        if (v instanceof BaseIntVector) {
            return ((BaseIntVector) v).getValueAsLong(r);
        }
        if (v instanceof Float8Vector) {
            return ((Float8Vector) v).get(r);
        }
        if (v instanceof Float4Vector) {
            return (double) ((Float4Vector) v).get(r);
        }
        if (v instanceof DecimalVector) {
            return ((DecimalVector) v).getObject(r);
        }
        if (v instanceof VarCharVector) {
            return new String(((VarCharVector) v).get(r), StandardCharsets.UTF_8);
        }
        if (v instanceof VarBinaryVector) {
            return HexFormat.of().withUpperCase().formatHex(((VarBinaryVector) v).get(r));
        }
        throw new IllegalArgumentException(v.getClass().toString());
    }

    /** All rows of the file, read in batches of {@code batchSize}. */
    static List<Object[]> readAll(Path file, Schema schema, CsvOptions options, Optional<List<String>> columns, int batchSize) {
        List<Object[]> rows = new ArrayList<>();
        try (CloseableIterator<RecordBatch> it = CsvReader.read(InputFiles.open(file.toString()), schema, options, columns, batchSize)) {
            while (it.hasNext()) {
                try (RecordBatch b = it.next()) {
                    if (b.rowCount() > batchSize) {
                        throw new AssertionError("batch of " + b.rowCount() + " rows exceeds " + batchSize);
                    }
                    for (int r = 0; r < b.rowCount(); r++) {
                        Object[] row = new Object[b.numColumns()];
                        for (int c = 0; c < b.numColumns(); c++) {
                            row[c] = value(b.column(c), r);
                        }
                        rows.add(row);
                    }
                }
            }
        }
        return rows;
    }

    /** DuckDB's value normalized like {@link #value}. */
    static Object duck(Object o) {
        if (o == null) {
            return null;
        }
        if (o instanceof Byte || o instanceof Short || o instanceof Integer || o instanceof Long
                || o instanceof java.math.BigInteger) {
            return ((Number) o).longValue();
        }
        if (o instanceof Float) {
            return ((Float) o).doubleValue();
        }
        return o;
    }
}
