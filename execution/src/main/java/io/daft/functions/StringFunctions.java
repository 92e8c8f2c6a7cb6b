package io.daft.functions;

import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.TypeId;
import io.daft.dsl.eval.Casts;
import io.daft.dsl.eval.Columns;
import io.daft.dsl.eval.Utf8Builder;
import io.daft.dsl.eval.Utf8Column;
import io.daft.recordbatch.Vectors;
import org.apache.arrow.vector.FieldVector;

import java.util.ArrayList;
import java.util.List;

/**
 * String functions with SQL (DuckDB) semantics. Positions and lengths count code points, not bytes; case mapping
 * is per code point (as DuckDB: {@code upper('ß')} stays {@code 'ß'}). Each function unpacks its string columns
 * once and loops over the UTF-8 bytes; integer arguments may be columns or literals.
 */
final class StringFunctions {
    private StringFunctions() {
    }

    static void registerAll() {
        FunctionRegistry.register(new CaseMap("upper", true));
        FunctionRegistry.register(new CaseMap("lower", false));
        FunctionRegistry.registerAlias("ucase", new CaseMap("upper", true));
        FunctionRegistry.registerAlias("lcase", new CaseMap("lower", false));
        Length length = new Length("length", false);
        FunctionRegistry.register(length);
        FunctionRegistry.registerAlias("char_length", length);
        FunctionRegistry.registerAlias("character_length", length);
        FunctionRegistry.register(new Length("octet_length", true));
        FunctionRegistry.register(new Trim("trim", true, true));
        FunctionRegistry.register(new Trim("ltrim", true, false));
        FunctionRegistry.register(new Trim("rtrim", false, true));
        FunctionRegistry.register(new Concat());
        FunctionRegistry.register(new Match("starts_with", Match.PREFIX));
        FunctionRegistry.register(new Match("ends_with", Match.SUFFIX));
        FunctionRegistry.register(new Match("contains", Match.CONTAINS));
        FunctionRegistry.register(new Replace());
        StrPos strpos = new StrPos();
        FunctionRegistry.register(strpos);
        FunctionRegistry.registerAlias("position", strpos);
        FunctionRegistry.registerAlias("instr", strpos);
        FunctionRegistry.register(new LeftRight("left", true));
        FunctionRegistry.register(new LeftRight("right", false));
        Substring substring = new Substring();
        FunctionRegistry.register(substring);
        FunctionRegistry.registerAlias("substr", substring);
        FunctionRegistry.register(new Pad("lpad", true));
        FunctionRegistry.register(new Pad("rpad", false));
        FunctionRegistry.register(new Reverse());
    }

    /** Base for functions over string arguments (positions listed in {@code stringArgs}) and integer ones. */
    abstract static class StringFn implements ScalarFunction {
        private final String name;
        private final int min;
        private final int max;

        StringFn(String name, int min, int max) {
            this.name = name;
            this.min = min;
            this.max = max;
        }

        @Override
        public String name() {
            return name;
        }

        /** 's' for a string argument, 'i' for an integer one, per position. */
        abstract String signature();

        abstract DataType result();

        @Override
        public DataType returnType(List<DataType> argTypes) {
            Args.count(name, argTypes, min, max);
            String sig = signature();
            for (int i = 0; i < argTypes.size(); i++) {
                char k = sig.charAt(Math.min(i, sig.length() - 1));
                if (k == 's') {
                    Args.string(name, argTypes, i);
                } else if (k == 'i') {
                    Args.integer(name, argTypes, i);
                }
            }
            return result();
        }

        @Override
        public FieldVector eval(List<FieldVector> args, int n, DataType out) {
            return evalConstants(args, new boolean[args.size()], n, out);
        }

        @Override
        public FieldVector evalConstants(List<FieldVector> args, boolean[] constant, int n, DataType out) {
            if (constant[0]) {
                // the subject string is rarely constant: broadcast it so compute() reads row i of argument 0
                boolean[] rest = constant.clone();
                rest[0] = false;
                try (FieldVector full = Vectors.take(args.get(0), new int[n], n)) {
                    List<FieldVector> a = new ArrayList<>(args);
                    a.set(0, full);
                    return evalConstants(a, rest, n, out);
                }
            }
            byte[] valid = Columns.allSet(n);
            for (int i = 0; i < args.size(); i++) {
                valid = Columns.and(valid, Args.validity(args.get(i), constant[i], n));
            }
            return compute(args, constant, n, valid, args.get(0).getName());
        }

        /** Argument 0 has n rows; any other argument with {@code c[k]} set has one row (read row 0 for every i). */
        abstract FieldVector compute(List<FieldVector> args, boolean[] c, int n, byte[] valid, String name);
    }

    static Utf8Column strings(FieldVector v, int n) {
        return Columns.strings(v, n);
    }

    /** Integer argument values (zeros for a null-typed argument; those rows are null anyway). */
    static long[] ints(FieldVector v, int n) {
        return Args.typeOf(v).id() == TypeId.NULL ? new long[n] : Columns.longs(v, n);
    }

    static final class CaseMap extends StringFn {
        private final boolean upper;

        CaseMap(String name, boolean upper) {
            super(name, 1, 1);
            this.upper = upper;
        }

        @Override
        String signature() {
            return "s";
        }

        @Override
        DataType result() {
            return DataType.UTF8;
        }

        @Override
        FieldVector compute(List<FieldVector> args, boolean[] c, int n, byte[] valid, String name) {
            Utf8Column s = strings(args.get(0), n);
            Utf8Builder out = new Utf8Builder(n, s.data.length);
            byte[] buf = new byte[64];
            for (int i = 0; i < n; i++) {
                if (!Columns.get(valid, i)) {
                    out.appendNull();
                    continue;
                }
                int len = s.length(i);
                if (buf.length < len * 2 + 4) {
                    buf = new byte[len * 2 + 4];
                }
                int m = Utf8.mapCase(s.data, s.start(i), s.start(i) + len, buf, upper);
                out.append(buf, 0, m);
            }
            return out.build(name, DataType.UTF8);
        }
    }

    static final class Length extends StringFn {
        private final boolean bytes;

        Length(String name, boolean bytes) {
            super(name, 1, 1);
            this.bytes = bytes;
        }

        @Override
        String signature() {
            return bytes ? "b" : "s";
        }

        @Override
        public DataType returnType(List<DataType> argTypes) {
            Args.count(name(), argTypes, 1, 1);
            TypeId t = argTypes.get(0).id();
            if (t != TypeId.UTF8 && t != TypeId.NULL && !(bytes && t == TypeId.BINARY)) {
                throw Args.wrong(name(), 0, bytes ? "a string or binary" : "a string", argTypes);
            }
            return DataType.INT64;
        }

        @Override
        DataType result() {
            return DataType.INT64;
        }

        @Override
        FieldVector compute(List<FieldVector> args, boolean[] c, int n, byte[] valid, String name) {
            Utf8Column s = strings(args.get(0), n);
            long[] r = new long[n];
            for (int i = 0; i < n; i++) {
                r[i] = bytes ? s.length(i) : Utf8.count(s.data, s.start(i), s.start(i) + s.length(i));
            }
            return Columns.fromLongs(name, DataType.INT64, r, valid, n);
        }
    }

    /** trim/ltrim/rtrim: removes spaces (Unicode space separators), or any code point of the optional second argument. */
    static final class Trim extends StringFn {
        private final boolean left;
        private final boolean right;

        Trim(String name, boolean left, boolean right) {
            super(name, 1, 2);
            this.left = left;
            this.right = right;
        }

        @Override
        String signature() {
            return "ss";
        }

        @Override
        DataType result() {
            return DataType.UTF8;
        }

        private static boolean trimmable(int cp, int[] set) {
            if (set == null) {
                return Character.getType(cp) == Character.SPACE_SEPARATOR;
            }
            for (int c : set) {
                if (c == cp) {
                    return true;
                }
            }
            return false;
        }

        @Override
        FieldVector compute(List<FieldVector> args, boolean[] c, int n, byte[] valid, String name) {
            Utf8Column s = strings(args.get(0), n);
            Utf8Column chars = args.size() > 1 ? Args.strings(args.get(1), c[1], n) : null;
            Utf8Builder out = new Utf8Builder(n, s.data.length);
            int[] set = null;
            for (int i = 0; i < n; i++) {
                if (!Columns.get(valid, i)) {
                    out.appendNull();
                    continue;
                }
                if (chars != null && (set == null || !c[1])) {
                    set = chars.string(c[1] ? 0 : i).codePoints().toArray();
                }
                int start = s.start(i);
                int end = start + s.length(i);
                if (left) {
                    while (start < end) {
                        int w = Utf8.width(s.data[start]);
                        if (!trimmable(Utf8.decode(s.data, start, Math.min(w, end - start)), set)) {
                            break;
                        }
                        start += w;
                    }
                }
                if (right) {
                    while (end > start) {
                        int p = end - 1;
                        while (p > start && (s.data[p] & 0xC0) == 0x80) {
                            p--;
                        }
                        if (!trimmable(Utf8.decode(s.data, p, end - p), set)) {
                            break;
                        }
                        end = p;
                    }
                }
                out.append(s.data, start, end - start);
            }
            return out.build(name, DataType.UTF8);
        }
    }

    /** concat(a, b, ...): null if any argument is null (SQL's {@code ||}); non-strings are cast to strings. */
    static final class Concat implements ScalarFunction {
        @Override
        public String name() {
            return "concat";
        }

        @Override
        public DataType returnType(List<DataType> argTypes) {
            Args.count(name(), argTypes, 1, Integer.MAX_VALUE);
            for (int i = 0; i < argTypes.size(); i++) {
                if (argTypes.get(i).isNested()) {
                    throw Args.wrong(name(), i, "a string (or a value castable to one)", argTypes);
                }
            }
            return DataType.UTF8;
        }

        @Override
        public FieldVector eval(List<FieldVector> args, int n, DataType out) {
            List<Utf8Column> cols = new ArrayList<>();
            byte[] valid = Columns.allSet(n);
            int bytes = 0;
            for (FieldVector a : args) {
                try (FieldVector s = Casts.cast(a, DataType.UTF8, "concat")) {
                    Utf8Column c = strings(s, n);
                    cols.add(c);
                    valid = Columns.and(valid, c.validity);
                    bytes += c.data.length;
                }
            }
            Utf8Builder b = new Utf8Builder(n, bytes);
            for (int i = 0; i < n; i++) {
                if (!Columns.get(valid, i)) {
                    b.appendNull();
                    continue;
                }
                for (Utf8Column c : cols) {
                    b.write(c.data, c.start(i), c.length(i));
                }
                b.endValue();
            }
            return b.build(args.get(0).getName(), DataType.UTF8);
        }
    }

    /** starts_with / ends_with / contains, byte-wise (exact for UTF-8). */
    static final class Match extends StringFn {
        static final int PREFIX = 0;
        static final int SUFFIX = 1;
        static final int CONTAINS = 2;
        private final int kind;

        Match(String name, int kind) {
            super(name, 2, 2);
            this.kind = kind;
        }

        @Override
        String signature() {
            return "ss";
        }

        @Override
        DataType result() {
            return DataType.BOOLEAN;
        }

        @Override
        FieldVector compute(List<FieldVector> args, boolean[] c, int n, byte[] valid, String name) {
            Utf8Column s = strings(args.get(0), n);
            Utf8Column p = Args.strings(args.get(1), c[1], n);
            byte[] bits = new byte[Columns.bitmapBytes(n)];
            for (int i = 0; i < n; i++) {
                int pi = c[1] ? 0 : i;
                int sl = s.length(i);
                int pl = p.length(pi);
                boolean m;
                if (pl > sl) {
                    m = false;
                } else if (kind == PREFIX) {
                    m = java.util.Arrays.equals(s.data, s.start(i), s.start(i) + pl, p.data, p.start(pi), p.start(pi) + pl);
                } else if (kind == SUFFIX) {
                    int e = s.start(i) + sl;
                    m = java.util.Arrays.equals(s.data, e - pl, e, p.data, p.start(pi), p.start(pi) + pl);
                } else {
                    m = Utf8.indexOf(s.data, s.start(i), s.start(i) + sl, p.data, p.start(pi), pl) >= 0;
                }
                if (m) {
                    Columns.set(bits, i);
                }
            }
            return Columns.fromBits(name, bits, valid, n);
        }
    }

    /** replace(s, from, to): every non-overlapping occurrence, left to right; an empty {@code from} changes nothing. */
    static final class Replace extends StringFn {
        Replace() {
            super("replace", 3, 3);
        }

        @Override
        String signature() {
            return "sss";
        }

        @Override
        DataType result() {
            return DataType.UTF8;
        }

        @Override
        FieldVector compute(List<FieldVector> args, boolean[] c, int n, byte[] valid, String name) {
            Utf8Column s = strings(args.get(0), n);
            Utf8Column f = Args.strings(args.get(1), c[1], n);
            Utf8Column t = Args.strings(args.get(2), c[2], n);
            Utf8Builder out = new Utf8Builder(n, s.data.length);
            for (int i = 0; i < n; i++) {
                if (!Columns.get(valid, i)) {
                    out.appendNull();
                    continue;
                }
                int fi = c[1] ? 0 : i;
                int ti = c[2] ? 0 : i;
                int start = s.start(i);
                int end = start + s.length(i);
                int fl = f.length(fi);
                if (fl == 0) {
                    out.append(s.data, start, end - start);
                    continue;
                }
                int p = start;
                while (true) {
                    int hit = Utf8.indexOf(s.data, p, end, f.data, f.start(fi), fl);
                    if (hit < 0) {
                        break;
                    }
                    out.write(s.data, p, hit - p);
                    out.write(t.data, t.start(ti), t.length(ti));
                    p = hit + fl;
                }
                out.write(s.data, p, end - p);
                out.endValue();
            }
            return out.build(name, DataType.UTF8);
        }
    }

    /** strpos(s, sub): 1-based code point position of the first occurrence, 0 if none, 1 for an empty sub. */
    static final class StrPos extends StringFn {
        StrPos() {
            super("strpos", 2, 2);
        }

        @Override
        String signature() {
            return "ss";
        }

        @Override
        DataType result() {
            return DataType.INT64;
        }

        @Override
        FieldVector compute(List<FieldVector> args, boolean[] c, int n, byte[] valid, String name) {
            Utf8Column s = strings(args.get(0), n);
            Utf8Column p = Args.strings(args.get(1), c[1], n);
            long[] r = new long[n];
            for (int i = 0; i < n; i++) {
                int pi = c[1] ? 0 : i;
                int hit = Utf8.indexOf(s.data, s.start(i), s.start(i) + s.length(i), p.data, p.start(pi), p.length(pi));
                r[i] = hit < 0 ? 0 : Utf8.count(s.data, s.start(i), hit) + 1;
            }
            return Columns.fromLongs(name, DataType.INT64, r, valid, n);
        }
    }

    /** left(s, k) / right(s, k): the first/last k code points; a negative k drops |k| from the other end. */
    static final class LeftRight extends StringFn {
        private final boolean left;

        LeftRight(String name, boolean left) {
            super(name, 2, 2);
            this.left = left;
        }

        @Override
        String signature() {
            return "si";
        }

        @Override
        DataType result() {
            return DataType.UTF8;
        }

        @Override
        FieldVector compute(List<FieldVector> args, boolean[] c, int n, byte[] valid, String name) {
            Utf8Column s = strings(args.get(0), n);
            long[] k = Args.ints(args.get(1), c[1], n);
            Utf8Builder out = new Utf8Builder(n, s.data.length);
            for (int i = 0; i < n; i++) {
                if (!Columns.get(valid, i)) {
                    out.appendNull();
                    continue;
                }
                int start = s.start(i);
                int end = start + s.length(i);
                int len = Utf8.count(s.data, start, end);
                long keep = k[i] >= 0 ? Math.min(k[i], len) : Math.max(0, len + k[i]);
                if (left) {
                    out.append(s.data, start, Utf8.advance(s.data, start, end, keep) - start);
                } else {
                    int from = Utf8.advance(s.data, start, end, len - keep);
                    out.append(s.data, from, end - from);
                }
            }
            return out.build(name, DataType.UTF8);
        }
    }

    /**
     * substring(s, start[, length]) with DuckDB's rules: 1-based; a negative start counts from the end; start 0
     * begins one before the first character; a negative length takes the characters before start.
     */
    static final class Substring extends StringFn {
        Substring() {
            super("substring", 2, 3);
        }

        @Override
        String signature() {
            return "sii";
        }

        @Override
        DataType result() {
            return DataType.UTF8;
        }

        @Override
        FieldVector compute(List<FieldVector> args, boolean[] c, int n, byte[] valid, String name) {
            Utf8Column s = strings(args.get(0), n);
            long[] off = Args.ints(args.get(1), c[1], n);
            long[] len = args.size() > 2 ? Args.ints(args.get(2), c[2], n) : null;
            Utf8Builder out = new Utf8Builder(n, s.data.length);
            for (int i = 0; i < n; i++) {
                if (!Columns.get(valid, i)) {
                    out.appendNull();
                    continue;
                }
                int bs = s.start(i);
                int be = bs + s.length(i);
                long size = Utf8.count(s.data, bs, be);
                long offset = off[i];
                long length = len == null ? 4294967295L : len[i];
                // the window [start, start + length) (or [start + length, start) for a negative length), where
                // start is 0-based and may lie before the string; then clamped to the string
                long start = offset > 0 ? offset - 1 : offset < 0 ? size + offset : -1;
                long end;
                if (length >= 0) {
                    end = start + length;
                } else {
                    end = start;
                    start = start + length;
                }
                start = Math.max(0, Math.min(size, start));
                end = Math.max(0, Math.min(size, end));
                if (start >= end) {
                    out.append(s.data, bs, 0);
                    continue;
                }
                int from = Utf8.advance(s.data, bs, be, start);
                int to = Utf8.advance(s.data, from, be, end - start);
                out.append(s.data, from, to - from);
            }
            return out.build(name, DataType.UTF8);
        }
    }

    /** lpad/rpad(s, length, fill): pads with repetitions of fill to length code points, or truncates to it. */
    static final class Pad extends StringFn {
        private final boolean left;

        Pad(String name, boolean left) {
            super(name, 3, 3);
            this.left = left;
        }

        @Override
        String signature() {
            return "sis";
        }

        @Override
        DataType result() {
            return DataType.UTF8;
        }

        @Override
        FieldVector compute(List<FieldVector> args, boolean[] c, int n, byte[] valid, String name) {
            Utf8Column s = strings(args.get(0), n);
            long[] k = Args.ints(args.get(1), c[1], n);
            Utf8Column f = Args.strings(args.get(2), c[2], n);
            Utf8Builder out = new Utf8Builder(n, s.data.length);
            for (int i = 0; i < n; i++) {
                if (!Columns.get(valid, i)) {
                    out.appendNull();
                    continue;
                }
                int start = s.start(i);
                int end = start + s.length(i);
                long target = Math.max(0, k[i]);
                int len = Utf8.count(s.data, start, end);
                if (len >= target) {
                    out.append(s.data, start, Utf8.advance(s.data, start, end, target) - start);
                    continue;
                }
                int fi = c[2] ? 0 : i;
                int fs = f.start(fi);
                int fe = fs + f.length(fi);
                if (fe == fs) {
                    throw new DaftException("function " + name() + " needs a non-empty fill string to pad '" + s.string(i) + "'");
                }
                if (!left) {
                    out.write(s.data, start, end - start);
                }
                long missing = target - len;
                int p = fs;
                while (missing > 0) {
                    int w = Utf8.width(f.data[p]);
                    out.write(f.data, p, w);
                    p += w;
                    if (p >= fe) {
                        p = fs;
                    }
                    missing--;
                }
                if (left) {
                    out.write(s.data, start, end - start);
                }
                out.endValue();
            }
            return out.build(name, DataType.UTF8);
        }
    }

    /** reverse(s) by code points. */
    static final class Reverse extends StringFn {
        Reverse() {
            super("reverse", 1, 1);
        }

        @Override
        String signature() {
            return "s";
        }

        @Override
        DataType result() {
            return DataType.UTF8;
        }

        @Override
        FieldVector compute(List<FieldVector> args, boolean[] c, int n, byte[] valid, String name) {
            Utf8Column s = strings(args.get(0), n);
            Utf8Builder out = new Utf8Builder(n, s.data.length);
            byte[] buf = new byte[64];
            for (int i = 0; i < n; i++) {
                if (!Columns.get(valid, i)) {
                    out.appendNull();
                    continue;
                }
                int start = s.start(i);
                int len = s.length(i);
                if (buf.length < len) {
                    buf = new byte[len];
                }
                int o = len;
                for (int p = start; p < start + len; ) {
                    int w = Math.min(Utf8.width(s.data[p]), start + len - p);
                    o -= w;
                    System.arraycopy(s.data, p, buf, o, w);
                    p += w;
                }
                out.append(buf, 0, len);
            }
            return out.build(name, DataType.UTF8);
        }
    }
}
