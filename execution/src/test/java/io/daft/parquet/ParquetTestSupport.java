package io.daft.parquet;

import io.daft.core.CloseableIterator;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.TypeId;
import io.daft.io.InputFile;
import io.daft.recordbatch.RecordBatch;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Test helpers: find the shared corpus, and normalise values read by us and by DuckDB to comparable strings.
 * Normalisation: NULL; integers in decimal; floats via Float/Double.toString; decimals as plain strings at the
 * column's scale; strings as is; binaries as upper-case hex; dates ISO; timestamps as epoch microseconds (DuckDB
 * reads INT96 and nanosecond timestamps at microsecond precision); nested values in DuckDB's VARCHAR cast style
 * (lists [a, b], structs {'f': v}, maps {k=v}).
 */
final class ParquetTestSupport {
    private ParquetTestSupport() {
    }

    static Path corpusDir() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("shared").resolve("parquet-testing");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("cannot find shared/parquet-testing above " + Path.of("").toAbsolutePath());
    }

    /** All rows of the file as normalised strings, read with the given batch size. */
    static List<List<String>> readOurs(InputFile file, ParquetReadOptions options) {
        ParquetFileMetadata meta = ParquetReader.readMetadata(file);
        List<List<String>> rows = new ArrayList<>();
        try (CloseableIterator<RecordBatch> it = ParquetReader.read(file, meta, options)) {
            while (it.hasNext()) {
                try (RecordBatch b = it.next()) {
                    if (b.rowCount() > options.batchSize()) {
                        throw new AssertionError("batch of " + b.rowCount() + " rows exceeds the batch size " + options.batchSize());
                    }
                    for (int r = 0; r < b.rowCount(); r++) {
                        List<String> row = new ArrayList<>();
                        for (int c = 0; c < b.numColumns(); c++) {
                            row.add(norm(b.column(c), r, b.schema().field(c).dataType()));
                        }
                        rows.add(row);
                    }
                }
            }
        }
        return rows;
    }

    static String norm(FieldVector v, int i, DataType t) {
        return norm(v, i, t, false);
    }

    private static String norm(FieldVector v, int i, DataType t, boolean nested) {
        if (v.isNull(i)) {
            return "NULL";
        }
        switch (t.id()) {
            case BOOLEAN: return ((BitVector) v).get(i) == 1 ? "true" : "false";
            case INT8:
            case INT16:
            case INT32:
            case INT64: return String.valueOf(((Number) v.getObject(i)).longValue());
            case FLOAT32: return Float.toString(((Float4Vector) v).get(i));
            case FLOAT64: return nested ? duckNestedDouble(((Float8Vector) v).get(i)) : Double.toString(((Float8Vector) v).get(i));
            case DECIMAL: return ((BigDecimal) v.getObject(i)).toPlainString();
            case UTF8: return new String(((VarCharVector) v).get(i), StandardCharsets.UTF_8);
            case BINARY: return HexFormat.of().withUpperCase().formatHex(((VarBinaryVector) v).get(i));
            case DATE: return LocalDate.ofEpochDay(((DateDayVector) v).get(i)).toString();
            case TIMESTAMP: {
                long ticks = ((TimeStampVector) v).get(i);
                if (nested) {
                    return duckNestedTimestamp(ticks, t);
                }
                switch (t.timeUnit()) {
                    case SECONDS: return String.valueOf(ticks * 1_000_000L);
                    case MILLISECONDS: return String.valueOf(ticks * 1_000L);
                    case MICROSECONDS: return String.valueOf(ticks);
                    default: return String.valueOf(Math.floorDiv(ticks, 1_000L));
                }
            }
            case LIST:
            case MAP: {
                ListVector lv = (ListVector) v;
                int start = lv.getOffsetBuffer().getInt((long) i * 4);
                int end = lv.getOffsetBuffer().getInt((long) (i + 1) * 4);
                Field element = t.children().get(0);
                FieldVector data = (FieldVector) lv.getDataVector();
                boolean isMap = element.dataType().id() == TypeId.STRUCT
                        && !element.dataType().children().isEmpty()
                        && element.dataType().children().get(0).name().equals("key")
                        && element.dataType().children().size() <= 2
                        && (element.dataType().children().size() == 1 || element.dataType().children().get(1).name().equals("value"));
                StringBuilder sb = new StringBuilder(isMap ? "{" : "[");
                for (int e = start; e < end; e++) {
                    if (e > start) {
                        sb.append(", ");
                    }
                    if (isMap) {
                        StructVector sv = (StructVector) data;
                        List<Field> kv = element.dataType().children();
                        sb.append(norm((FieldVector) sv.getChildByOrdinal(0), e, kv.get(0).dataType(), true));
                        sb.append('=');
                        sb.append(kv.size() > 1 ? norm((FieldVector) sv.getChildByOrdinal(1), e, kv.get(1).dataType(), true) : "NULL");
                    } else {
                        sb.append(norm(data, e, element.dataType(), true));
                    }
                }
                return sb.append(isMap ? "}" : "]").toString();
            }
            case STRUCT: {
                StructVector sv = (StructVector) v;
                StringBuilder sb = new StringBuilder("{");
                List<Field> fields = t.children();
                for (int c = 0; c < fields.size(); c++) {
                    if (c > 0) {
                        sb.append(", ");
                    }
                    sb.append('\'').append(fields.get(c).name()).append("': ");
                    sb.append(norm((FieldVector) sv.getChildByOrdinal(c), i, fields.get(c).dataType(), true));
                }
                return sb.append('}').toString();
            }
            default:
                return String.valueOf(v.getObject(i));
        }
    }

    /** DuckDB prints timestamps inside nested values quoted, as 'yyyy-MM-dd HH:mm:ss[.fraction]' (UTC). */
    private static String duckNestedTimestamp(long ticks, DataType t) {
        long perSecond = t.timeUnit().perSecond();
        long seconds = Math.floorDiv(ticks, perSecond);
        long frac = Math.floorMod(ticks, perSecond);
        java.time.LocalDateTime d = java.time.LocalDateTime.ofEpochSecond(seconds, 0, java.time.ZoneOffset.UTC);
        String s = String.format("%04d-%02d-%02d %02d:%02d:%02d", d.getYear(), d.getMonthValue(), d.getDayOfMonth(),
                d.getHour(), d.getMinute(), d.getSecond());
        if (frac != 0) {
            String digits = String.valueOf(perSecond).substring(1);
            s += "." + String.format("%0" + digits.length() + "d", frac).replaceAll("0+$", "");
        }
        return "'" + s + "'";
    }

    /** DuckDB prints doubles inside nested values without an exponent ("104255249.59826614"). */
    private static String duckNestedDouble(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return Double.toString(d);
        }
        String s = new BigDecimal(Double.toString(d)).toPlainString();
        return s.contains(".") ? s : s + ".0";
    }

    /** The DuckDB expression whose result normalises like {@link #norm} for a column of type {@code t}. */
    static String duckExpr(Field f) {
        String col = "\"" + f.name().replace("\"", "\"\"") + "\"";
        switch (f.dataType().id()) {
            case BINARY: return "hex(" + col + ")";
            case DECIMAL:
            case DATE:
            case LIST:
            case MAP:
            case STRUCT: return "CAST(" + col + " AS VARCHAR)";
            case TIMESTAMP: return "epoch_us(" + col + ")";
            default: return col;
        }
    }

    /** DuckDB's reading of the file, normalised; {@code sql} selects from {@code read_parquet}. */
    static List<List<String>> readDuck(Connection conn, String sql, List<Field> fields) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int c = 0; c < fields.size(); c++) {
                    row.add(duckValue(rs, c + 1, fields.get(c).dataType()));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    static String duckSelect(List<Field> fields, String path, String where) {
        StringBuilder sb = new StringBuilder("SELECT ");
        for (int c = 0; c < fields.size(); c++) {
            sb.append(c > 0 ? ", " : "").append(duckExpr(fields.get(c)));
        }
        if (fields.isEmpty()) {
            sb.append("1");
        }
        sb.append(" FROM read_parquet('").append(path.replace("'", "''")).append("')");
        if (where != null) {
            sb.append(" WHERE ").append(where);
        }
        return sb.toString();
    }

    private static String duckValue(ResultSet rs, int c, DataType t) throws SQLException {
        Object o = rs.getObject(c);
        if (o == null) {
            return "NULL";
        }
        switch (t.id()) {
            case BOOLEAN: return rs.getBoolean(c) ? "true" : "false";
            case INT8:
            case INT16:
            case INT32:
            case INT64:
            case TIMESTAMP: return String.valueOf(rs.getLong(c));
            case FLOAT32: return Float.toString(rs.getFloat(c));
            case FLOAT64: return Double.toString(rs.getDouble(c));
            default: return rs.getString(c);
        }
    }
}
