package io.daft.dsl.eval;

import io.daft.core.DataType;
import io.daft.dsl.Cast;
import io.daft.dsl.ColumnRef;
import io.daft.dsl.Expr;
import io.daft.dsl.FunctionExpr;
import io.daft.dsl.Literal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;

/** Registered scalar functions checked against DuckDB over {@link OracleTable}. */
class FunctionOracleTest {
    private static DuckDbOracle oracle;

    @BeforeAll
    static void setUp() throws Exception {
        oracle = new DuckDbOracle(OracleTable.columns());
    }

    @AfterAll
    static void tearDown() throws Exception {
        oracle.close();
    }

    static Expr col(String c) {
        return new ColumnRef(c);
    }

    static Expr fn(String name, Expr... args) {
        return new FunctionExpr(name, List.of(args));
    }

    static Expr lit(int v) {
        return Literal.of(v);
    }

    static Expr lit(String v) {
        return Literal.of(v);
    }

    @TestFactory
    List<DynamicTest> nullsAndMath() {
        List<DynamicTest> t = new ArrayList<>();
        t.add(oracle.test("coalesce(i32, i32b, -1)", fn("coalesce", col("i32"), col("i32b"), lit(-1))));
        t.add(oracle.test("coalesce(s, s2)", fn("coalesce", col("s"), col("s2"))));
        t.add(oracle.test("coalesce(i8, f64)", fn("coalesce", col("i8"), col("f64"))));
        t.add(oracle.test("coalesce(d92, d184)", fn("coalesce", col("d92"), col("d184"))));
        t.add(oracle.test("coalesce(dt, dt2)", fn("coalesce", col("dt"), col("dt2"))));
        t.add(oracle.test("coalesce(b1, b2, false)", fn("coalesce", col("b1"), col("b2"), Literal.of(false))));
        t.add(oracle.test("coalesce(NULL, i64)", fn("coalesce", Literal.nullOf(DataType.NULL), col("i64"))));
        for (String c : new String[] {"i8", "i32", "i64", "f32", "f64", "d92", "d3810", "big"}) {
            t.add(oracle.test("abs(" + c + ")", fn("abs", col(c))));
            t.add(oracle.test("sign(" + c + ")", fn("sign", col(c))));
            t.add(oracle.test("ceil(" + c + ")", fn("ceil", col(c))));
            t.add(oracle.test("floor(" + c + ")", fn("floor", col(c))));
            t.add(oracle.test("round(" + c + ")", fn("round", col(c))));
        }
        t.add(oracle.test("round(f64, 2)", fn("round", col("f64"), lit(2))));
        t.add(oracle.test("round(f64b, 1)", fn("round", col("f64b"), lit(1))));
        t.add(oracle.test("round(i32, -2)", fn("round", col("i32"), lit(-2))));
        t.add(oracle.test("round(i64, -1)", fn("round", col("i64"), lit(-1))));
        t.add(oracle.test("round(d92, 1)::DOUBLE", fn("round", col("d92"), lit(1))));
        t.add(oracle.test("sqrt(f64b)", fn("sqrt", col("f64b"))));
        t.add(oracle.test("sqrt(abs(f64b))", fn("sqrt", fn("abs", col("f64b")))));
        t.add(oracle.test("sqrt(i32)", fn("sqrt", col("i32"))));
        t.add(oracle.test("ln(f64b)", fn("ln", col("f64b"))));
        t.add(oracle.test("ln(abs(f64b) + 1)", fn("ln", fn("abs", col("f64b")).plus(lit(1)))));
        t.add(oracle.test("log(abs(d92) + 1)", fn("log", fn("abs", col("d92")).plus(lit(1)))));
        t.add(oracle.test("log2(abs(i64) + 1)", fn("log2", fn("abs", col("i64")).plus(lit(1)))));
        t.add(oracle.test("exp(f64b)", fn("exp", col("f64b"))));
        t.add(oracle.test("power(f64b, i8)", fn("power", col("f64b"), col("i8"))));
        t.add(oracle.test("pow(i32b, 2)", fn("pow", col("i32b"), lit(2))));
        t.add(oracle.test("mod(i32, i32b)", fn("mod", col("i32"), col("i32b"))));
        t.add(oracle.test("mod(f64, f64b)", fn("mod", col("f64"), col("f64b"))));
        return t;
    }

    @TestFactory
    List<DynamicTest> strings() {
        List<DynamicTest> t = new ArrayList<>();
        for (String c : new String[] {"s", "s2"}) {
            t.add(oracle.test("upper(" + c + ")", fn("upper", col(c))));
            t.add(oracle.test("lower(" + c + ")", fn("lower", col(c))));
            t.add(oracle.test("length(" + c + ")", fn("length", col(c))));
            t.add(oracle.test("char_length(" + c + ")", fn("char_length", col(c))));
            t.add(oracle.test("octet_length(encode(" + c + "))", fn("octet_length", col(c))));
            t.add(oracle.test("trim(" + c + ")", fn("trim", col(c))));
            t.add(oracle.test("ltrim(" + c + ")", fn("ltrim", col(c))));
            t.add(oracle.test("rtrim(" + c + ")", fn("rtrim", col(c))));
            t.add(oracle.test("reverse(" + c + ")", fn("reverse", col(c))));
        }
        t.add(oracle.test("trim(s, 'a ')", fn("trim", col("s"), lit("a "))));
        t.add(oracle.test("s || s2", fn("concat", col("s"), col("s2"))));
        t.add(oracle.test("s || '-' || i32", fn("concat", col("s"), lit("-"), col("i32"))));
        t.add(oracle.test("starts_with(s, s2)", fn("starts_with", col("s"), col("s2"))));
        t.add(oracle.test("starts_with(s, 'ab')", fn("starts_with", col("s"), lit("ab"))));
        t.add(oracle.test("ends_with(s, s2)", fn("ends_with", col("s"), col("s2"))));
        t.add(oracle.test("contains(s, s2)", fn("contains", col("s"), col("s2"))));
        t.add(oracle.test("contains(s, 'l')", fn("contains", col("s"), lit("l"))));
        t.add(oracle.test("replace(s, 'a', 'XY')", fn("replace", col("s"), lit("a"), lit("XY"))));
        t.add(oracle.test("replace(s, s2, '')", fn("replace", col("s"), col("s2"), lit(""))));
        t.add(oracle.test("replace(s, '', 'x')", fn("replace", col("s"), lit(""), lit("x"))));
        t.add(oracle.test("strpos(s, s2)", fn("strpos", col("s"), col("s2"))));
        t.add(oracle.test("strpos(s, 'l')", fn("strpos", col("s"), lit("l"))));
        t.add(oracle.test("position(s2 IN s)", fn("position", col("s"), col("s2"))));
        for (int k : new int[] {-3, 0, 2, 100}) {
            t.add(oracle.test("left(s, " + k + ")", fn("left", col("s"), lit(k))));
            t.add(oracle.test("right(s, " + k + ")", fn("right", col("s"), lit(k))));
        }
        t.add(oracle.test("left(s, i8)", fn("left", col("s"), col("i8"))));
        int[][] subs = {{1, 3}, {2, 100}, {0, 2}, {-1, 3}, {-3, 2}, {3, -2}, {0, 0}, {5, 1}, {-100, 3}};
        for (int[] p : subs) {
            t.add(oracle.test("substring(s, " + p[0] + ", " + p[1] + ")", fn("substring", col("s"), lit(p[0]), lit(p[1]))));
        }
        t.add(oracle.test("substring(s, 2)", fn("substring", col("s"), lit(2))));
        t.add(oracle.test("substring(s, -2)", fn("substring", col("s"), lit(-2))));
        t.add(oracle.test("substring(s, i8, i32b)", fn("substring", col("s"), col("i8"), col("i32b"))));
        t.add(oracle.test("substr(s, 2, 3)", fn("substr", col("s"), lit(2), lit(3))));
        t.add(oracle.test("lpad(s, 6, '*')", fn("lpad", col("s"), lit(6), lit("*"))));
        t.add(oracle.test("rpad(s, 8, 'ab')", fn("rpad", col("s"), lit(8), lit("ab"))));
        t.add(oracle.test("lpad(s2, 4, 'é')", fn("lpad", col("s2"), lit(4), lit("é"))));
        return t;
    }

    @TestFactory
    List<DynamicTest> like() {
        List<DynamicTest> t = new ArrayList<>();
        String[] patterns = {"abc", "a%", "%c", "%l%", "%", "", "_", "__", "h_llo%", "%o%o%", "a%b%c", "%_%", "日%", "%語", "_本_",
            "a\\%b", "x\\_y", "%ß%", "😀%", "%abc", "abc%abc", "A%", "%É%"};
        for (String p : patterns) {
            String sql = p.replace("'", "''");
            t.add(oracle.test("s LIKE '" + sql + "'" + (p.contains("\\") ? " ESCAPE '\\'" : ""),
                    p.contains("\\") ? fn("like", col("s"), lit(p), lit("\\")) : fn("like", col("s"), lit(p))));
            t.add(oracle.test("s ILIKE '" + sql + "'" + (p.contains("\\") ? " ESCAPE '\\'" : ""),
                    p.contains("\\") ? fn("ilike", col("s"), lit(p), lit("\\")) : fn("ilike", col("s"), lit(p))));
            t.add(oracle.test("s NOT LIKE '" + sql + "'" + (p.contains("\\") ? " ESCAPE '\\'" : ""),
                    (p.contains("\\") ? fn("like", col("s"), lit(p), lit("\\")) : fn("like", col("s"), lit(p))).not()));
        }
        t.add(oracle.test("s LIKE s2", fn("like", col("s"), col("s2"))));
        t.add(oracle.test("s ILIKE s2", fn("ilike", col("s"), col("s2"))));
        t.add(oracle.test("s LIKE '%' || s2 || '%'", fn("like", col("s"), fn("concat", lit("%"), col("s2"), lit("%")))));
        return t;
    }

    @TestFactory
    List<DynamicTest> dates() {
        List<DynamicTest> t = new ArrayList<>();
        String[] parts = {"year", "quarter", "month", "week", "day", "dow", "isodow", "doy", "hour", "minute", "second",
            "millisecond", "microsecond"};
        for (String c : new String[] {"dt", "ts"}) {
            for (String p : parts) {
                if (c.equals("dt") && (p.equals("hour") || p.equals("minute") || p.equals("second") || p.startsWith("milli")
                        || p.startsWith("micro"))) {
                    continue; // DuckDB rejects time parts of a date
                }
                t.add(oracle.test("extract('" + p + "' FROM " + c + ")", fn("extract", lit(p), col(c))));
            }
            t.add(oracle.test("CAST(floor(extract('epoch' FROM " + c + ")) AS BIGINT)", fn("extract", lit("epoch"), col(c))));
            t.add(oracle.test("year(" + c + ")", fn("year", col(c))));
            t.add(oracle.test("dayofweek(" + c + ")", fn("dayofweek", col(c))));
        }
        String[][] dateUnits = {{"day", "DAY"}, {"week", "WEEK"}, {"month", "MONTH"}, {"quarter", "QUARTER"}, {"year", "YEAR"}};
        for (String[] u : dateUnits) {
            for (int k : new int[] {1, -1, 13, -25}) {
                t.add(oracle.test("CAST(dt + INTERVAL (" + k + ") " + u[1] + " AS DATE)", fn("date_add", col("dt"), lit(k), lit(u[0]))));
                t.add(oracle.test("ts + INTERVAL (" + k + ") " + u[1], fn("date_add", col("ts"), lit(k), lit(u[0]))));
            }
            t.add(oracle.test("CAST(dt + INTERVAL (i32b) " + u[1] + " AS DATE)", fn("date_add", col("dt"), col("i32b"), lit(u[0]))));
        }
        for (String u : new String[] {"hour", "minute", "second", "millisecond", "microsecond"}) {
            t.add(oracle.test("ts + INTERVAL (i32b) " + u.toUpperCase(), fn("date_add", col("ts"), col("i32b"), lit(u))));
        }
        for (String u : new String[] {"year", "quarter", "month", "week", "day"}) {
            t.add(oracle.test("date_trunc('" + u + "', dt)", fn("date_trunc", lit(u), col("dt"))));
            t.add(oracle.test("CAST(date_trunc('" + u + "', ts) AS TIMESTAMP)", fn("date_trunc", lit(u), col("ts"))));
        }
        for (String u : new String[] {"hour", "minute", "second", "millisecond"}) {
            t.add(oracle.test("date_trunc('" + u + "', ts)", fn("date_trunc", lit(u), col("ts"))));
        }
        t.add(oracle.test("extract('year' FROM CAST(sdate AS DATE))", fn("extract", lit("year"), new Cast(col("sdate"), DataType.DATE))));
        return t;
    }
}
