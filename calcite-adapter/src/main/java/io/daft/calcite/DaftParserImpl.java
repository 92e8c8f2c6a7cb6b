package io.daft.calcite;

import io.daft.calcite.parser.DaftSqlParserImpl;
import io.daft.calcite.parser.ParseException;
import io.daft.calcite.parser.Token;
import io.daft.calcite.parser.TokenMgrError;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.calcite.sql.parser.SqlAbstractParserImpl;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParserImplFactory;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.SourceStringReader;

import java.io.Reader;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The SQL parser: Calcite's Babel grammar generated with our configuration ({@code src/main/codegen}, built into
 * {@link DaftSqlParserImpl}), in which most keywords are non-reserved, so columns, aliases and tables named
 * {@code year}, {@code value}, {@code count}, {@code date}, {@code time}, {@code timestamp}, {@code next},
 * {@code rank}, ... need no quotes, as in DuckDB ({@code DATE '2024-01-01'} stays a literal); with syntax errors in
 * one line: the position, the offending token and a short hint, instead of JavaCC's list of every token the grammar
 * expected. Connections use it through the {@code parserFactory} property
 * {@code io.daft.calcite.DaftParserImpl#FACTORY}.
 */
public final class DaftParserImpl extends DaftSqlParserImpl {
    /** Creates the parser for Calcite ({@code parserFactory=io.daft.calcite.DaftParserImpl#FACTORY}). */
    public static final SqlParserImplFactory FACTORY = DaftParserImpl::new;

    /**
     * Words DuckDB accepts as names (its unreserved and column-name keywords) that this grammar still reserves,
     * because it cannot tell them from names with its lookahead: they start constructors, literals, clauses or
     * statements (ROW(...), INTERVAL '1' DAY, EXISTS (...), OVER (w PARTITION BY ...) and OVER (ROWS ...) after an
     * optional window name, UPDATE t SET, ...).
     */
    private static final Set<String> RESERVED_NAMES = Set.of("CALL", "CURSOR", "DELETE", "DROP", "EXISTS", "EXPLAIN",
            "GRANT", "INSERT", "INTERVAL", "MERGE", "NEW", "PARTITION", "RANGE", "ROW", "ROWS", "SET", "UPDATE");

    private DaftParserImpl(Reader reader) {
        super(reader);
        if (reader instanceof SourceStringReader) {
            setOriginalSql(((SourceStringReader) reader).getSourceString());
        }
    }

    @Override
    public SqlNode parseSqlStmtEof() throws Exception {
        return StructFieldIdentifiers.rewrite(RollupCubeExpansion.expand(userAsName(super.parseSqlStmtEof())));
    }

    @Override
    public SqlNodeList parseSqlStmtList() throws Exception {
        return (SqlNodeList) StructFieldIdentifiers.rewrite(RollupCubeExpansion.expand(userAsName(super.parseSqlStmtList())));
    }

    @Override
    public SqlNode parseSqlExpressionEof() throws Exception {
        return userAsName(super.parseSqlExpressionEof());
    }

    /**
     * {@code user} as a column name: the validator turns an unquoted name that is a niladic function's (USER) into
     * that function before it looks for a column, and Daft does not run USER; so the name is marked quoted.
     */
    private static SqlNode userAsName(SqlNode node) {
        return node == null ? null : node.accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlIdentifier id) {
                if (id.isSimple() && !id.isComponentQuoted(0) && id.getSimple().equalsIgnoreCase("USER")) {
                    SqlParserPos pos = id.getParserPosition();
                    return new SqlIdentifier(List.of(id.getSimple()), null, pos, List.of(pos.withQuoting(true)));
                }
                return id;
            }
        });
    }

    @Override
    public SqlParseException normalizeException(Throwable ex) {
        SqlParseException e = super.normalizeException(ex);
        String message = syntaxError(ex, e.getPos());
        return new SqlParseException(message, e.getPos(), e.getExpectedTokenSequences(), e.getTokenImages(), e.getCause());
    }

    private String syntaxError(Throwable ex, SqlParserPos pos) {
        String where = pos == null || pos.getLineNum() == 0
                ? "syntax error"
                : "syntax error at line " + pos.getLineNum() + ", column " + pos.getColumnNum();
        if (ex instanceof CalciteContextException) {
            // a statement that is an expression, e.g. "SELEC 1": the grammar read "SELEC" as a name
            String token = wordAt(pos).orElse("");
            return where + ": unexpected \"" + token + "\"; hint: a statement starts with SELECT, WITH, VALUES or EXPLAIN";
        }
        if (ex instanceof TokenMgrError) {
            return where + ": " + lexicalError(ex.getMessage() == null ? "" : ex.getMessage());
        }
        if (ex instanceof ParseException && ((ParseException) ex).currentToken != null) {
            return parseError((ParseException) ex);
        }
        // anything else (a validation done while parsing, e.g. a bad literal) keeps Calcite's own message
        String msg = ex.getMessage() == null ? ex.toString() : ex.getMessage();
        return where + ": " + msg.split("\n", 2)[0];
    }

    /**
     * The token at which the statement stopped matching: JavaCC reports the window of tokens its longest expected
     * sequence covers, so the offending one is the first that no expected sequence matched. A word DuckDB takes as a
     * name but this grammar reserves, where a name was allowed or where it was taken as the start of something else,
     * is reported as such ({@code SELECT row, x}: "row", not ",").
     */
    private String parseError(ParseException pe) {
        Token first = pe.currentToken.next;
        int matched = 0;
        for (int[] sequence : pe.expectedTokenSequences) {
            matched = Math.max(matched, prefixMatched(first, sequence));
        }
        Token offending = first;
        for (int i = 0; i < matched && offending != null; i++) {
            offending = offending.next;
        }
        if (offending == null || offending.kind == EOF) {
            return "syntax error at the end of the statement: the statement is incomplete";
        }
        String hint;
        if (first != null && RESERVED_NAMES.contains(first.image.toUpperCase(Locale.ROOT)) && nameAllowed(pe, first, 0)) {
            offending = first;
            hint = quoteHint(first.image);
        } else if (first != null && matched > 0 && RESERVED_NAMES.contains(first.image.toUpperCase(Locale.ROOT))) {
            // the word was taken as the start of something else (SELECT exists FROM t: an EXISTS without sub-query)
            offending = first;
            hint = quoteHint(first.image);
        } else if (isReserved(offending.image) && nameAllowed(pe, first, matched)) {
            hint = quoteHint(offending.image);
        } else if (offending.image.startsWith("'") || offending.image.startsWith("\"")) {
            hint = "a quoted string or name is not closed (write a quote inside one twice)";
        } else {
            hint = "check for a missing comma, operator or parenthesis before it";
        }
        return "syntax error at line " + offending.beginLine + ", column " + offending.beginColumn
                + ": unexpected \"" + offending.image + "\"; hint: " + hint;
    }

    /** How many of the tokens from {@code first} on match {@code sequence}. */
    private static int prefixMatched(Token first, int[] sequence) {
        int k = 0;
        for (Token t = first; t != null && k < sequence.length && t.kind == sequence[k]; t = t.next) {
            k++;
        }
        return k;
    }

    /** Whether a name could stand at the {@code index}-th token from {@code first}. */
    private static boolean nameAllowed(ParseException pe, Token first, int index) {
        for (int[] sequence : pe.expectedTokenSequences) {
            if (sequence.length > index && isIdentifier(sequence[index]) && prefixMatched(first, sequence) >= index) {
                return true;
            }
        }
        return false;
    }

    private static boolean isIdentifier(int kind) {
        return kind == IDENTIFIER || kind == QUOTED_IDENTIFIER || kind == BACK_QUOTED_IDENTIFIER
                || kind == BRACKET_QUOTED_IDENTIFIER || kind == UNICODE_QUOTED_IDENTIFIER;
    }

    private boolean isReserved(String token) {
        String upper = token.toUpperCase(Locale.ROOT);
        SqlAbstractParserImpl.Metadata metadata = getMetadata();
        return metadata.isKeyword(upper) && metadata.isReservedWord(upper);
    }

    private static String quoteHint(String token) {
        return token.toUpperCase(Locale.ROOT) + " is a reserved word: write it in double quotes (\"" + token
                + "\") to use it as a name";
    }

    /** The word (letters, digits, _) starting at {@code pos} in the statement, if there is one. */
    private Optional<String> wordAt(SqlParserPos pos) {
        String sql = getOriginalSql();
        if (sql == null || pos == null || pos.getLineNum() < 1) {
            return Optional.empty();
        }
        String[] lines = sql.split("\n", -1);
        if (pos.getLineNum() > lines.length) {
            return Optional.empty();
        }
        String line = lines[pos.getLineNum() - 1];
        int start = pos.getColumnNum() - 1;
        int end = start;
        while (end < line.length() && (Character.isLetterOrDigit(line.charAt(end)) || line.charAt(end) == '_')) {
            end++;
        }
        return start >= 0 && end > start ? Optional.of(line.substring(start, end)) : Optional.empty();
    }

    /** JavaCC's lexical error ("Lexical error at line 1, column 9.  Encountered: "#" (35), after : """) in short. */
    private static String lexicalError(String msg) {
        int i = msg.indexOf("Encountered: ");
        int after = msg.indexOf(" after : \"", i);
        if (i < 0 || after < 0) {
            return msg.split("\n", 2)[0];
        }
        String what = msg.substring(i + "Encountered: ".length(), after).replaceAll(" \\(\\d+\\),?$", "");
        String before = msg.substring(after + " after : \"".length());
        if (before.startsWith("'") || before.startsWith("\\'") || before.startsWith("\\\"")) {
            return "unexpected " + what + "; hint: a quoted string or name is not closed";
        }
        return "unexpected " + what + "; hint: this character cannot appear here";
    }
}
