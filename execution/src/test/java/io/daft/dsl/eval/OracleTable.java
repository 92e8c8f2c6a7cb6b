package io.daft.dsl.eval;

import io.daft.core.DataType;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

import static io.daft.dsl.eval.TestTables.Column;

/** The shared 16-row table (with nulls in every column) that the DuckDB comparison tests run over. */
final class OracleTable {
    private OracleTable() {
    }

    private static BigDecimal d(String s) {
        return s == null ? null : new BigDecimal(s);
    }

    private static LocalDate date(String s) {
        return s == null ? null : LocalDate.parse(s);
    }

    private static LocalDateTime ts(String s) {
        return s == null ? null : LocalDateTime.parse(s);
    }

    static final Object N = null;

    private static byte[] b(int... v) {
        byte[] out = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (byte) v[i];
        }
        return out;
    }

    static List<Column> columns() {
        return List.of(
                Column.of("i8", DataType.INT8, 1, -2, 50, -50, 0, N, 5, 27, -7, 7, N, 3, 12, -40, 33, 2),
                Column.of("i16", DataType.INT16, 1000, -2000, 0, N, 32000, 7, -7, 3, 12, N, 100, -1, 2, 500, -300, 9),
                Column.of("i32", DataType.INT32, 10, -20, 0, 7, N, 2147483, -3, 1000000, 42, 13, 0, N, -2147483, 5, 99, 1),
                Column.of("i32b", DataType.INT32, 3, 0, 7, -2, 4, N, 0, 1000, -5, 13, 2, 8, N, -1, 3, 0),
                Column.of("i64", DataType.INT64, 10000000000L, -5L, 0L, 7L, 123456789012L, N, -3L, 1L, 42L, 13L, -99999L, 4L, 0L, N, 8L, 2L),
                Column.of("big", DataType.INT64, Long.MAX_VALUE - 1, Long.MIN_VALUE + 1, 1L, -1L, N, 0L, 4611686018427387904L,
                        -4611686018427387904L, 3037000500L, 2L, 5L, N, 9L, 1L, -3037000500L, 7L),
                Column.of("f32", DataType.FLOAT32, 1.5f, -2.25f, 0f, N, 3.25f, 100f, -0.5f, 7f, 0.001f, 2.5f, 3.5f, N, -2.5f, 0.1f, 42f, 1f),
                Column.of("f64", DataType.FLOAT64, 1.5, -2.25, 0.0, -0.0, N, 1e300, 2.5, 3.5, -2.5, 0.1, 123456.789, Double.NaN, N, 1e-7, -1e16, 7.0),
                Column.of("f64b", DataType.FLOAT64, 2.0, 0.0, -3.5, 1.0, 4.0, N, 2.5, 0.5, 10.0, -0.1, 3.0, 1.0, 5.0, N, 8.0, 0.25),
                Column.of("d92", DataType.decimal(9, 2), d("1.50"), d("-2.25"), d("0"), d("123.45"), N, d("9999999.99"), d("-0.01"), d("2.50"),
                        d("-2.50"), d("3.33"), N, d("100"), d("0.05"), d("-7.77"), d("42"), d("1")),
                Column.of("d92b", DataType.decimal(9, 2), d("3.00"), d("0"), d("7.5"), d("-2"), d("4"), N, d("0.03"), d("1000"),
                        d("-5.55"), d("13"), d("2"), d("8"), N, d("-1"), d("3"), d("0.07")),
                Column.of("d184", DataType.decimal(18, 4), d("12345678901234.5678"), d("-1.0001"), d("0"), N, d("0.0005"), d("-0.0005"),
                        d("99999999999999.9999"), d("1.2345"), d("2"), N, d("-3.1416"), d("7"), d("0.0001"), d("8"), d("100.5"), d("-42.4242")),
                Column.of("d3810", DataType.decimal(38, 10), d("1234567890123456789012345678.0123456789"), d("-1.5"), d("0"),
                        d("0.0000000001"), N, d("-9999999999999999999999999999.9999999999"), d("3.1415926535"), d("2.5"), d("-2.5"),
                        d("100"), N, d("7"), d("-0.5"), d("12345.6789"), d("1"), d("42")),
                Column.of("s", DataType.UTF8, "abc", "", "héllo", "日本語", "ABC", "a%b", N, "hello world", "  padded  ", "x_y",
                        "Straße", "😀 emoji", "abcabc", N, "Zebra", "zebra"),
                Column.of("s2", DataType.UTF8, "abc", "b", "HÉLLO", "日本", "abd", "%", "x", N, "pad", "_", "ß", "😀", "bc", "q", "Zebra", "a"),
                Column.of("snum", DataType.UTF8, "42", " 7 ", "-3", "1.5", N, "0", "2147483647", "1e2", "-0", "  12  ", "100", N, "3",
                        "-2.5", "8", "9"),
                Column.of("sbad", DataType.UTF8, "42", "x", "7", "1.5.3", N, "0", "12a", "3", "", "5", "abc", N, "3", "-", "8", "9"),
                Column.of("sdate", DataType.UTF8, "2024-01-15", "1999-12-31", N, "2000-02-29", "1970-01-01", " 2024-3-5 ", "1969-07-20",
                        "2023-12-31", "2020-02-29", "2024-12-31", "1900-01-01", N, "2024-07-04", "2001-09-09", "2024-01-01", "0099-01-01"),
                Column.of("sts", DataType.UTF8, "2024-01-15 10:30:00", "1999-12-31 23:59:59.999999", N, "2000-02-29T12:00:00",
                        "1970-01-01 00:00:00", "2024-03-05 01:02:03.5", "1969-07-20 20:17:40", "2023-12-31 23:59", "2020-02-29 00:00:00.000001",
                        "2024-12-31", "1900-01-01 00:00:00", N, "2024-07-04 12:00:00", "2001-09-09 01:46:40", "2024-01-01 00:00:00", "2024-01-07 08:00:00"),
                Column.of("sbool", DataType.UTF8, "true", "false", "t", "f", N, "TRUE", " yes ", "no", "1", "0", "True", N, "y", "n", "false", "true"),
                Column.of("bin", DataType.BINARY, b(0, 1, 2), b(), b(255), b(0x61, 0x62), N, b(0x7f, 0x80), b(1), b(0, 1),
                        b(0, 1, 2, 3), b(200, 0), N, b(0x61), b(0xff, 0xff), b(0), b(0x10), b(0x61, 0x62, 0x63)),
                Column.of("bin2", DataType.BINARY, b(0, 1, 2), b(0), b(254), b(0x61, 0x62), b(1), N, b(1, 0), b(0, 1, 2),
                        b(0, 1, 2, 3), b(199, 255), b(9), N, b(0xff), b(), b(0x10), b(0x61, 0x62, 0x64)),
                Column.of("b1", DataType.BOOLEAN, true, true, true, false, false, false, N, N, N, true, false, N, true, false, N, true),
                Column.of("b2", DataType.BOOLEAN, true, false, N, true, false, N, true, false, N, true, true, false, N, N, false, true),
                Column.of("dt", DataType.DATE, date("2024-01-15"), date("1999-12-31"), date("2000-02-29"), date("1970-01-01"), N,
                        date("2024-03-31"), date("1969-07-20"), date("2023-12-31"), date("2020-02-29"), date("2024-12-31"),
                        date("1900-01-01"), N, date("2024-07-04"), date("2001-09-09"), date("2024-01-01"), date("2024-01-07")),
                Column.of("dt2", DataType.DATE, date("2024-01-01"), date("2000-01-01"), date("2000-02-29"), N, date("1970-01-02"),
                        date("2024-02-29"), date("1969-12-31"), date("2024-01-01"), date("2019-02-28"), date("2024-12-31"),
                        date("1899-12-31"), date("2020-01-01"), N, date("2001-09-08"), date("2025-01-01"), date("2024-01-06")),
                Column.of("ts", TestTables.tsMicros(), ts("2024-01-15T10:30:00"), ts("1999-12-31T23:59:59.999999"), ts("2000-02-29T12:00:00"),
                        ts("1970-01-01T00:00:00"), N, ts("2024-03-31T01:02:03.5"), ts("1969-07-20T20:17:40"), ts("2023-12-31T23:59:00"),
                        ts("2020-02-29T00:00:00.000001"), ts("2024-12-31T00:00:00"), ts("1900-01-01T00:00:00"), N,
                        ts("2024-07-04T12:00:00"), ts("2001-09-09T01:46:40"), ts("2024-01-01T00:00:00"), ts("2024-01-07T08:00:00.123")),
                Column.of("ts2", TestTables.tsMicros(), ts("2024-01-15T10:30:00"), ts("2000-01-01T00:00:00"), N, ts("1970-01-01T00:00:00.000001"),
                        ts("2020-01-01T00:00:00"), ts("2024-03-31T01:02:03.4"), ts("1969-07-20T20:17:41"), ts("2023-12-31T23:59:00"),
                        ts("2020-02-29T00:00:00"), N, ts("1900-01-01T00:00:00"), ts("2000-01-01T00:00:00"), ts("2024-07-04T12:00:00"),
                        ts("2001-09-09T01:46:39"), ts("2024-01-01T00:00:00"), ts("2024-01-07T08:00:00.123"))
        );
    }
}
