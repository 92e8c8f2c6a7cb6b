package io.daft.calcite;

import io.daft.core.DaftException;
import org.junit.jupiter.api.Test;

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
        assertEquals("syntax error at line 1, column 8: unexpected \"date\"; hint: DATE is a reserved word: write it in"
                + " double quotes (\"date\") to use it as a name", error("SELECT date, n_name FROM nation"));
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
    void keywordsAreNames() {
        assertEquals(5L, engine.query("SELECT COUNT(*) AS count FROM (SELECT n_nationkey AS year, n_name AS value,"
                + " n_regionkey AS position FROM nation) AS data WHERE position = 1").rows().get(0).get(0));
    }
}
