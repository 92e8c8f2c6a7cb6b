package io.daft.jdbc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The adapter's schema factory in a plain {@code jdbc:calcite:model=...} connection, with the README's model file. */
class CalciteModelTest {
    @TempDir
    Path tmp;

    @Test
    void readmeModelWorksInPlainCalcite() throws Exception {
        String model;
        try (var in = CalciteModelTest.class.getResourceAsStream("/daft-model.json")) {
            model = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // the README shows this very file
        Path readme = findReadme();
        assertTrue(Files.readString(readme).contains(model.strip()), "README.md must show src/test/resources/daft-model.json");
        Path file = tmp.resolve("model.json");
        Files.writeString(file, model.replace("\"data/tpch\"", "\"" + TestData.dir() + "\""));
        String url = "jdbc:calcite:model=" + file + ";lex=JAVA;caseSensitive=false;typeSystem=io.daft.calcite.DaftTypeSystem#INSTANCE";
        try (Connection c = DriverManager.getConnection(url)) {
            assertEquals(List.of("n:-5", "25"), TestData.query(c, "select count(*) as n from nation"));
            List<String> q1 = TestData.query(c, TestData.QUERIES.get(0));
            try (Connection e = DriverManager.getConnection(EmbeddedDriverTest.url())) {
                assertEquals(TestData.query(e, TestData.QUERIES.get(0)), q1);
            }
        }
    }

    static Path findReadme() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("jdbc-driver").resolve("pom.xml"))) {
            p = p.getParent();
        }
        return p.resolve("README.md");
    }
}
