package io.daft.recordbatch;

import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.util.Text;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Single values out of columns as plain Java objects, for results handed to users (rows, show, JDBC):
 * Boolean, Byte/Short/Integer/Long, Float/Double, BigDecimal, String, byte[], LocalDate, LocalDateTime
 * (timestamps without a zone) or Instant (with one), List (lists), Map (structs by field name, maps by key, in
 * order); null for null. Not for hot loops.
 */
public final class Values {
    private Values() {
    }

    public static Object get(FieldVector v, int row) {
        if (v.isNull(row)) {
            return null;
        }
        if (v instanceof DateDayVector) {
            return LocalDate.ofEpochDay(((DateDayVector) v).get(row));
        }
        if (v instanceof TimeStampVector) {
            ArrowType.Timestamp t = (ArrowType.Timestamp) v.getField().getType();
            long ticks = ((TimeStampVector) v).get(row);
            Instant instant;
            switch (t.getUnit()) {
                case SECOND: instant = Instant.ofEpochSecond(ticks); break;
                case MILLISECOND: instant = Instant.ofEpochMilli(ticks); break;
                case MICROSECOND: instant = Instant.ofEpochSecond(Math.floorDiv(ticks, 1_000_000L), Math.floorMod(ticks, 1_000_000L) * 1000L); break;
                default: instant = Instant.ofEpochSecond(Math.floorDiv(ticks, 1_000_000_000L), Math.floorMod(ticks, 1_000_000_000L)); break;
            }
            return t.getTimezone() == null ? LocalDateTime.ofInstant(instant, ZoneOffset.UTC) : instant;
        }
        if (v instanceof org.apache.arrow.vector.complex.MapVector) {
            // a map as a Map in entry order (Arrow's getObject gives a list of {key, value} structs)
            org.apache.arrow.vector.complex.MapVector m = (org.apache.arrow.vector.complex.MapVector) v;
            org.apache.arrow.vector.complex.StructVector entries = (org.apache.arrow.vector.complex.StructVector) m.getDataVector();
            FieldVector keys = (FieldVector) entries.getChildByOrdinal(0);
            FieldVector values = (FieldVector) entries.getChildByOrdinal(1);
            Map<Object, Object> out = new java.util.LinkedHashMap<>();
            for (int e = m.getElementStartIndex(row); e < m.getElementEndIndex(row); e++) {
                out.put(get(keys, e), get(values, e));
            }
            return out;
        }
        if (v instanceof org.apache.arrow.vector.complex.ListVector) {
            org.apache.arrow.vector.complex.ListVector l = (org.apache.arrow.vector.complex.ListVector) v;
            FieldVector data = l.getDataVector();
            List<Object> out = new ArrayList<>();
            for (int e = l.getElementStartIndex(row); e < l.getElementEndIndex(row); e++) {
                out.add(get(data, e));
            }
            return out;
        }
        if (v instanceof org.apache.arrow.vector.complex.StructVector) {
            // a struct as a Map of field name to value, in field order; elements typed as at the top level
            org.apache.arrow.vector.complex.StructVector st = (org.apache.arrow.vector.complex.StructVector) v;
            Map<Object, Object> out = new java.util.LinkedHashMap<>();
            for (int c = 0; c < st.size(); c++) {
                FieldVector child = (FieldVector) st.getChildByOrdinal(c);
                out.put(child.getName(), get(child, row));
            }
            return out;
        }
        return normalize(v.getObject(row));
    }

    private static Object normalize(Object o) {
        if (o instanceof Text) {
            return o.toString();
        }
        if (o instanceof List) {
            List<Object> out = new ArrayList<>();
            for (Object e : (List<?>) o) {
                out.add(normalize(e));
            }
            return out;
        }
        if (o instanceof Map) {
            Map<Object, Object> out = new java.util.LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) o).entrySet()) {
                out.put(normalize(e.getKey()), normalize(e.getValue()));
            }
            return out;
        }
        return o;
    }

    /** Every row of {@code batch} as Java values ({@link #get}), in order. */
    public static List<List<Object>> rows(RecordBatch batch) {
        List<List<Object>> out = new ArrayList<>(batch.rowCount());
        for (int r = 0; r < batch.rowCount(); r++) {
            List<Object> row = new ArrayList<>(batch.numColumns());
            for (int c = 0; c < batch.numColumns(); c++) {
                row.add(get(batch.column(c), r));
            }
            out.add(row);
        }
        return out;
    }

    /** Text for display: null as "None" like Daft, byte arrays as hex. */
    public static String display(Object o) {
        if (o == null) {
            return "None";
        }
        if (o instanceof byte[]) {
            StringBuilder sb = new StringBuilder("b\"");
            for (byte b : (byte[]) o) {
                sb.append(String.format("\\x%02x", b));
            }
            return sb.append('"').toString();
        }
        if (o instanceof Double || o instanceof Float) {
            return displayFloat(((Number) o).doubleValue(), o.toString());
        }
        return o.toString();
    }

    /**
     * A float as people write it: plain digits for magnitudes from 1e-4 up to 1e15 (23111141.35, not
     * 2.311114135E7), with the shortest digits that read back as the same value; scientific outside that range.
     */
    private static String displayFloat(double d, String shortest) {
        double a = Math.abs(d);
        if (!Double.isFinite(d) || a == 0 || a < 1e-4 || a >= 1e15 || shortest.indexOf('E') < 0) {
            return shortest;
        }
        String plain = new java.math.BigDecimal(shortest).toPlainString();
        return plain.indexOf('.') < 0 ? plain + ".0" : plain;
    }
}
