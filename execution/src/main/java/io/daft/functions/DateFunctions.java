package io.daft.functions;

import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.TypeId;
import io.daft.dsl.eval.Columns;
import io.daft.dsl.eval.DateTimes;
import io.daft.dsl.eval.Utf8Column;
import org.apache.arrow.vector.FieldVector;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Date and time functions over dates (days since the epoch) and timestamps (ticks since the epoch in UTC), all
 * with allocation-free calendar arithmetic ({@link DateTimes}):
 * <ul>
 *   <li>{@code extract(part, x)} → Int64, part one of year, quarter, month, week (ISO), day, dow (0 = Sunday),
 *       isodow (1 = Monday), doy, hour, minute, second, millisecond and microsecond (including the seconds, as
 *       DuckDB), epoch (whole seconds, rounded down).</li>
 *   <li>{@code date_add(x, n, unit)} → type of x; unit one of day, week, month, quarter, year, and for timestamps
 *       hour, minute, second, millisecond, microsecond. Month arithmetic clamps the day to the month's end.</li>
 *   <li>{@code date_trunc(unit, x)} → type of x; week starts on Monday.</li>
 * </ul>
 */
final class DateFunctions {
    private DateFunctions() {
    }

    static void registerAll() {
        FunctionRegistry.register(new Extract());
        FunctionRegistry.registerAlias("date_part", new Extract());
        FunctionRegistry.register(new DateAdd());
        FunctionRegistry.register(new DateTrunc());
        for (String part : new String[] {"year", "quarter", "month", "week", "day", "dayofweek", "dayofyear", "hour", "minute", "second"}) {
            FunctionRegistry.register(new PartFunction(part));
        }
    }

    enum Part {
        YEAR, QUARTER, MONTH, WEEK, DAY, DOW, ISODOW, DOY, HOUR, MINUTE, SECOND, MILLISECOND, MICROSECOND, EPOCH;

        static Part parse(String fn, String s) {
            switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "year": case "years": case "y": case "yr": case "yrs": return YEAR;
                case "quarter": case "quarters": return QUARTER;
                case "month": case "months": case "mon": return MONTH;
                case "week": case "weeks": case "w": case "weekofyear": return WEEK;
                case "day": case "days": case "d": case "dayofmonth": return DAY;
                case "dow": case "dayofweek": return DOW;
                case "isodow": return ISODOW;
                case "doy": case "dayofyear": return DOY;
                case "hour": case "hours": case "h": case "hr": return HOUR;
                case "minute": case "minutes": case "m": case "min": return MINUTE;
                case "second": case "seconds": case "s": case "sec": return SECOND;
                case "millisecond": case "milliseconds": case "ms": return MILLISECOND;
                case "microsecond": case "microseconds": case "us": return MICROSECOND;
                case "epoch": return EPOCH;
                default: throw new DaftException("function " + fn + ": unknown date part '" + s + "'");
            }
        }
    }

    /** Reads the part/unit argument row by row, parsing only when it changes (a literal parses once). */
    static final class PartReader {
        private final String fn;
        private final Utf8Column col;
        private byte[] last;
        private Part part;

        private final boolean constant;

        PartReader(String fn, FieldVector v, boolean constant, int n) {
            this.fn = fn;
            this.constant = constant;
            this.col = Columns.strings(v, constant ? 1 : n);
        }

        Part at(int row) {
            int i = constant ? 0 : row;
            if (constant && part != null) {
                return part;
            }
            int s = col.start(i);
            int l = col.length(i);
            if (last == null || !java.util.Arrays.equals(last, 0, last.length, col.data, s, s + l)) {
                last = java.util.Arrays.copyOfRange(col.data, s, s + l);
                part = Part.parse(fn, new String(last, StandardCharsets.UTF_8));
            }
            return part;
        }
    }

    static void temporal(String fn, List<DataType> types, int index) {
        TypeId t = types.get(index).id();
        if (t != TypeId.DATE && t != TypeId.TIMESTAMP && t != TypeId.NULL) {
            throw Args.wrong(fn, index, "a date or timestamp", types);
        }
    }

    /** extract(part, x). */
    static final class Extract implements ScalarFunction {
        @Override
        public String name() {
            return "extract";
        }

        @Override
        public DataType returnType(List<DataType> argTypes) {
            Args.count(name(), argTypes, 2, 2);
            Args.string(name(), argTypes, 0);
            temporal(name(), argTypes, 1);
            return DataType.INT64;
        }

        @Override
        public FieldVector eval(List<FieldVector> args, int n, DataType out) {
            return evalConstants(args, new boolean[args.size()], n, out);
        }

        @Override
        public FieldVector evalConstants(List<FieldVector> args, boolean[] c, int n, DataType out) {
            if (c[1]) {
                return ScalarFunction.super.evalConstants(args, c, n, out);
            }
            PartReader parts = new PartReader(name(), args.get(0), c[0], n);
            FieldVector x = args.get(1);
            DataType t = Args.typeOf(x);
            byte[] valid = Columns.and(Args.validity(args.get(0), c[0], n), Columns.validity(x, n));
            long[] v = t.id() == TypeId.NULL ? new long[n] : Columns.longs(x, n);
            long perSecond = t.id() == TypeId.TIMESTAMP ? t.timeUnit().perSecond() : 1;
            long perDay = DateTimes.SECONDS_PER_DAY * perSecond;
            boolean isDate = t.id() != TypeId.TIMESTAMP;
            long[] r = new long[n];
            for (int i = 0; i < n; i++) {
                if (!Columns.get(valid, i)) {
                    continue;
                }
                long days = isDate ? v[i] : Math.floorDiv(v[i], perDay);
                long tod = isDate ? 0 : v[i] - days * perDay;
                r[i] = extract(parts.at(i), days, tod, perSecond, isDate ? v[i] * perDay : v[i]);
            }
            return Columns.fromLongs(x.getName(), DataType.INT64, r, valid, n);
        }

        static long extract(Part part, long days, long tod, long perSecond, long ticks) {
            switch (part) {
                case YEAR: return DateTimes.year(DateTimes.civilFromDays(days));
                case QUARTER: return (DateTimes.month(DateTimes.civilFromDays(days)) - 1) / 3 + 1;
                case MONTH: return DateTimes.month(DateTimes.civilFromDays(days));
                case DAY: return DateTimes.day(DateTimes.civilFromDays(days));
                case WEEK: return DateTimes.isoWeek(days);
                case DOW: return DateTimes.dayOfWeek(days);
                case ISODOW: {
                    int d = DateTimes.dayOfWeek(days);
                    return d == 0 ? 7 : d;
                }
                case DOY: return days - DateTimes.daysFromCivil(DateTimes.year(DateTimes.civilFromDays(days)), 1, 1) + 1;
                case HOUR: return tod / (3600 * perSecond);
                case MINUTE: return tod / (60 * perSecond) % 60;
                case SECOND: return tod / perSecond % 60;
                case MILLISECOND: return (tod % (60 * perSecond)) * 1000 / perSecond;
                case MICROSECOND: return (tod % (60 * perSecond)) * 1_000_000 / perSecond;
                case EPOCH: return Math.floorDiv(ticks, perSecond);
                default: throw new AssertionError(part);
            }
        }
    }

    /** year(x), month(x), ...: extract with a fixed part. */
    static final class PartFunction implements ScalarFunction {
        private final String name;
        private final Part part;

        PartFunction(String name) {
            this.name = name;
            this.part = Part.parse(name, name);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public DataType returnType(List<DataType> argTypes) {
            Args.count(name, argTypes, 1, 1);
            temporal(name, argTypes, 0);
            return DataType.INT64;
        }

        @Override
        public FieldVector eval(List<FieldVector> args, int n, DataType out) {
            FieldVector x = args.get(0);
            DataType t = Args.typeOf(x);
            byte[] valid = Columns.validity(x, n);
            long[] v = t.id() == TypeId.NULL ? new long[n] : Columns.longs(x, n);
            long perSecond = t.id() == TypeId.TIMESTAMP ? t.timeUnit().perSecond() : 1;
            long perDay = DateTimes.SECONDS_PER_DAY * perSecond;
            boolean isDate = t.id() != TypeId.TIMESTAMP;
            long[] r = new long[n];
            for (int i = 0; i < n; i++) {
                long days = isDate ? v[i] : Math.floorDiv(v[i], perDay);
                long tod = isDate ? 0 : v[i] - days * perDay;
                r[i] = Extract.extract(part, days, tod, perSecond, isDate ? v[i] * perDay : v[i]);
            }
            return Columns.fromLongs(x.getName(), DataType.INT64, r, valid, n);
        }
    }

    /** date_add(x, n, unit). */
    static final class DateAdd implements ScalarFunction {
        @Override
        public String name() {
            return "date_add";
        }

        @Override
        public DataType returnType(List<DataType> argTypes) {
            Args.count(name(), argTypes, 3, 3);
            temporal(name(), argTypes, 0);
            Args.integer(name(), argTypes, 1);
            Args.string(name(), argTypes, 2);
            return argTypes.get(0).id() == TypeId.NULL ? DataType.DATE : argTypes.get(0);
        }

        @Override
        public FieldVector eval(List<FieldVector> args, int n, DataType out) {
            return evalConstants(args, new boolean[args.size()], n, out);
        }

        @Override
        public FieldVector evalConstants(List<FieldVector> args, boolean[] c, int n, DataType out) {
            if (c[0]) {
                return ScalarFunction.super.evalConstants(args, c, n, out);
            }
            FieldVector x = args.get(0);
            DataType t = Args.typeOf(x);
            byte[] valid = Columns.and(Columns.and(Columns.validity(x, n), Args.validity(args.get(1), c[1], n)),
                    Args.validity(args.get(2), c[2], n));
            long[] v = t.id() == TypeId.NULL ? new long[n] : Columns.longs(x, n);
            long[] k = Args.ints(args.get(1), c[1], n);
            PartReader units = new PartReader(name(), args.get(2), c[2], n);
            boolean isDate = t.id() != TypeId.TIMESTAMP;
            long perSecond = isDate ? 1 : t.timeUnit().perSecond();
            long perDay = DateTimes.SECONDS_PER_DAY * perSecond;
            long[] r = new long[n];
            try {
                for (int i = 0; i < n; i++) {
                    if (!Columns.get(valid, i)) {
                        continue;
                    }
                    Part unit = units.at(i);
                    long days = isDate ? v[i] : Math.floorDiv(v[i], perDay);
                    long tod = isDate ? 0 : v[i] - days * perDay;
                    long step;
                    switch (unit) {
                        case DAY: step = Math.multiplyExact(k[i], isDate ? 1 : perDay); break;
                        case WEEK: step = Math.multiplyExact(k[i], isDate ? 7 : 7 * perDay); break;
                        case MONTH: case QUARTER: case YEAR: {
                            long months = Math.multiplyExact(k[i], unit == Part.MONTH ? 1 : unit == Part.QUARTER ? 3 : 12);
                            long newDays = DateTimes.addMonths(days, months);
                            r[i] = isDate ? newDays : Math.addExact(Math.multiplyExact(newDays, perDay), tod);
                            continue;
                        }
                        case HOUR: case MINUTE: case SECOND: case MILLISECOND: case MICROSECOND: {
                            if (isDate) {
                                throw new DaftException("function date_add: cannot add " + unit.name().toLowerCase(Locale.ROOT)
                                        + "s to a date; cast it to a timestamp first");
                            }
                            long unitTicks = unit == Part.HOUR ? 3600 * perSecond : unit == Part.MINUTE ? 60 * perSecond
                                    : unit == Part.SECOND ? perSecond : unit == Part.MILLISECOND ? perSecond / 1000
                                    : perSecond / 1_000_000;
                            if (unitTicks == 0) {
                                throw new DaftException("function date_add: " + t + " cannot hold " + unit.name().toLowerCase(Locale.ROOT) + "s");
                            }
                            step = Math.multiplyExact(k[i], unitTicks);
                            break;
                        }
                        default:
                            throw new DaftException("function date_add: unsupported unit '" + unit.name().toLowerCase(Locale.ROOT) + "'");
                    }
                    r[i] = Math.addExact(v[i], step);
                }
            } catch (ArithmeticException e) {
                throw new DaftException("function date_add: result out of range for " + t);
            }
            if (isDate) {
                for (int i = 0; i < n; i++) {
                    if (Columns.get(valid, i) && (r[i] < Integer.MIN_VALUE || r[i] > Integer.MAX_VALUE)) {
                        throw new DaftException("function date_add: result out of range for Date");
                    }
                }
            }
            return Columns.fromLongs(x.getName(), out, r, valid, n);
        }

    }

    /** date_trunc(unit, x). */
    static final class DateTrunc implements ScalarFunction {
        @Override
        public String name() {
            return "date_trunc";
        }

        @Override
        public DataType returnType(List<DataType> argTypes) {
            Args.count(name(), argTypes, 2, 2);
            Args.string(name(), argTypes, 0);
            temporal(name(), argTypes, 1);
            return argTypes.get(1).id() == TypeId.NULL ? DataType.DATE : argTypes.get(1);
        }

        @Override
        public FieldVector eval(List<FieldVector> args, int n, DataType out) {
            return evalConstants(args, new boolean[args.size()], n, out);
        }

        @Override
        public FieldVector evalConstants(List<FieldVector> args, boolean[] c, int n, DataType out) {
            if (c[1]) {
                return ScalarFunction.super.evalConstants(args, c, n, out);
            }
            PartReader units = new PartReader(name(), args.get(0), c[0], n);
            FieldVector x = args.get(1);
            DataType t = Args.typeOf(x);
            byte[] valid = Columns.and(Args.validity(args.get(0), c[0], n), Columns.validity(x, n));
            long[] v = t.id() == TypeId.NULL ? new long[n] : Columns.longs(x, n);
            boolean isDate = t.id() != TypeId.TIMESTAMP;
            long perSecond = isDate ? 1 : t.timeUnit().perSecond();
            long perDay = DateTimes.SECONDS_PER_DAY * perSecond;
            long[] r = new long[n];
            for (int i = 0; i < n; i++) {
                if (!Columns.get(valid, i)) {
                    continue;
                }
                Part unit = units.at(i);
                long days = isDate ? v[i] : Math.floorDiv(v[i], perDay);
                long civil;
                long newDays;
                switch (unit) {
                    case YEAR:
                        newDays = DateTimes.daysFromCivil(DateTimes.year(DateTimes.civilFromDays(days)), 1, 1);
                        break;
                    case QUARTER:
                        civil = DateTimes.civilFromDays(days);
                        newDays = DateTimes.daysFromCivil(DateTimes.year(civil), (DateTimes.month(civil) - 1) / 3 * 3 + 1, 1);
                        break;
                    case MONTH:
                        civil = DateTimes.civilFromDays(days);
                        newDays = DateTimes.daysFromCivil(DateTimes.year(civil), DateTimes.month(civil), 1);
                        break;
                    case WEEK:
                        newDays = days - Math.floorMod(days + 3, 7); // back to Monday
                        break;
                    case DAY:
                        newDays = days;
                        break;
                    case HOUR: case MINUTE: case SECOND: case MILLISECOND: case MICROSECOND: {
                        if (isDate) {
                            r[i] = v[i];
                            continue;
                        }
                        long unitTicks = unit == Part.HOUR ? 3600 * perSecond : unit == Part.MINUTE ? 60 * perSecond
                                : unit == Part.SECOND ? perSecond : unit == Part.MILLISECOND ? Math.max(1, perSecond / 1000)
                                : Math.max(1, perSecond / 1_000_000);
                        r[i] = Math.floorDiv(v[i], unitTicks) * unitTicks;
                        continue;
                    }
                    default:
                        throw new DaftException("function date_trunc: unsupported unit '" + unit.name().toLowerCase(Locale.ROOT) + "'");
                }
                r[i] = isDate ? newDays : newDays * perDay;
            }
            return Columns.fromLongs(x.getName(), out, r, valid, n);
        }
    }
}
