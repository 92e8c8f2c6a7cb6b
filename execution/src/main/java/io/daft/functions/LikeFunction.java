package io.daft.functions;

import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.dsl.eval.Columns;
import io.daft.dsl.eval.Utf8Column;
import org.apache.arrow.vector.FieldVector;

import java.util.Arrays;
import java.util.List;

/**
 * {@code like(s, pattern[, escape])} and {@code ilike} (case-insensitive, per code point): {@code %} matches any
 * run of characters, {@code _} exactly one character (code point); the escape character makes the next one literal.
 *
 * <p>A pattern is compiled once and reused while the pattern of the next row is the same bytes (always, for a
 * literal pattern). Common shapes get specialised byte matchers ({@code abc}, {@code abc%}, {@code %abc},
 * {@code %abc%}); the rest use a backtracking wildcard matcher over the UTF-8 bytes, which needs no allocation.
 */
final class LikeFunction implements ScalarFunction {
    private final String name;
    private final boolean caseInsensitive;

    private LikeFunction(String name, boolean caseInsensitive) {
        this.name = name;
        this.caseInsensitive = caseInsensitive;
    }

    static void registerAll() {
        FunctionRegistry.register(new LikeFunction("like", false));
        FunctionRegistry.register(new LikeFunction("ilike", true));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DataType returnType(List<DataType> argTypes) {
        Args.count(name, argTypes, 2, 3);
        for (int i = 0; i < argTypes.size(); i++) {
            Args.string(name, argTypes, i);
        }
        return DataType.BOOLEAN;
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
        Utf8Column s = Columns.strings(args.get(0), n);
        Utf8Column p = Args.strings(args.get(1), c[1], n);
        Utf8Column e = args.size() > 2 ? Args.strings(args.get(2), c[2], n) : null;
        byte[] valid = Columns.and(s.validity, Args.validity(args.get(1), c[1], n));
        if (e != null) {
            valid = Columns.and(valid, Args.validity(args.get(2), c[2], n));
        }
        boolean constPattern = c[1] && (e == null || c[2]);
        byte[] bits = new byte[Columns.bitmapBytes(n)];
        Matcher m = null;
        byte[] lastPattern = null;
        int lastEscape = -2;
        byte[] lower = new byte[64];
        for (int i = 0; i < n; i++) {
            if (!Columns.get(valid, i)) {
                continue;
            }
            int escape = -1;
            if (e != null) {
                int ei = c[2] ? 0 : i;
                if (e.length(ei) > 1 || (e.length(ei) == 1 && e.data[e.start(ei)] < 0)) {
                    throw new DaftException("function " + name + ": the escape must be a single ASCII character, got '" + e.string(ei) + "'");
                }
                escape = e.length(ei) == 0 ? -1 : e.data[e.start(ei)];
            }
            int pi = c[1] ? 0 : i;
            int ps = p.start(pi);
            int pl = p.length(pi);
            if (m == null || (!constPattern && (escape != lastEscape
                    || !Arrays.equals(lastPattern, 0, lastPattern.length, p.data, ps, ps + pl)))) {
                lastPattern = Arrays.copyOfRange(p.data, ps, ps + pl);
                lastEscape = escape;
                byte[] pat = lastPattern;
                if (caseInsensitive) {
                    byte[] buf = new byte[pl * 2 + 4];
                    pat = Arrays.copyOf(buf, Utf8.mapCase(lastPattern, 0, pl, buf, false));
                }
                m = Matcher.compile(pat, escape);
            }
            boolean hit;
            if (caseInsensitive) {
                int len = s.length(i);
                if (lower.length < len * 2 + 4) {
                    lower = new byte[len * 2 + 4];
                }
                int ll = Utf8.mapCase(s.data, s.start(i), s.start(i) + len, lower, false);
                hit = m.matches(lower, 0, ll);
            } else {
                hit = m.matches(s.data, s.start(i), s.start(i) + s.length(i));
            }
            if (hit) {
                Columns.set(bits, i);
            }
        }
        return Columns.fromBits(args.get(0).getName(), bits, valid, n);
    }

    /** A compiled pattern. Ops: a byte value (0..255) matches itself, ONE one code point, ANY any run. */
    static final class Matcher {
        static final int ONE = -1;
        static final int ANY = -2;
        private static final int EXACT = 0;
        private static final int PREFIX = 1;
        private static final int SUFFIX = 2;
        private static final int CONTAINS = 3;
        private static final int GENERAL = 4;
        private static final int ALL = 5;

        private final int[] ops;
        private final int kind;
        private final byte[] literal;

        private Matcher(int[] ops, int kind, byte[] literal) {
            this.ops = ops;
            this.kind = kind;
            this.literal = literal;
        }

        static Matcher compile(byte[] pattern, int escape) {
            int[] ops = new int[pattern.length];
            int m = 0;
            for (int i = 0; i < pattern.length; i++) {
                int b = pattern[i] & 0xFF;
                if (escape >= 0 && b == escape && i + 1 < pattern.length) {
                    ops[m++] = pattern[++i] & 0xFF;
                } else if (b == '%') {
                    if (m == 0 || ops[m - 1] != ANY) {
                        ops[m++] = ANY; // %% is %
                    }
                } else if (b == '_') {
                    ops[m++] = ONE;
                } else {
                    ops[m++] = b;
                }
            }
            ops = Arrays.copyOf(ops, m);
            // classify: literals with at most a leading and a trailing %
            boolean lead = m > 0 && ops[0] == ANY;
            boolean trail = m > (lead ? 1 : 0) && ops[m - 1] == ANY;
            int from = lead ? 1 : 0;
            int to = trail ? m - 1 : m;
            boolean literalOnly = true;
            for (int i = from; i < to; i++) {
                literalOnly &= ops[i] >= 0;
            }
            if (!literalOnly) {
                return new Matcher(ops, GENERAL, null);
            }
            byte[] lit = new byte[Math.max(0, to - from)];
            for (int i = from; i < to; i++) {
                lit[i - from] = (byte) ops[i];
            }
            if (lead && m == 1) {
                return new Matcher(ops, ALL, lit);
            }
            int kind = lead && trail ? CONTAINS : lead ? SUFFIX : trail ? PREFIX : EXACT;
            return new Matcher(ops, kind, lit);
        }

        boolean matches(byte[] s, int start, int end) {
            int len = end - start;
            int ll = literal == null ? 0 : literal.length;
            switch (kind) {
                case ALL:
                    return true;
                case EXACT:
                    return Arrays.equals(s, start, end, literal, 0, ll);
                case PREFIX:
                    return len >= ll && Arrays.equals(s, start, start + ll, literal, 0, ll);
                case SUFFIX:
                    return len >= ll && Arrays.equals(s, end - ll, end, literal, 0, ll);
                case CONTAINS:
                    return Utf8.indexOf(s, start, end, literal, 0, ll) >= 0;
                default:
                    return general(s, start, end);
            }
        }

        private boolean general(byte[] s, int start, int end) {
            int si = start;
            int pi = 0;
            int m = ops.length;
            int starP = -1;
            int starS = -1;
            while (si < end) {
                int op = pi < m ? ops[pi] : Integer.MIN_VALUE;
                if (op >= 0 && op == (s[si] & 0xFF)) {
                    si++;
                    pi++;
                } else if (op == ONE) {
                    si += Utf8.width(s[si]);
                    pi++;
                } else if (op == ANY) {
                    starP = pi++;
                    starS = si;
                } else if (starP >= 0) {
                    pi = starP + 1;
                    starS += Utf8.width(s[starS]);
                    si = starS;
                } else {
                    return false;
                }
            }
            if (si > end) {
                return false;
            }
            while (pi < m && ops[pi] == ANY) {
                pi++;
            }
            return pi == m;
        }
    }
}
