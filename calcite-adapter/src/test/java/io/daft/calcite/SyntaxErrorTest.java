package io.daft.calcite;

import io.daft.core.DaftException;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Syntax errors are one line: the position, the offending token and a short hint, not JavaCC's expected tokens. */
class SyntaxErrorTest extends SqlEngineFixture {
    private static String error(String sql) {
        String msg = assertThrows(DaftException.class, () -> engine.query(sql)).getMessage();
        assertFalse(msg.contains("\n") || msg.contains("expecting"), msg);
        return msg;
    }

    @Test
    void misspelledStatementHasAPosition() {
        assertEquals("syntax error at line 1, column 1: unexpected \"SELEC\"; hint: a statement starts with SELECT, WITH,"
                + " VALUES or EXPLAIN", error("SELEC 1"));
    }

    @Test
    void reservedWordAsNameSaysToQuoteIt() {
        assertEquals("syntax error at line 1, column 8: unexpected \"row\"; hint: ROW is a reserved word: write it in"
                + " double quotes (\"row\") to use it as a name", error("SELECT row, n_name FROM nation"));
        assertEquals("syntax error at line 1, column 8: unexpected \"exists\"; hint: EXISTS is a reserved word: write it"
                + " in double quotes (\"exists\") to use it as a name", error("SELECT exists FROM nation"));
        assertEquals("syntax error at line 1, column 36: unexpected \"partition\"; hint: PARTITION is a reserved word:"
                + " write it in double quotes (\"partition\") to use it as a name",
                error("SELECT n_name FROM nation ORDER BY partition"));
        assertEquals("syntax error at line 2, column 19: unexpected \"order\"; hint: ORDER is a reserved word: write it in"
                + " double quotes (\"order\") to use it as a name", error("SELECT *\nFROM nation WHERE order = 3"));
    }

    @Test
    void offendingTokenIsWhereMatchingStopped() {
        assertEquals("syntax error at line 1, column 15: unexpected \"FROM\"; hint: check for a missing comma, operator"
                + " or parenthesis before it", error("SELECT (1 + 2 FROM nation"));
        assertEquals("syntax error at line 1, column 17: unexpected \"c\"; hint: check for a missing comma, operator"
                + " or parenthesis before it", error("SELECT n_name a c FROM nation"));
    }

    @Test
    void incompleteStatement() {
        assertEquals("syntax error at the end of the statement: the statement is incomplete",
                error("SELECT n_name FROM nation WHERE"));
        assertEquals("syntax error at the end of the statement: the statement is incomplete", error("SELECT 1 +"));
    }

    @Test
    void unclosedQuote() {
        assertEquals("syntax error at line 1, column 42: unexpected \"'\"; hint: a quoted string or name is not closed"
                + " (write a quote inside one twice)", error("SELECT n_name FROM nation WHERE n_name = 'abc"));
        assertEquals("syntax error at line 1, column 10: unexpected \"#\"; hint: this character cannot appear here",
                error("SELECT 1 # 2"));
    }

    @Test
    void dateTimeTimestampAndNextAreNamesUnlessALiteralFollows() {
        // a name where a name fits, a literal where a string follows: the names reach the validator
        assertEquals("Column 'date' not found in any table", validation("SELECT date FROM nation"));
        assertEquals("Column 'timestamp' not found in any table",
                validation("SELECT n_name FROM nation WHERE timestamp > TIMESTAMP '2024-01-01 00:00:00'"));
        assertEquals("Column 'next' not found in any table", validation("SELECT n_name FROM nation ORDER BY next"));
        assertEquals(List.of(List.of(25L, 25L, 24L, LocalDate.parse("2024-01-02"))), engine.query("SELECT COUNT(*) AS date,"
                + " COUNT(n_name) AS time, MAX(n_nationkey) AS timestamp, MAX(DATE '2024-01-02') AS next FROM nation"
                + " WHERE DATE '2024-01-01' < DATE '2024-01-02'").rows());
        assertEquals(List.of(List.of(0L, 1L)), engine.query("SELECT MIN(date.time) AS next, MAX(date.timestamp) AS current"
                + " FROM (SELECT n_regionkey AS time, n_nationkey AS timestamp, n_name AS values FROM nation"
                + " WHERE n_nationkey < 2) AS date").rows());
    }

    private static String validation(String sql) {
        String msg = assertThrows(DaftException.class, () -> engine.query(sql)).getMessage();
        assertFalse(msg.contains("syntax error"), msg);
        return msg.replaceAll("^.*?(Column '[^']*' not found in any table).*$", "$1");
    }

    @Test
    void keywordsAreNames() {
        assertEquals(5L, engine.query("SELECT COUNT(*) AS count FROM (SELECT n_nationkey AS year, n_name AS value,"
                + " n_regionkey AS position FROM nation) AS data WHERE position = 1").rows().get(0).get(0));
    }
}
