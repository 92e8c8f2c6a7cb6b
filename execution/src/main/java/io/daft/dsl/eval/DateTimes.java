package io.daft.dsl.eval;

import io.daft.core.TimeUnit;

/**
 * Allocation-free proleptic Gregorian calendar arithmetic on days since 1970-01-01 (H. Hinnant's algorithms),
 * plus parsing and formatting of ISO dates and timestamps in the forms DuckDB reads and prints.
 */
public final class DateTimes {
    public static final long SECONDS_PER_DAY = 86_400L;

    private DateTimes() {
    }

    /** Days since the epoch of a civil date. */
    public static long daysFromCivil(long y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }

    /** The civil date of {@code days}, packed as {@code year << 9 | month << 5 | day}; unpack with {@link #year} etc. */
    public static long civilFromDays(long days) {
        long z = days + 719468;
        long era = Math.floorDiv(z, 146097);
        long doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long y = yoe + era * 400;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long d = doy - (153 * mp + 2) / 5 + 1;
        long m = mp < 10 ? mp + 3 : mp - 9;
        if (m <= 2) {
            y++;
        }
        return (y << 9) | (m << 5) | d;
    }

    public static long year(long packed) {
        return packed >> 9;
    }

    public static int month(long packed) {
        return (int) ((packed >> 5) & 15);
    }

    public static int day(long packed) {
        return (int) (packed & 31);
    }

    public static boolean isLeap(long y) {
        return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    }

    public static int daysInMonth(long y, int m) {
        switch (m) {
            case 2: return isLeap(y) ? 29 : 28;
            case 4: case 6: case 9: case 11: return 30;
            default: return 31;
        }
    }

    /** Adds months to a date (days since the epoch), clamping the day to the length of the target month. */
    public static long addMonths(long days, long months) {
        long c = civilFromDays(days);
        long total = Math.addExact(Math.multiplyExact(year(c), 12), month(c) - 1 + months);
        long y = Math.floorDiv(total, 12);
        int m = (int) Math.floorMod(total, 12) + 1;
        int d = Math.min(day(c), daysInMonth(y, m));
        return daysFromCivil(y, m, d);
    }

    /** 0 = Sunday .. 6 = Saturday, as DuckDB's {@code dayofweek}. */
    public static int dayOfWeek(long days) {
        return (int) Math.floorMod(days + 4, 7);
    }

    /** ISO 8601 week number (weeks start on Monday; week 1 holds the year's first Thursday), as DuckDB's {@code week}. */
    public static int isoWeek(long days) {
        int isoDow = (int) Math.floorMod(days + 3, 7); // 0 = Monday
        long thursday = days - isoDow + 3;
        long y = year(civilFromDays(thursday));
        long jan1 = daysFromCivil(y, 1, 1);
        return (int) ((thursday - jan1) / 7 + 1);
    }

    /** Ticks of {@code unit} in a day. */
    public static long ticksPerDay(TimeUnit unit) {
        return SECONDS_PER_DAY * unit.perSecond();
    }

    // ---- parsing ------------------------------------------------------------------------------------

    /** Parse position over a byte range; parse methods return {@link Long#MIN_VALUE} on a malformed value. */
    private static final long BAD = Long.MIN_VALUE;

    /**
     * Parses {@code [ws]YYYY-M-D[ws]} into days since the epoch; {@link Long#MIN_VALUE} if malformed or not a real date.
     */
    public static long parseDate(byte[] b, int start, int end) {
        int[] pos = {skipWs(b, start, end)};
        int e = trimEnd(b, pos[0], end);
        long days = parseDatePart(b, pos, e);
        if (days == BAD || pos[0] != e) {
            return BAD;
        }
        return days;
    }

    private static long parseDatePart(byte[] b, int[] pos, int end) {
        int p = pos[0];
        boolean neg = false;
        if (p < end && b[p] == '-') {
            neg = true;
            p++;
        }
        int ys = p;
        long y = 0;
        while (p < end && isDigit(b[p]) && p - ys < 9) {
            y = y * 10 + (b[p++] - '0');
        }
        if (p == ys || p >= end || b[p] != '-') {
            return BAD;
        }
        p++;
        int ms = p;
        int m = 0;
        while (p < end && isDigit(b[p]) && p - ms < 2) {
            m = m * 10 + (b[p++] - '0');
        }
        if (p == ms || p >= end || b[p] != '-') {
            return BAD;
        }
        p++;
        int ds = p;
        int d = 0;
        while (p < end && isDigit(b[p]) && p - ds < 2) {
            d = d * 10 + (b[p++] - '0');
        }
        if (p == ds) {
            return BAD;
        }
        if (neg) {
            y = -y;
        }
        if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) {
            return BAD;
        }
        pos[0] = p;
        return daysFromCivil(y, m, d);
    }

    /**
     * Parses {@code YYYY-MM-DD[( |T)HH:MM[:SS[.fraction]]][Z|(+|-)HH[:MM]]} into ticks of {@code unit} since the
     * epoch in UTC (an offset is applied); {@link Long#MIN_VALUE} if malformed.
     */
    public static long parseTimestamp(byte[] b, int start, int end, TimeUnit unit) {
        int[] pos = {skipWs(b, start, end)};
        int e = trimEnd(b, pos[0], end);
        long days = parseDatePart(b, pos, e);
        if (days == BAD) {
            return BAD;
        }
        int p = pos[0];
        long secondOfDay = 0;
        long nanos = 0;
        if (p < e && (b[p] == ' ' || b[p] == 'T')) {
            p++;
            int h = 0;
            int mi = 0;
            int s = 0;
            int q = p;
            while (p < e && isDigit(b[p]) && p - q < 2) {
                h = h * 10 + (b[p++] - '0');
            }
            if (p == q || p >= e || b[p] != ':') {
                return BAD;
            }
            q = ++p;
            while (p < e && isDigit(b[p]) && p - q < 2) {
                mi = mi * 10 + (b[p++] - '0');
            }
            if (p - q != 2) {
                return BAD;
            }
            if (p < e && b[p] == ':') {
                q = ++p;
                while (p < e && isDigit(b[p]) && p - q < 2) {
                    s = s * 10 + (b[p++] - '0');
                }
                if (p - q != 2) {
                    return BAD;
                }
                if (p < e && b[p] == '.') {
                    q = ++p;
                    long scale = 100_000_000L;
                    while (p < e && isDigit(b[p])) {
                        if (p - q < 9) {
                            nanos += (b[p] - '0') * scale;
                            scale /= 10;
                        }
                        p++;
                    }
                    if (p == q) {
                        return BAD;
                    }
                }
            }
            if (h > 24 || mi > 59 || s > 59 || (h == 24 && (mi != 0 || s != 0 || nanos != 0))) {
                return BAD;
            }
            secondOfDay = h * 3600L + mi * 60L + s;
            // an offset: Z, +HH, +HH:MM, +HHMM
            if (p < e && (b[p] == 'Z' || b[p] == 'z')) {
                p++;
            } else if (p < e && (b[p] == '+' || b[p] == '-')) {
                int sign = b[p] == '-' ? -1 : 1;
                p++;
                q = p;
                int oh = 0;
                while (p < e && isDigit(b[p]) && p - q < 2) {
                    oh = oh * 10 + (b[p++] - '0');
                }
                if (p - q != 2) {
                    return BAD;
                }
                int om = 0;
                if (p < e && b[p] == ':') {
                    p++;
                }
                q = p;
                while (p < e && isDigit(b[p]) && p - q < 2) {
                    om = om * 10 + (b[p++] - '0');
                }
                secondOfDay -= sign * (oh * 3600L + om * 60L);
            }
        }
        if (p != e) {
            return BAD;
        }
        long perSecond = unit.perSecond();
        long seconds = days * SECONDS_PER_DAY + secondOfDay;
        try {
            return Math.addExact(Math.multiplyExact(seconds, perSecond), nanos / (1_000_000_000L / perSecond));
        } catch (ArithmeticException ex) {
            return BAD;
        }
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    static int skipWs(byte[] b, int p, int end) {
        while (p < end && (b[p] == ' ' || b[p] == '\t' || b[p] == '\n' || b[p] == '\r')) {
            p++;
        }
        return p;
    }

    static int trimEnd(byte[] b, int start, int end) {
        while (end > start && (b[end - 1] == ' ' || b[end - 1] == '\t' || b[end - 1] == '\n' || b[end - 1] == '\r')) {
            end--;
        }
        return end;
    }

    // ---- formatting ---------------------------------------------------------------------------------

    /** Writes {@code YYYY-MM-DD}, years before 1 as DuckDB does: year 0 is {@code 0001-01-01 (BC)}. */
    public static void writeDate(Utf8Builder out, long days) {
        long c = civilFromDays(days);
        long y = year(c);
        out.writePadded(y > 0 ? y : 1 - y, 4);
        out.writeByte('-');
        out.writePadded(month(c), 2);
        out.writeByte('-');
        out.writePadded(day(c), 2);
        if (y <= 0) {
            out.writeAscii(" (BC)");
        }
    }

    /** Writes {@code YYYY-MM-DD HH:MM:SS[.fraction]}, the fraction without trailing zeros, as DuckDB prints timestamps. */
    public static void writeTimestamp(Utf8Builder out, long ticks, TimeUnit unit) {
        long perDay = ticksPerDay(unit);
        long days = Math.floorDiv(ticks, perDay);
        long rem = ticks - days * perDay;
        long perSecond = unit.perSecond();
        long secs = rem / perSecond;
        long frac = rem % perSecond;
        writeDate(out, days);
        out.writeByte(' ');
        out.writePadded(secs / 3600, 2);
        out.writeByte(':');
        out.writePadded((secs / 60) % 60, 2);
        out.writeByte(':');
        out.writePadded(secs % 60, 2);
        if (frac != 0) {
            int digits = unit == TimeUnit.MILLISECONDS ? 3 : unit == TimeUnit.MICROSECONDS ? 6 : 9;
            while (frac % 10 == 0) {
                frac /= 10;
                digits--;
            }
            out.writeByte('.');
            out.writePadded(frac, digits);
        }
    }
}
