package io.daft.csv;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvValueParserTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void doublesMatchJava() {
        CsvValueParser p = new CsvValueParser();
        Random r = new Random(1);
        for (int i = 0; i < 200_000; i++) {
            String s;
            switch (i % 4) {
                case 0: s = Long.toString(r.nextLong() % 1_000_000_000_000L) + "." + Math.abs(r.nextInt(100_000)); break;
                case 1: s = Double.toString(r.nextDouble() * Math.pow(10, r.nextInt(40) - 20)); break;
                case 2: s = String.format("%.6f", r.nextGaussian() * 1000); break;
                default: s = (r.nextBoolean() ? "-" : "") + r.nextInt(1000) + "." + "0".repeat(r.nextInt(5)) + r.nextInt(1000);
            }
            byte[] bytes = b(s);
            assertTrue(p.parseDouble(bytes, 0, bytes.length), s);
            assertEquals(Double.parseDouble(s), p.doubleValue, s);
        }
        for (String bad : new String[] {"", "-", ".", "1e", "1x", "0x10", "1d", "1.2.3", "e5"}) {
            byte[] bytes = b(bad);
            assertFalse(p.parseDouble(bytes, 0, bytes.length), bad);
        }
        byte[] nan = b("NaN");
        assertTrue(p.parseDouble(nan, 0, 3) && Double.isNaN(p.doubleValue));
        byte[] inf = b("-inf");
        assertTrue(p.parseDouble(inf, 0, 4) && p.doubleValue == Double.NEGATIVE_INFINITY);
    }

    @Test
    void longsDatesAndTimestamps() {
        CsvValueParser p = new CsvValueParser();
        for (String s : new String[] {"0", "-1", "+7", "9223372036854775807", "-9223372036854775808", " 42 "}) {
            byte[] bytes = b(s);
            assertTrue(p.parseLong(bytes, 0, bytes.length), s);
            assertEquals(Long.parseLong(s.trim()), p.longValue);
        }
        for (String s : new String[] {"9223372036854775808", "-9223372036854775809", "1.0", "", "+", "1 2"}) {
            byte[] bytes = b(s);
            assertFalse(p.parseLong(bytes, 0, bytes.length), s);
        }
        LocalDate d = LocalDate.of(1, 1, 1);
        while (d.getYear() < 9999) {
            byte[] bytes = b(d.toString());
            assertTrue(p.parseDate(bytes, 0, bytes.length), d.toString());
            assertEquals(d.toEpochDay(), p.dayValue);
            d = d.plusDays(997);
        }
        byte[] ts = b("1969-12-31T23:59:59.999999999-01:30");
        assertTrue(p.parseTimestamp(ts, 0, ts.length, 1_000_000_000L));
        assertEquals(-1_000_000_000L + 999_999_999L + 5_400_000_000_000L, p.longValue);
        assertTrue(p.hadOffset);
    }
}
