package io.daft.calcite;

import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.TimeUnit;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Struct;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Type names ({@link NestedTypes}) and the exact wire text ({@link NestedWireText}) of nested values read back what they wrote. */
class JdbcNestedTest {
    private static final DataType TS_NS = DataType.timestamp(TimeUnit.NANOSECONDS, Optional.empty());
    private static final DataType TSTZ = DataType.timestamp(TimeUnit.MICROSECONDS, Optional.of("UTC"));

    private static DataType list(DataType t) {
        return DataType.list(Field.of(DataType.LIST_ITEM, t));
    }

    /** A struct of every leaf kind, with awkward field names, in a list, in a map. */
    private static final DataType STRUCT = DataType.struct(List.of(
            Field.of("i", DataType.INT32), Field.of("my field", DataType.INT64), Field.of("q\"uote", DataType.UTF8),
            Field.of("f", DataType.FLOAT32), Field.of("d", DataType.FLOAT64), Field.of("dec", DataType.decimal(20, 3)),
            Field.of("b", DataType.BINARY), Field.of("day", DataType.DATE), Field.of("ts", TS_NS), Field.of("tz", TSTZ),
            Field.of("ok", DataType.BOOLEAN), Field.of("small", DataType.INT8), Field.of("xs", list(list(DataType.INT16)))));
    private static final DataType TYPE = DataType.map(DataType.UTF8, Field.of(DataType.MAP_VALUE, list(STRUCT)));

    @Test
    void typeNamesReadBack() {
        String name = NestedTypes.typeName(TYPE);
        assertEquals("MAP(VARCHAR, STRUCT(i INTEGER, \"my field\" BIGINT, \"q\"\"uote\" VARCHAR, f FLOAT, d DOUBLE,"
                + " dec DECIMAL(20,3), b BLOB, day DATE, ts TIMESTAMP_NS, tz TIMESTAMP WITH TIME ZONE, ok BOOLEAN,"
                + " small TINYINT, xs SMALLINT[][])[])", name);
        assertEquals(name, NestedTypes.typeName(NestedTypes.parseTypeName(name)));
        assertEquals(Optional.empty(), NestedTypes.nestedType("INTEGER"));
        assertEquals(Optional.empty(), NestedTypes.nestedType("TIMESTAMP(9)"));
        assertEquals(Optional.of(list(DataType.INT32)), NestedTypes.nestedType("INTEGER[]"));
        assertThrows(IllegalArgumentException.class, () -> NestedTypes.parseTypeName("STRUCT(a INTEGER"));
    }

    @Test
    void textReadsBackExactly() throws Exception {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("i", -7);
        s.put("my field", Long.MIN_VALUE);
        s.put("q\"uote", "a \"b\" \\ c\n\u00e9\ud83d\ude00");
        s.put("f", Float.NaN);
        s.put("d", -0.1);
        s.put("dec", new BigDecimal("-12345678901234567.000"));
        s.put("b", new byte[] {0, -1, 16});
        s.put("day", LocalDate.of(-43, 3, 15));
        s.put("ts", LocalDateTime.of(1969, 12, 31, 23, 59, 59, 1));
        s.put("tz", Instant.parse("2024-01-02T03:04:05.123456Z"));
        s.put("ok", false);
        s.put("small", (byte) -128);
        s.put("xs", Arrays.asList(Arrays.asList((short) 1, null), null, List.of()));
        Map<String, Object> allNull = new LinkedHashMap<>();
        for (Field f : STRUCT.children()) {
            allNull.put(f.name(), null);
        }
        Map<Object, Object> value = new LinkedHashMap<>();
        value.put("k", Arrays.asList(s, null, allNull));
        value.put("", List.of());
        value.put("null", null);

        String text = NestedWireText.toText(value, TYPE);
        Map<?, ?> back = (Map<?, ?>) NestedWireText.fromText(text, TYPE);
        assertEquals(List.of("k", "", "null"), List.copyOf(back.keySet()));
        assertEquals(null, back.get("null"));
        assertEquals(0, ((Object[]) ((Array) back.get("")).getArray()).length);
        Object[] structs = (Object[]) ((Array) back.get("k")).getArray();
        assertEquals(null, structs[1]);
        Object[] attrs = ((Struct) structs[0]).getAttributes();
        assertEquals(-7, attrs[0]);
        assertEquals(Long.MIN_VALUE, attrs[1]);
        assertEquals(s.get("q\"uote"), attrs[2]);
        assertTrue(Float.isNaN((Float) attrs[3]));
        assertEquals(-0.1, attrs[4]);
        assertEquals(new BigDecimal("-12345678901234567.000"), attrs[5]);
        assertArrayEquals(new byte[] {0, -1, 16}, (byte[]) attrs[6]);
        assertEquals(LocalDate.of(-43, 3, 15), JdbcNested.toValues(attrs[7], DataType.DATE));
        assertEquals(1, ((Timestamp) attrs[8]).getNanos());
        assertEquals(LocalDateTime.of(1969, 12, 31, 23, 59, 59, 1), JdbcTimestamps.toLocalDateTime((Timestamp) attrs[8]));
        assertEquals(Instant.parse("2024-01-02T03:04:05.123456Z"), ((Timestamp) attrs[9]).toInstant());
        assertEquals(false, attrs[10]);
        assertEquals((byte) -128, attrs[11]);
        Object[] xs = (Object[]) ((Array) attrs[12]).getArray();
        assertArrayEquals(new Object[] {(short) 1, null}, (Object[]) ((Array) xs[0]).getArray());
        assertEquals(null, xs[1]);
        assertArrayEquals(new Object[] {null, null, null, null, null, null, null, null, null, null, null, null, null},
                ((Struct) structs[2]).getAttributes());
        // written again, the same text: nothing was lost
        assertEquals(text, NestedWireText.toText(back, TYPE));
        assertThrows(IllegalArgumentException.class, () -> NestedWireText.fromText(text.substring(0, text.length() - 1), TYPE));
    }

    @Test
    void textOfAValueIsDuckDbs() {
        DataType t = DataType.struct(List.of(Field.of("a", list(DataType.INT32)), Field.of("b", DataType.UTF8)));
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("a", Arrays.asList(1, null));
        v.put("b", "x, y");
        assertEquals("{'a': [1, NULL], 'b': 'x, y'}", new DaftStruct(v, t).toString());
        assertEquals("{'a': [1, NULL], 'b': 'x, y'}", JdbcNested.text(JdbcNested.toJdbc(v, t), t));
    }
}
