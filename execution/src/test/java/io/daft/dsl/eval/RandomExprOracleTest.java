package io.daft.dsl.eval;

import io.daft.core.DataType;
import io.daft.dsl.Between;
import io.daft.dsl.BinaryExpr;
import io.daft.dsl.BinaryOp;
import io.daft.dsl.CaseWhen;
import io.daft.dsl.Cast;
import io.daft.dsl.ColumnRef;
import io.daft.dsl.Expr;
import io.daft.dsl.FunctionExpr;
import io.daft.dsl.InList;
import io.daft.dsl.Literal;
import io.daft.dsl.UnaryExpr;
import io.daft.dsl.UnaryOp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random expression trees (fixed seed), each rendered both as a DuckDB SQL expression and as our {@link Expr}, and
 * checked against DuckDB over {@link OracleTable}. Shapes whose semantics differ on purpose (decimal division,
 * {@code //} on floats, decimal results past 38 digits) are not generated.
 */
class RandomExprOracleTest {
    private static DuckDbOracle oracle;

    @BeforeAll
    static void setUp() throws Exception {
        oracle = new DuckDbOracle(OracleTable.columns());
    }

    @AfterAll
    static void tearDown() throws Exception {
        oracle.close();
    }

    /** An expression in both languages. */
    record Gen(String sql, Expr expr) {
        Gen castTo(String sqlType, DataType type) {
            return new Gen("CAST(" + sql + " AS " + sqlType + ")", new Cast(expr, type));
        }
    }

    private final Random rnd = new Random(20240611);

    private static Gen col(String c) {
        return new Gen(c, new ColumnRef(c));
    }

    private <T> T pick(List<T> xs) {
        return xs.get(rnd.nextInt(xs.size()));
    }

    private Gen bin(BinaryOp op, String sqlOp, Gen a, Gen b) {
        return new Gen("(" + a.sql + " " + sqlOp + " " + b.sql + ")", new BinaryExpr(op, a.expr, b.expr));
    }

    private static Gen fn(String sqlName, String name, Gen... args) {
        StringBuilder sb = new StringBuilder(sqlName).append('(');
        List<Expr> es = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(args[i].sql);
            es.add(args[i].expr);
        }
        return new Gen(sb.append(')').toString(), new FunctionExpr(name, es));
    }

    private Gen caseOf(Gen then, Gen otherwise, int depth) {
        Gen c = bool(depth - 1);
        return new Gen("CASE WHEN " + c.sql + " THEN " + then.sql + " ELSE " + otherwise.sql + " END",
                CaseWhen.ifElse(c.expr, then.expr, otherwise.expr));
    }

    Gen integer(int depth) {
        int k = depth <= 0 ? rnd.nextInt(2) : rnd.nextInt(16);
        switch (k) {
            case 0: return col(pick(List.of("i8", "i16", "i32", "i32b", "i64")));
            case 1: {
                int v = rnd.nextInt(21) - 10;
                return new Gen("CAST(" + v + " AS INTEGER)", Literal.of(v));
            }
            case 2: return bin(BinaryOp.PLUS, "+", integer(depth - 1), integer(depth - 1));
            case 3: return bin(BinaryOp.MINUS, "-", integer(depth - 1), integer(depth - 1));
            case 4: return bin(BinaryOp.MULTIPLY, "*", col(pick(List.of("i8", "i16", "i32b"))), integer(depth - 1));
            case 5: return bin(BinaryOp.INT_DIVIDE, "//", integer(depth - 1), divisor(depth - 1));
            case 6: return bin(BinaryOp.MODULO, "%", integer(depth - 1), divisor(depth - 1));
            case 7: {
                Gen a = integer(depth - 1);
                return new Gen("(-" + a.sql + ")", new UnaryExpr(UnaryOp.NEGATE, a.expr));
            }
            case 8: return fn("abs", "abs", integer(depth - 1));
            case 9: return caseOf(integer(depth - 1), integer(depth - 1), depth);
            case 10: return fn("coalesce", "coalesce", integer(depth - 1), integer(depth - 1));
            case 11: return fn("length", "length", string(depth - 1));
            case 12: return fn("strpos", "strpos", string(depth - 1), string(depth - 1));
            case 13: {
                String part = pick(List.of("year", "month", "day", "dow", "doy", "week", "quarter"));
                Gen d = date(depth - 1);
                return new Gen("extract('" + part + "' FROM " + d.sql + ")", new FunctionExpr("extract", List.of(Literal.of(part), d.expr)));
            }
            case 14: {
                Gen f = floating(depth - 1);
                return new Gen("CAST(" + f.sql + " AS BIGINT)", new Cast(f.expr, DataType.INT64));
            }
            default: {
                Gen d = decimal(depth - 1);
                return new Gen("CAST(" + d.sql + " AS BIGINT)", new Cast(d.expr, DataType.INT64));
            }
        }
    }

    /** A divisor that is not the constant 0 (DuckDB folds x % 0 to a constant NULL and skips evaluating x). */
    private Gen divisor(int depth) {
        Gen d = integer(depth);
        return d.expr instanceof Literal && d.sql.equals("CAST(0 AS INTEGER)") ? new Gen("CAST(3 AS INTEGER)", Literal.of(3)) : d;
    }

    Gen floating(int depth) {
        int k = depth <= 0 ? rnd.nextInt(2) : rnd.nextInt(11);
        switch (k) {
            case 0: return col(pick(List.of("f64", "f64b"))); // Float32 mixes widen differently in DuckDB
            case 1: {
                double v = (rnd.nextInt(2001) - 1000) / 8.0;
                return new Gen("CAST('" + v + "' AS DOUBLE)", Literal.of(v));
            }
            case 2: return bin(BinaryOp.PLUS, "+", floating(depth - 1), rnd.nextBoolean() ? floating(depth - 1) : integer(depth - 1));
            case 3: return bin(BinaryOp.MULTIPLY, "*", floating(depth - 1), floating(depth - 1));
            case 4: return bin(BinaryOp.DIVIDE, "/", floating(depth - 1), floating(depth - 1));
            case 5: return bin(BinaryOp.DIVIDE, "/", integer(depth - 1), integer(depth - 1));
            case 6: return fn("sqrt", "sqrt", fn("abs", "abs", floating(depth - 1)));
            case 7: return fn("round", "round", floating(depth - 1), new Gen("1", Literal.of(1)));
            case 8: return caseOf(floating(depth - 1), integer(depth - 1).castTo("DOUBLE", DataType.FLOAT64), depth);
            case 9: {
                Gen d = decimal(depth - 1);
                return new Gen("CAST(" + d.sql + " AS DOUBLE)", new Cast(d.expr, DataType.FLOAT64));
            }
            default: // Float32 op decimal is Float32 in DuckDB but Float64 for us: keep to doubles
                return bin(BinaryOp.MINUS, "-", col(pick(List.of("f64", "f64b"))), decimal(depth - 1));
        }
    }

    Gen decimal(int depth) {
        int k = depth <= 0 ? rnd.nextInt(2) : rnd.nextInt(7);
        switch (k) {
            case 0: return col(pick(List.of("d92", "d92b")));
            case 1: {
                BigDecimal v = BigDecimal.valueOf(rnd.nextInt(20001) - 10000, 2);
                return new Gen("CAST('" + v + "' AS DECIMAL(9,2))", Literal.decimal(v, 9, 2));
            }
            case 2: return bin(BinaryOp.PLUS, "+", decimal(0), decimal(0));
            case 3: return bin(BinaryOp.MINUS, "-", decimal(0), col(pick(List.of("i8", "i16"))));
            case 4: return bin(BinaryOp.MULTIPLY, "*", decimal(0), decimal(0));
            case 5: return fn("abs", "abs", decimal(depth - 1));
            default: return integer(depth - 1).castTo("DECIMAL(12,2)", DataType.decimal(12, 2));
        }
    }

    Gen string(int depth) {
        int k = depth <= 0 ? rnd.nextInt(2) : rnd.nextInt(13);
        switch (k) {
            case 0: return col(pick(List.of("s", "s2")));
            case 1: {
                String v = pick(List.of("a", "é", "日本", "", "ab", "Z", "l", "😀"));
                return new Gen("'" + v + "'", Literal.of(v));
            }
            case 2: return fn("upper", "upper", string(depth - 1));
            case 3: return fn("lower", "lower", string(depth - 1));
            case 4: return fn("trim", "trim", string(depth - 1));
            case 5: {
                int a = rnd.nextInt(7) - 3;
                int b = rnd.nextInt(7) - 2;
                return fn("substring", "substring", string(depth - 1), new Gen(String.valueOf(a), Literal.of(a)), new Gen(String.valueOf(b), Literal.of(b)));
            }
            case 6: return fn("replace", "replace", string(depth - 1), string(0), string(0));
            case 7: {
                Gen a = string(depth - 1);
                Gen b = string(depth - 1);
                return new Gen("(" + a.sql + " || " + b.sql + ")", new FunctionExpr("concat", List.of(a.expr, b.expr)));
            }
            case 8: // DuckDB rejects lengths past 2^32, we clamp: keep to small integers
                return fn("left", "left", string(depth - 1), col(pick(List.of("i8", "i32b"))));
            case 9: return fn("lpad", "lpad", string(depth - 1), new Gen("5", Literal.of(5)), new Gen("'*'", Literal.of("*")));
            case 10: return caseOf(string(depth - 1), string(depth - 1), depth);
            case 11: {
                Gen i = integer(depth - 1);
                return new Gen("CAST(" + i.sql + " AS VARCHAR)", new Cast(i.expr, DataType.UTF8));
            }
            default: return fn("coalesce", "coalesce", string(depth - 1), string(depth - 1));
        }
    }

    Gen date(int depth) {
        int k = depth <= 0 ? rnd.nextInt(2) : rnd.nextInt(6);
        switch (k) {
            case 0: return col(pick(List.of("dt", "dt2")));
            case 1: {
                LocalDate d = LocalDate.of(1960 + rnd.nextInt(80), 1 + rnd.nextInt(12), 1 + rnd.nextInt(28));
                return new Gen("DATE '" + d + "'", Literal.of(d));
            }
            case 2: {
                Gen d = date(depth - 1);
                Gen i = col(pick(List.of("i8", "i32b")));
                return new Gen("(" + d.sql + " + " + i.sql + ")", new BinaryExpr(BinaryOp.PLUS, d.expr, i.expr));
            }
            case 3: {
                String u = pick(List.of("day", "month", "year", "week", "quarter"));
                Gen d = date(depth - 1);
                int n = rnd.nextInt(41) - 20;
                return new Gen("CAST(" + d.sql + " + INTERVAL (" + n + ") " + u + " AS DATE)",
                        new FunctionExpr("date_add", List.of(d.expr, Literal.of(n), Literal.of(u))));
            }
            case 4: {
                String u = pick(List.of("month", "year", "week", "quarter"));
                Gen d = date(depth - 1);
                return new Gen("date_trunc('" + u + "', " + d.sql + ")", new FunctionExpr("date_trunc", List.of(Literal.of(u), d.expr)));
            }
            default: return fn("coalesce", "coalesce", date(depth - 1), date(depth - 1));
        }
    }

    Gen timestamp(int depth) {
        int k = depth <= 0 ? rnd.nextInt(2) : rnd.nextInt(6);
        switch (k) {
            case 0: return col(pick(List.of("ts", "ts2")));
            case 1: {
                java.time.LocalDateTime t = java.time.LocalDateTime.of(1960 + rnd.nextInt(80), 1 + rnd.nextInt(12), 1 + rnd.nextInt(28),
                        rnd.nextInt(24), rnd.nextInt(60), rnd.nextInt(60), rnd.nextInt(1000) * 1000);
                long micros = t.toEpochSecond(java.time.ZoneOffset.UTC) * 1_000_000L + t.getNano() / 1000;
                return new Gen("TIMESTAMP '" + t.toLocalDate() + " " + t.toLocalTime() + "'",
                        Literal.timestamp(micros, io.daft.core.TimeUnit.MICROSECONDS, java.util.Optional.empty()));
            }
            case 2: {
                String u = pick(List.of("day", "month", "year", "hour", "minute", "second"));
                Gen t = timestamp(depth - 1);
                Gen n = col(pick(List.of("i8", "i32b")));
                return new Gen("(" + t.sql + " + to_" + (u.equals("day") ? "days" : u + "s") + "(" + n.sql + "))",
                        new FunctionExpr("date_add", List.of(t.expr, n.expr, Literal.of(u))));
            }
            case 3: {
                String u = pick(List.of("month", "year", "week", "day", "hour", "minute", "second"));
                Gen t = timestamp(depth - 1);
                return new Gen("CAST(date_trunc('" + u + "', " + t.sql + ") AS TIMESTAMP)",
                        new FunctionExpr("date_trunc", List.of(Literal.of(u), t.expr)));
            }
            case 4: {
                Gen d = date(depth - 1);
                return new Gen("CAST(" + d.sql + " AS TIMESTAMP)", new Cast(d.expr, TestTables.tsMicros()));
            }
            default: {
                Gen s = col("sts");
                return new Gen("CAST(" + s.sql + " AS TIMESTAMP)", new Cast(s.expr, TestTables.tsMicros()));
            }
        }
    }

    Gen wideDecimal(int depth) {
        int k = depth <= 0 ? rnd.nextInt(2) : rnd.nextInt(5);
        switch (k) {
            case 0: return col(pick(List.of("d184", "d3810")));
            case 1: {
                BigDecimal v = new BigDecimal(rnd.nextLong()).movePointLeft(rnd.nextInt(10));
                return new Gen("CAST('" + v.toPlainString() + "' AS DECIMAL(38,10))", Literal.decimal(v.setScale(10), 38, 10));
            }
            case 2: return col("d184").castTo("DECIMAL(38,10)", DataType.decimal(38, 10));
            case 3: return fn("abs", "abs", wideDecimal(depth - 1));
            default: {
                Gen s = col("snum");
                return s.castTo("DECIMAL(20,4)", DataType.decimal(20, 4));
            }
        }
    }

    private Gen sameKind(int kind, int depth) {
        switch (kind) {
            case 0: return integer(depth);
            case 1: return floating(depth);
            case 2: return decimal(depth);
            case 3: return string(depth);
            case 4: return date(depth);
            case 5: return timestamp(depth);
            default: return wideDecimal(depth);
        }
    }

    Gen bool(int depth) {
        int k = depth <= 0 ? rnd.nextInt(2) : rnd.nextInt(12);
        switch (k) {
            case 0: return col(pick(List.of("b1", "b2")));
            case 1: {
                int kind = rnd.nextInt(7);
                BinaryOp op = pick(List.of(BinaryOp.EQ, BinaryOp.NEQ, BinaryOp.LT, BinaryOp.LTE, BinaryOp.GT, BinaryOp.GTE));
                String sqlOp = op == BinaryOp.NEQ ? "<>" : op.symbol();
                return bin(op, sqlOp, sameKind(kind, depth - 1), sameKind(kind, depth - 1));
            }
            case 2: return bin(BinaryOp.AND, "AND", bool(depth - 1), bool(depth - 1));
            case 3: return bin(BinaryOp.OR, "OR", bool(depth - 1), bool(depth - 1));
            case 4: {
                Gen b = bool(depth - 1);
                return new Gen("(NOT " + b.sql + ")", new UnaryExpr(UnaryOp.NOT, b.expr));
            }
            case 5: {
                Gen x = sameKind(rnd.nextInt(7), depth - 1);
                boolean not = rnd.nextBoolean();
                return new Gen("(" + x.sql + (not ? " IS NOT NULL)" : " IS NULL)"), new UnaryExpr(not ? UnaryOp.IS_NOT_NULL : UnaryOp.IS_NULL, x.expr));
            }
            case 6: {
                int kind = rnd.nextInt(7);
                Gen x = sameKind(kind, depth - 1);
                List<Gen> vals = new ArrayList<>();
                for (int i = rnd.nextInt(4) + 1; i > 0; i--) {
                    vals.add(sameKind(kind, rnd.nextInt(2) == 0 ? 0 : depth - 1));
                }
                boolean not = rnd.nextBoolean();
                StringBuilder sb = new StringBuilder("(").append(x.sql).append(not ? " NOT IN (" : " IN (");
                List<Expr> es = new ArrayList<>();
                for (int i = 0; i < vals.size(); i++) {
                    sb.append(i == 0 ? "" : ", ").append(vals.get(i).sql);
                    es.add(vals.get(i).expr);
                }
                return new Gen(sb.append("))").toString(), new InList(x.expr, es, not));
            }
            case 7: {
                int kind = rnd.nextInt(7);
                Gen x = sameKind(kind, depth - 1);
                Gen lo = sameKind(kind, depth - 1);
                Gen hi = sameKind(kind, depth - 1);
                boolean not = rnd.nextBoolean();
                return new Gen("(" + x.sql + (not ? " NOT BETWEEN " : " BETWEEN ") + lo.sql + " AND " + hi.sql + ")",
                        new Between(x.expr, lo.expr, hi.expr, not));
            }
            case 8: {
                String p = pick(List.of("%a%", "a%", "%o", "_b%", "%é%", "%", "__", "%l_o%", "日%"));
                Gen s = string(depth - 1);
                boolean ci = rnd.nextBoolean();
                return new Gen("(" + s.sql + (ci ? " ILIKE '" : " LIKE '") + p + "')",
                        new FunctionExpr(ci ? "ilike" : "like", List.of(s.expr, Literal.of(p))));
            }
            case 9: return fn("starts_with", "starts_with", string(depth - 1), string(0));
            case 10: {
                int kind = rnd.nextInt(7);
                Gen a = sameKind(kind, depth - 1);
                Gen b = sameKind(kind, depth - 1);
                return new Gen("(" + a.sql + " IS NOT DISTINCT FROM " + b.sql + ")", new BinaryExpr(BinaryOp.EQ_NULL_SAFE, a.expr, b.expr));
            }
            default: return caseOf(bool(depth - 1), bool(depth - 1), depth);
        }
    }

    @TestFactory
    List<DynamicTest> randomExpressions() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            int kind = rnd.nextInt(6);
            int depth = 1 + rnd.nextInt(4);
            Gen g = kind == 5 ? bool(depth) : sameKind(kind, depth);
            tests.add(oracle.test(g.sql, g.expr));
        }
        return tests;
    }
}
