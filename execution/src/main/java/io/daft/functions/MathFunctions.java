package io.daft.functions;

import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.TypeId;
import io.daft.dsl.BinaryOp;
import io.daft.dsl.TypeRules;
import io.daft.dsl.eval.Arithmetic;
import io.daft.dsl.eval.Casts;
import io.daft.dsl.eval.Columns;
import io.daft.recordbatch.Vectors;
import org.apache.arrow.vector.FieldVector;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;

/**
 * Numeric functions with DuckDB's semantics: {@code abs}, {@code sign} (Int8), {@code ceil}/{@code floor} and
 * {@code round} (type preserving; half away from zero), {@code sqrt}, {@code ln}, {@code log} (base 10),
 * {@code log2}, {@code exp}, {@code power}/{@code pow} (Float64), {@code mod}. The square root or logarithm of a
 * number outside the domain is an error, as in DuckDB.
 */
final class MathFunctions {
    private MathFunctions() {
    }

    static void registerAll() {
        for (Op op : Op.values()) {
            FunctionRegistry.register(new Unary(op));
        }
        FunctionRegistry.register(new Round());
        Power power = new Power();
        FunctionRegistry.register(power);
        FunctionRegistry.registerAlias("pow", power);
        FunctionRegistry.register(new Mod());
    }

    enum Op {
        ABS, SIGN, CEIL, FLOOR, SQRT, LN, LOG, LOG2, LOG10, EXP, CBRT, DEGREES, RADIANS, SIN, COS, TAN, ASIN, ACOS, ATAN;

        String fn() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        boolean typePreserving() {
            return this == ABS || this == CEIL || this == FLOOR;
        }
    }

    /** A one-argument numeric function. */
    static final class Unary implements ScalarFunction {
        private final Op op;

        Unary(Op op) {
            this.op = op;
        }

        @Override
        public String name() {
            return op.fn();
        }

        @Override
        public DataType returnType(List<DataType> argTypes) {
            Args.count(name(), argTypes, 1, 1);
            Args.numeric(name(), argTypes, 0);
            DataType t = argTypes.get(0);
            if (op == Op.SIGN) {
                return DataType.INT8;
            }
            if (op.typePreserving()) {
                if (t.id() == TypeId.NULL) {
                    return DataType.FLOAT64;
                }
                if (t.id() == TypeId.DECIMAL && op != Op.ABS) {
                    return DataType.decimal(t.precision(), 0);
                }
                return t;
            }
            return DataType.FLOAT64;
        }

        @Override
        public FieldVector eval(List<FieldVector> args, int n, DataType out) {
            FieldVector x = args.get(0);
            DataType t = Args.typeOf(x);
            String name = x.getName();
            byte[] valid = Columns.validity(x, n);
            if (t.id() == TypeId.NULL) {
                return Vectors.nulls(io.daft.core.Field.of(name, out), n);
            }
            if (op.typePreserving() && t.isInteger()) {
                if (op != Op.ABS) {
                    return Vectors.share(x);
                }
                long[] v = Columns.longs(x, n);
                long min = t.id() == TypeId.INT64 ? Long.MIN_VALUE : t.id() == TypeId.INT32 ? Integer.MIN_VALUE
                        : t.id() == TypeId.INT16 ? Short.MIN_VALUE : Byte.MIN_VALUE;
                for (int i = 0; i < n; i++) {
                    if (v[i] == min && Columns.get(valid, i)) {
                        throw new DaftException("overflow in abs of " + t + " (" + v[i] + ")");
                    }
                    v[i] = Math.abs(v[i]);
                }
                return Columns.fromLongs(name, t, v, valid, n);
            }
            if (op.typePreserving() && t.id() == TypeId.DECIMAL) {
                return decimal(x, t, out, n, valid, name);
            }
            if (op == Op.SIGN && t.id() == TypeId.DECIMAL) {
                try (FieldVector d = Casts.cast(x, DataType.FLOAT64)) {
                    return sign(Columns.doubles(d, n), valid, n, name);
                }
            }
            if (op == Op.SIGN && t.isInteger()) {
                long[] v = Columns.longs(x, n);
                for (int i = 0; i < n; i++) {
                    v[i] = Long.signum(v[i]);
                }
                return Columns.fromLongs(name, DataType.INT8, v, valid, n);
            }
            try (FieldVector f = Casts.cast(x, t.isFloating() ? t : DataType.FLOAT64)) {
                double[] d = Columns.doubles(f, n);
                if (op == Op.SIGN) {
                    return sign(d, valid, n, name);
                }
                double[] r = apply(d, valid, n);
                return Columns.fromDoubles(name, out, r, valid, n);
            }
        }

        private static FieldVector sign(double[] d, byte[] valid, int n, String name) {
            long[] r = new long[n];
            for (int i = 0; i < n; i++) {
                r[i] = d[i] > 0 ? 1 : d[i] < 0 ? -1 : 0;
            }
            return Columns.fromLongs(name, DataType.INT8, r, valid, n);
        }

        private double[] apply(double[] d, byte[] valid, int n) {
            double[] r = new double[n];
            switch (op) {
                case ABS: for (int i = 0; i < n; i++) { r[i] = Math.abs(d[i]); } break;
                case CEIL: for (int i = 0; i < n; i++) { r[i] = Math.ceil(d[i]); } break;
                case FLOOR: for (int i = 0; i < n; i++) { r[i] = Math.floor(d[i]); } break;
                case SQRT:
                    for (int i = 0; i < n; i++) {
                        if (d[i] < 0 && Columns.get(valid, i)) {
                            throw new DaftException("cannot take square root of a negative number (" + d[i] + ")");
                        }
                        r[i] = Math.sqrt(d[i]);
                    }
                    break;
                case LN:
                case LOG:
                case LOG2:
                case LOG10:
                    for (int i = 0; i < n; i++) {
                        if (d[i] <= 0 && Columns.get(valid, i)) {
                            throw new DaftException(d[i] == 0 ? "cannot take logarithm of zero"
                                    : "cannot take logarithm of a negative number (" + d[i] + ")");
                        }
                    }
                    if (op == Op.LN) {
                        for (int i = 0; i < n; i++) {
                            r[i] = Math.log(d[i]);
                        }
                    } else if (op == Op.LOG2) {
                        for (int i = 0; i < n; i++) {
                            r[i] = Math.log(d[i]) / Math.log(2);
                        }
                    } else {
                        for (int i = 0; i < n; i++) {
                            r[i] = Math.log10(d[i]);
                        }
                    }
                    break;
                case EXP: for (int i = 0; i < n; i++) { r[i] = Math.exp(d[i]); } break;
                case CBRT: for (int i = 0; i < n; i++) { r[i] = Math.cbrt(d[i]); } break;
                case DEGREES: for (int i = 0; i < n; i++) { r[i] = Math.toDegrees(d[i]); } break;
                case RADIANS: for (int i = 0; i < n; i++) { r[i] = Math.toRadians(d[i]); } break;
                case SIN: for (int i = 0; i < n; i++) { r[i] = Math.sin(d[i]); } break;
                case COS: for (int i = 0; i < n; i++) { r[i] = Math.cos(d[i]); } break;
                case TAN: for (int i = 0; i < n; i++) { r[i] = Math.tan(d[i]); } break;
                case ASIN: for (int i = 0; i < n; i++) { r[i] = Math.asin(d[i]); } break;
                case ACOS: for (int i = 0; i < n; i++) { r[i] = Math.acos(d[i]); } break;
                case ATAN: for (int i = 0; i < n; i++) { r[i] = Math.atan(d[i]); } break;
                default: throw new AssertionError(op);
            }
            return r;
        }

        /** abs/ceil/floor of decimals on unscaled values. */
        private FieldVector decimal(FieldVector x, DataType t, DataType out, int n, byte[] valid, String name) {
            int s = t.scale();
            BigInteger[] u = Columns.decimalBigs(x, n, valid);
            BigInteger[] r = new BigInteger[n];
            RoundingMode mode = op == Op.CEIL ? RoundingMode.CEILING : RoundingMode.FLOOR;
            for (int i = 0; i < n; i++) {
                if (u[i] == null) {
                    continue;
                }
                r[i] = op == Op.ABS ? u[i].abs() : new BigDecimal(u[i], s).setScale(0, mode).unscaledValue();
            }
            return Columns.fromDecimalBigs(name, out, r, valid, n);
        }
    }

    /** {@code round(x[, digits])}, half away from zero; digits may be negative. Keeps the type of x. */
    static final class Round implements ScalarFunction {
        @Override
        public String name() {
            return "round";
        }

        @Override
        public DataType returnType(List<DataType> argTypes) {
            Args.count(name(), argTypes, 1, 2);
            Args.numeric(name(), argTypes, 0);
            if (argTypes.size() == 2) {
                Args.integer(name(), argTypes, 1);
            }
            DataType t = argTypes.get(0);
            if (t.id() == TypeId.NULL) {
                return DataType.FLOAT64;
            }
            if (t.id() == TypeId.DECIMAL && t.scale() > 0) {
                // as DuckDB: round(x) drops the fraction; with digits one more integer digit holds the carry
                return argTypes.size() == 1 ? DataType.decimal(t.precision(), 0)
                        : DataType.decimal(Math.min(DataType.MAX_DECIMAL_PRECISION, t.precision() + 1), t.scale());
            }
            return t;
        }

        @Override
        public FieldVector eval(List<FieldVector> args, int n, DataType out) {
            FieldVector x = args.get(0);
            DataType t = Args.typeOf(x);
            String name = x.getName();
            byte[] valid = Columns.validity(x, n);
            long[] digits = new long[n];
            if (args.size() == 2) {
                valid = Columns.and(valid, Columns.validity(args.get(1), n));
                if (Args.typeOf(args.get(1)).id() != TypeId.NULL) {
                    digits = Columns.longs(args.get(1), n);
                }
            }
            if (t.id() == TypeId.NULL) {
                return Vectors.nulls(io.daft.core.Field.of(name, out), n);
            }
            if (t.isFloating()) {
                double[] d = Columns.doubles(x, n);
                for (int i = 0; i < n; i++) {
                    long k = digits[i];
                    if (k == 0) {
                        d[i] = roundHalfAway(d[i]);
                    } else {
                        double f = Math.pow(10, k);
                        double scaled = d[i] * f;
                        // DuckDB returns the value unchanged when scaling overflows
                        d[i] = Double.isInfinite(scaled) ? d[i] : roundHalfAway(scaled) / f;
                    }
                }
                return Columns.fromDoubles(name, t, d, valid, n);
            }
            if (t.isInteger()) {
                long[] v = Columns.longs(x, n);
                for (int i = 0; i < n; i++) {
                    long k = digits[i];
                    if (k < 0 && Columns.get(valid, i)) {
                        if (k <= -19) {
                            v[i] = 0;
                            continue;
                        }
                        BigInteger r = new BigDecimal(v[i]).setScale((int) k, RoundingMode.HALF_UP).toBigInteger();
                        if (r.bitLength() > 63 || r.longValue() < minOf(t) || r.longValue() > maxOf(t)) {
                            throw new DaftException("overflow in round of " + t + " (" + v[i] + ")");
                        }
                        v[i] = r.longValue();
                    }
                }
                return Columns.fromLongs(name, t, v, valid, n);
            }
            // decimal: round the value to the digits, at the result type's scale
            int s = t.scale();
            int outScale = out.scale();
            BigInteger[] u = Columns.decimalBigs(x, n, valid);
            BigInteger limit = BigInteger.TEN.pow(out.precision());
            for (int i = 0; i < n; i++) {
                if (u[i] == null || !Columns.get(valid, i)) {
                    continue;
                }
                long k = Math.max(Math.min(digits[i], s), -40);
                BigDecimal r = new BigDecimal(u[i], s).setScale((int) k, RoundingMode.HALF_UP).setScale(outScale, RoundingMode.HALF_UP);
                if (r.unscaledValue().abs().compareTo(limit) >= 0) {
                    throw new DaftException("overflow in round of " + t + " (" + new BigDecimal(u[i], s) + ")");
                }
                u[i] = r.unscaledValue();
            }
            return Columns.fromDecimalBigs(name, out, u, valid, n);
        }

        private static long minOf(DataType t) {
            return t.id() == TypeId.INT64 ? Long.MIN_VALUE : t.id() == TypeId.INT32 ? Integer.MIN_VALUE
                    : t.id() == TypeId.INT16 ? Short.MIN_VALUE : Byte.MIN_VALUE;
        }

        private static long maxOf(DataType t) {
            return t.id() == TypeId.INT64 ? Long.MAX_VALUE : t.id() == TypeId.INT32 ? Integer.MAX_VALUE
                    : t.id() == TypeId.INT16 ? Short.MAX_VALUE : Byte.MAX_VALUE;
        }

        static double roundHalfAway(double x) {
            if (Double.isNaN(x) || Double.isInfinite(x)) {
                return x;
            }
            return x < 0 ? -Math.floor(-x + 0.5) : Math.floor(x + 0.5);
        }
    }

    /** {@code power(x, y)} as Float64. */
    static final class Power implements ScalarFunction {
        @Override
        public String name() {
            return "power";
        }

        @Override
        public DataType returnType(List<DataType> argTypes) {
            Args.count(name(), argTypes, 2, 2);
            Args.numeric(name(), argTypes, 0);
            Args.numeric(name(), argTypes, 1);
            return DataType.FLOAT64;
        }

        @Override
        public FieldVector eval(List<FieldVector> args, int n, DataType out) {
            try (FieldVector a = Casts.cast(args.get(0), DataType.FLOAT64); FieldVector b = Casts.cast(args.get(1), DataType.FLOAT64)) {
                double[] x = Columns.doubles(a, n);
                double[] y = Columns.doubles(b, n);
                for (int i = 0; i < n; i++) {
                    x[i] = Math.pow(x[i], y[i]);
                }
                byte[] valid = Columns.and(Columns.validity(a, n), Columns.validity(b, n));
                return Columns.fromDoubles(args.get(0).getName(), DataType.FLOAT64, x, valid, n);
            }
        }
    }

    /** {@code mod(a, b)}: the {@code %} operator (sign of the dividend; by zero gives null). */
    static final class Mod implements ScalarFunction {
        @Override
        public String name() {
            return "mod";
        }

        @Override
        public DataType returnType(List<DataType> argTypes) {
            Args.count(name(), argTypes, 2, 2);
            try {
                return TypeRules.arithmetic(BinaryOp.MODULO, argTypes.get(0), argTypes.get(1), null);
            } catch (DaftException e) {
                throw new DaftException("function mod expects two numbers, got " + argTypes);
            }
        }

        @Override
        public FieldVector eval(List<FieldVector> args, int n, DataType out) {
            return Arithmetic.eval(BinaryOp.MODULO, args.get(0), args.get(1), Args.typeOf(args.get(0)),
                    Args.typeOf(args.get(1)), out, args.get(0).getName(), "mod");
        }
    }
}
