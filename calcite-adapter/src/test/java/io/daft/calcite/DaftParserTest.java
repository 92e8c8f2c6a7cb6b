package io.daft.calcite;

import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The generated grammar with date, time, timestamp, next, values, current, over, grouping, rollup, ... non-reserved:
 * statements that Calcite's Babel parser read (the constructs those words start: literals, casts, sequences, FETCH
 * NEXT, MATCH_RECOGNIZE, window frames, grouping sets, VALUES) parse to the same tree as there (the expected texts
 * are Babel's), and the words are names where a name fits.
 */
class DaftParserTest {
    /** Statement, and the text of the tree Calcite's Babel parser (calcite-babel 1.42.0) made of it. */
    private static final String[][] AS_BABEL = {
            {"SELECT DATE '2024-01-01', TIMESTAMP '2024-01-01 00:00:00', TIME '01:02:03', INTERVAL '1' DAY,"
                + " CURRENT_DATE",
                "SELECT DATE '2024-01-01', TIMESTAMP '2024-01-01 00:00:00', TIME '01:02:03', INTERVAL '1' DAY,"
                    + " CURRENT_DATE"},
            {"SELECT TIMESTAMP WITH LOCAL TIME ZONE '2024-01-01 00:00:00', TIME WITH TIME ZONE '01:02:03'",
                "SELECT TIMESTAMP WITH LOCAL TIME ZONE '2024-01-01 00:00:00', TIME WITH TIME ZONE '01:02:03'"},
            {"SELECT CAST(x AS TIMESTAMP WITH LOCAL TIME ZONE), CAST(x AS TIMESTAMP(6)), CAST(x AS TIME(3)) FROM t",
                "SELECT CAST(`x` AS TIMESTAMP WITH LOCAL TIME ZONE), CAST(`x` AS TIMESTAMP(6)), CAST(`x` AS"
                    + " TIME(3)) FROM `t`"},
            {"SELECT * FROM t ORDER BY x OFFSET 1 ROWS FETCH NEXT 2 ROWS ONLY",
                "SELECT * FROM `t` ORDER BY `x` OFFSET 1 ROWS FETCH NEXT 2 ROWS ONLY"},
            {"SELECT NEXT VALUE FOR s FROM t",
                "SELECT NEXT VALUE FOR `s` FROM `t`"},
            {"SELECT CURRENT VALUE FOR s FROM t",
                "SELECT CURRENT VALUE FOR `s` FROM `t`"},
            {"SELECT date(x), timestamp(x) FROM t",
                "SELECT `date`(`x`), `timestamp`(`x`) FROM `t`"},
            {"SELECT * FROM t MATCH_RECOGNIZE (ORDER BY x MEASURES NEXT(A.x) AS nx AFTER MATCH SKIP TO NEXT ROW"
                + " PATTERN (A B) DEFINE A AS A.x > 0)",
                "SELECT * FROM `t` MATCH_RECOGNIZE( ORDER BY `x` MEASURES NEXT(`A`.`x`, 1) AS `nx` AFTER MATCH"
                    + " SKIP TO NEXT ROW PATTERN (`A` `B`) DEFINE `A` AS `A`.`x` > 0)"},
            {"SELECT * FROM t MATCH_RECOGNIZE (ORDER BY x MEASURES A.x AS ax ALL ROWS PER MATCH AFTER MATCH"
                + " SKIP TO LAST A PATTERN (A B) DEFINE A AS PREV(A.x) > 0)",
                "SELECT * FROM `t` MATCH_RECOGNIZE( ORDER BY `x` MEASURES `A`.`x` AS `ax` ALL ROWS PER MATCH"
                    + " AFTER MATCH SKIP TO LAST `A` PATTERN (`A` `B`) DEFINE `A` AS PREV(`A`.`x`, 1) > 0)"},
            {"VALUES (1, 2), (3, 4)",
                "VALUES ROW(1, 2), ROW(3, 4)"},
            {"SELECT * FROM t WHERE (a, b) IN (VALUES (1, 2))",
                "SELECT * FROM `t` WHERE ROW(`a`, `b`) IN (VALUES ROW(1, 2))"},
            {"SELECT SUM(x) OVER (PARTITION BY y ORDER BY z ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM t",
                "SELECT SUM(`x`) OVER (PARTITION BY `y` ORDER BY `z` ROWS BETWEEN UNBOUNDED PRECEDING AND"
                    + " CURRENT ROW) FROM `t`"},
            {"SELECT SUM(x) OVER (ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) FROM t",
                "SELECT SUM(`x`) OVER (ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) FROM `t`"},
            {"SELECT SUM(x) OVER (RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM t",
                "SELECT SUM(`x`) OVER (RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM `t`"},
            {"SELECT SUM(x) OVER w FROM t WINDOW w AS (PARTITION BY y ORDER BY z ROWS CURRENT ROW)",
                "SELECT SUM(`x`) OVER `w` FROM `t` WINDOW `w` AS (PARTITION BY `y` ORDER BY `z` ROWS CURRENT ROW)"},
            {"SELECT SUM(x) OVER (w ROWS 2 PRECEDING) FROM t WINDOW w AS (PARTITION BY y)",
                "SELECT SUM(`x`) OVER (`w` ROWS 2 PRECEDING) FROM `t` WINDOW `w` AS (PARTITION BY `y`)"},
            {"SELECT a, GROUPING(a), COUNT(*) FROM t GROUP BY ROLLUP(a), CUBE(b), GROUPING SETS ((a), ())",
                "SELECT `a`, GROUPING(`a`), COUNT(*) FROM `t` GROUP BY GROUPING SETS(`a`, ()), GROUPING"
                    + " SETS(`b`, ()), GROUPING SETS(`a`, ())"},
            {"SELECT * FROM t WHERE EXISTS (SELECT 1 FROM u) AND NOT EXISTS (SELECT 1 FROM u WHERE u.a = t.a)",
                "SELECT * FROM `t` WHERE EXISTS (SELECT 1 FROM `u`) AND NOT EXISTS (SELECT 1 FROM `u` WHERE"
                    + " `u`.`a` = `t`.`a`)"},
            {"INSERT INTO t VALUES (1)",
                "INSERT INTO `t` VALUES ROW(1)"},
            {"SET TIME ZONE 'UTC'",
                "SET `TIME ZONE` = 'UTC'"},
            {"SELECT * FROM t FOR SYSTEM_TIME AS OF TIMESTAMP '2020-01-01 00:00:00'",
                "SELECT * FROM `t` FOR SYSTEM_TIME AS OF TIMESTAMP '2020-01-01 00:00:00'"},
            {"SELECT {fn UCASE(x)}, {d '2020-01-01'} FROM t",
                "SELECT {fn UCASE(`x`) }, DATE '2020-01-01' FROM `t`"},
            {"SELECT CAST(x AS TIMESTAMP WITH TIME ZONE), CAST(x AS TIME WITH TIME ZONE), CAST(x AS DATE"
                + " ARRAY), x::TIMESTAMP(3) FROM t",
                "SELECT CAST(`x` AS TIMESTAMP WITH TIME ZONE), CAST(`x` AS TIME WITH TIME ZONE), CAST(`x` AS"
                    + " DATE ARRAY), (`x` :: TIMESTAMP(3)) FROM `t`"}
    };

    /** Statements with the words as names (Babel's parser refused them), and their trees. */
    private static final String[][] NAMES = {
            {"SELECT date, time, timestamp, next FROM t WHERE date > DATE '2024-01-01' ORDER BY timestamp",
                "SELECT `date`, `time`, `timestamp`, `next` FROM `t` WHERE `date` > DATE '2024-01-01' ORDER BY"
                    + " `timestamp`"},
            {"SELECT x AS next, y AS date, z AS time, w timestamp FROM t",
                "SELECT `x` AS `next`, `y` AS `date`, `z` AS `time`, `w` AS `timestamp` FROM `t`"},
            {"SELECT t.date, t.time, t.timestamp, t.next FROM t GROUP BY date, time",
                "SELECT `t`.`date`, `t`.`time`, `t`.`timestamp`, `t`.`next` FROM `t` GROUP BY `date`, `time`"},
            {"SELECT CAST(date AS VARCHAR), MAX(date), date + 1, CAST(x AS DATE) FROM t",
                "SELECT CAST(`date` AS VARCHAR), MAX(`date`), `date` + 1, CAST(`x` AS DATE) FROM `t`"},
            {"SELECT next value FROM t",
                "SELECT `next` AS `value` FROM `t`"},
            {"WITH date AS (SELECT 1 AS next) SELECT next FROM date",
                "WITH `date` AS (SELECT 1 AS `next`) SELECT `next` FROM `date`"},
            {"SELECT SUM(over) over, COUNT(*) OVER next FROM t WINDOW next AS (ORDER BY date)",
                "SELECT SUM(`over`) AS `over`, COUNT(*) OVER `next` FROM `t` WINDOW `next` AS (ORDER BY `date`)"},
            {"SELECT grouping, rollup, values, current FROM t GROUP BY grouping, rollup, values, current",
                "SELECT `grouping`, `rollup`, `values`, `current` FROM `t` GROUP BY `grouping`, `rollup`,"
                    + " `values`, `current`"},
            {"SELECT * FROM t WHERE timestamp >= TIMESTAMP '2020-01-01 00:00:00' AND time < TIME '12:00:00'",
                "SELECT * FROM `t` WHERE `timestamp` >= TIMESTAMP '2020-01-01 00:00:00' AND `time` < TIME"
                    + " '12:00:00'"},
            {"SELECT SUM(x) OVER (PARTITION BY date ORDER BY timestamp RANGE BETWEEN INTERVAL '1' DAY PRECEDING"
                + " AND CURRENT ROW EXCLUDE CURRENT ROW) FROM t",
                "SELECT SUM(`x`) OVER (PARTITION BY `date` ORDER BY `timestamp` RANGE BETWEEN INTERVAL '1' DAY"
                    + " PRECEDING AND CURRENT ROW EXCLUDE CURRENT ROW) FROM `t`"}
    };

    static Stream<String[]> asBabel() {
        return Arrays.stream(AS_BABEL);
    }

    static Stream<String[]> names() {
        return Arrays.stream(NAMES);
    }

    @ParameterizedTest
    @MethodSource("asBabel")
    void constructsParseAsInBabel(String sql, String tree) throws SqlParseException {
        assertEquals(tree, parse(sql));
    }

    @ParameterizedTest
    @MethodSource("names")
    void wordsAreNames(String sql, String tree) throws SqlParseException {
        assertEquals(tree, parse(sql));
    }

    private static String parse(String sql) throws SqlParseException {
        SqlParser parser = SqlParser.create(sql, SqlParser.config().withParserFactory(DaftParserImpl.FACTORY)
                .withQuoting(Quoting.DOUBLE_QUOTE).withUnquotedCasing(Casing.UNCHANGED));
        return parser.parseStmt().toString().replace("\n", " ");
    }
}
