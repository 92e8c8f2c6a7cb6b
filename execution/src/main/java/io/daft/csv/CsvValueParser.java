package io.daft.csv;

import java.nio.charset.StandardCharsets;

/**
 * Parses CSV field bytes into primitive values without making strings (except for floats, which go through
 * {@link Double#parseDouble} once the characters are known to be a plain decimal number). Each method returns
 * whether the text parsed; the value is left in a field of this object. Surrounding spaces are ignored.
 */
final class CsvValueParser {
    private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    long longValue;
    double doubleValue;
    boolean boolValue;
    int dayValue;
    /** Whether the last parsed timestamp carried a zone offset (or Z). */
    boolean hadOffset;

    private static int skipSpaces(byte[] b, int s, int e) {
        while (s < e && b[s] == ' ') {
            s++;
        }
        return s;
    }

    private static int trimEnd(byte[] b, int s, int e) {
        while (e > s && b[e - 1] == ' ') {
            e--;
        }
        return e;
    }

    boolean parseBoolean(byte[] b, int s, int e) {
        s = skipSpaces(b, s, e);
        e = trimEnd(b, s, e);
        int n = e - s;
        if (n == 4 && (b[s] | 0x20) == 't' && (b[s + 1] | 0x20) == 'r' && (b[s + 2] | 0x20) == 'u' && (b[s + 3] | 0x20) == 'e') {
            boolValue = true;
            return true;
        }
        if (n == 5 && (b[s] | 0x20) == 'f' && (b[s + 1] | 0x20) == 'a' && (b[s + 2] | 0x20) == 'l'
                && (b[s + 3] | 0x20) == 's' && (b[s + 4] | 0x20) == 'e') {
            boolValue = false;
            return true;
        }
        return false;
    }

    boolean parseLong(byte[] b, int s, int e) {
        s = skipSpaces(b, s, e);
        e = trimEnd(b, s, e);
        if (s == e) {
            return false;
        }
        boolean negative = false;
        if (b[s] == '-' || b[s] == '+') {
            negative = b[s] == '-';
            s++;
            if (s == e) {
                return false;
            }
        }
        long v = 0; // accumulated negatively so Long.MIN_VALUE parses
        for (int i = s; i < e; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            if (v < Long.MIN_VALUE / 10 || (v == Long.MIN_VALUE / 10 && d > 8)) {
                return false;
            }
            v = v * 10 - d;
        }
        if (!negative) {
            if (v == Long.MIN_VALUE) {
                return false;
            }
            v = -v;
        }
        longValue = v;
        return true;
    }

    boolean parseDouble(byte[] b, int s, int e) {
        s = skipSpaces(b, s, e);
        e = trimEnd(b, s, e);
        if (s == e) {
            return false;
        }
        int i = s;
        if (b[i] == '-' || b[i] == '+') {
            i++;
        }
        if (i < e && b[i] > '9' && isWord(b, i, e, "nan")) {
            doubleValue = Double.NaN;
            return true;
        }
        if (i < e && b[i] > '9' && (isWord(b, i, e, "inf") || isWord(b, i, e, "infinity"))) {
            doubleValue = b[s] == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            return true;
        }
        int digits = 0;
        long mantissa = 0;
        int fractionDigits = 0;
        while (i < e && b[i] >= '0' && b[i] <= '9') {
            mantissa = mantissa * 10 + (b[i] - '0');
            i++;
            digits++;
        }
        if (i < e && b[i] == '.') {
            i++;
            while (i < e && b[i] >= '0' && b[i] <= '9') {
                mantissa = mantissa * 10 + (b[i] - '0');
                i++;
                digits++;
                fractionDigits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i == e && digits <= 15 && fractionDigits <= 22) {
            // Clinger's fast path: an integer below 2^53 divided by an exact power of ten rounds correctly
            double v = (double) mantissa / POWERS_OF_TEN[fractionDigits];
            doubleValue = b[s] == '-' ? -v : v;
            return true;
        }
        if (i < e && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < e && (b[i] == '-' || b[i] == '+')) {
                i++;
            }
            int exp = 0;
            while (i < e && b[i] >= '0' && b[i] <= '9') {
                i++;
                exp++;
            }
            if (exp == 0) {
                return false;
            }
        }
        if (i != e) {
            return false;
        }
        doubleValue = Double.parseDouble(new String(b, s, e - s, StandardCharsets.ISO_8859_1));
        return true;
    }

    private static boolean isWord(byte[] b, int s, int e, String word) {
        if (e - s != word.length()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if ((b[s + i] | 0x20) != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** yyyy-mm-dd. */
    boolean parseDate(byte[] b, int s, int e) {
        s = skipSpaces(b, s, e);
        e = trimEnd(b, s, e);
        return parseDatePart(b, s, e) == e;
    }

    /** Parses yyyy-mm-dd at {@code s} into {@link #dayValue}; returns the end position, or -1. */
    private int parseDatePart(byte[] b, int s, int e) {
        if (e - s < 10) {
            return -1;
        }
        int year = digits(b, s, 4);
        if (year < 0 || b[s + 4] != '-') {
            return -1;
        }
        int month = digits(b, s + 5, 2);
        if (month < 1 || month > 12 || b[s + 7] != '-') {
            return -1;
        }
        int day = digits(b, s + 8, 2);
        if (day < 1 || day > daysInMonth(year, month)) {
            return -1;
        }
        dayValue = (int) epochDay(year, month, day);
        return s + 10;
    }

    /**
     * ISO timestamps: yyyy-mm-dd, then optionally 'T' or ' ' and hh:mm[:ss[.fraction]], then optionally 'Z' or a
     * +hh[:mm] / -hh[:mm] offset (converted to UTC). The value is in ticks of {@code perSecond}.
     */
    boolean parseTimestamp(byte[] b, int s, int e, long perSecond) {
        s = skipSpaces(b, s, e);
        e = trimEnd(b, s, e);
        int i = parseDatePart(b, s, e);
        if (i < 0) {
            return false;
        }
        long seconds = (long) dayValue * 86_400L;
        long nanos = 0;
        hadOffset = false;
        if (i < e && (b[i] == 'T' || b[i] == ' ')) {
            i++;
            if (e - i < 5) {
                return false;
            }
            int hour = digits(b, i, 2);
            int minute = digits(b, i + 3, 2);
            if (hour < 0 || hour > 23 || b[i + 2] != ':' || minute < 0 || minute > 59) {
                return false;
            }
            seconds += hour * 3600L + minute * 60L;
            i += 5;
            if (i < e && b[i] == ':') {
                int second = e - i >= 3 ? digits(b, i + 1, 2) : -1;
                if (second < 0 || second > 60) {
                    return false;
                }
                seconds += second;
                i += 3;
                if (i < e && b[i] == '.') {
                    i++;
                    int n = 0;
                    while (i < e && b[i] >= '0' && b[i] <= '9') {
                        if (n < 9) {
                            nanos = nanos * 10 + (b[i] - '0');
                        }
                        n++;
                        i++;
                    }
                    if (n == 0) {
                        return false;
                    }
                    for (int k = n; k < 9; k++) {
                        nanos *= 10;
                    }
                }
            }
            if (i < e) {
                if (b[i] == 'Z' || b[i] == 'z') {
                    i++;
                    hadOffset = true;
                } else if (b[i] == '+' || b[i] == '-') {
                    int sign = b[i] == '-' ? -1 : 1;
                    i++;
                    int oh = e - i >= 2 ? digits(b, i, 2) : -1;
                    if (oh < 0 || oh > 18) {
                        return false;
                    }
                    i += 2;
                    int om = 0;
                    if (i < e && b[i] == ':') {
                        i++;
                    }
                    if (i < e) {
                        om = e - i >= 2 ? digits(b, i, 2) : -1;
                        if (om < 0 || om > 59) {
                            return false;
                        }
                        i += 2;
                    }
                    seconds -= sign * (oh * 3600L + om * 60L);
                    hadOffset = true;
                }
            }
        }
        if (i != e) {
            return false;
        }
        try {
            longValue = Math.addExact(Math.multiplyExact(seconds, perSecond), nanos / (1_000_000_000L / perSecond));
        } catch (ArithmeticException overflow) {
            return false;
        }
        return true;
    }

    private static int digits(byte[] b, int s, int n) {
        int v = 0;
        for (int i = s; i < s + n; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static int daysInMonth(int year, int month) {
        switch (month) {
            case 2: return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4: case 6: case 9: case 11: return 30;
            default: return 31;
        }
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    static long epochDay(long y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = (y >= 0 ? y : y - 399) / 400;
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }
}
