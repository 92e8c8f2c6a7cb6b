package io.daft.sqltests;

import io.daft.calcite.parser.DaftSqlParserImpl;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserImplFactory;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our generated grammar (Babel's configuration with more non-reserved words) reads every statement of the suite that
 * calcite-babel's own parser reads to the same tree: making date, time, timestamp, next, ... names changed no
 * TPC-H query or sqllogictest record. (The statements only ours reads use those words as names.)
 */
class ParserAgreementTest {
    @Test
    void suiteStatementsParseAsWithBabel() throws IOException {
        Path module = TestRunners.moduleDirectory();
        List<String> statements = new ArrayList<>();
        try (Stream<Path> files = Files.list(module.resolve("src/test/resources/slt"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".slt")).sorted().toList()) {
                SltFile.parse(file).forEach(r -> statements.add(r.sql()));
            }
        }
        try (Stream<Path> files = Files.list(module.resolve("src/test/resources/tpch"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".sql")).sorted().toList()) {
                statements.add(Files.readString(file).strip().replaceAll(";$", ""));
            }
        }
        int compared = 0;
        List<String> differ = new ArrayList<>();
        for (String sql : statements) {
            Optional<String> babel = tree(sql, SqlBabelParserImpl.FACTORY);
            if (babel.isPresent()) {
                compared++;
                Optional<String> ours = tree(sql, DaftSqlParserImpl.FACTORY);
                if (!babel.equals(ours)) {
                    differ.add(sql + "\n  babel: " + babel.get() + "\n  ours:  " + ours.orElse("(syntax error)"));
                }
            }
        }
        assertEquals(List.of(), differ);
        assertTrue(compared > 600, "only " + compared + " statements compared");
    }

    private static Optional<String> tree(String sql, SqlParserImplFactory factory) {
        try {
            return Optional.of(SqlParser.create(sql, SqlParser.config().withParserFactory(factory)
                    .withQuoting(Quoting.DOUBLE_QUOTE).withUnquotedCasing(Casing.UNCHANGED)).parseStmt().toString());
        } catch (SqlParseException e) {
            return Optional.empty();
        }
    }
}
