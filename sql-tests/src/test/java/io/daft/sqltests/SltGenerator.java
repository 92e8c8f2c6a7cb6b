package io.daft.sqltests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Regenerates the expected results of the .slt files from DuckDB (a test-scope main, run by hand after editing a
 * file or the datasets): every {@code query} record gets DuckDB's column types and rows in {@link Canonical} form;
 * {@code statement ok}/{@code error} and {@code query error} records are checked to behave so on DuckDB.
 *
 * <pre>
 * mvn -o -q -pl sql-tests test-compile exec:java ... or run from the IDE:
 *   java -cp ... io.daft.sqltests.SltGenerator [file.slt ...]   (default: all files under src/test/resources/slt)
 * </pre>
 */
public final class SltGenerator {
    private SltGenerator() {
    }

    public static void main(String[] args) throws Exception {
        Path module = TestRunners.moduleDirectory();
        Path sltDir = module.resolve("src/test/resources/slt");
        Path data = module.resolve("target/slt-data");
        SltData.write(data);
        List<Path> files = new ArrayList<>();
        if (args.length == 0) {
            try (var s = Files.list(sltDir)) {
                s.filter(p -> p.toString().endsWith(".slt")).sorted().forEach(files::add);
            }
        } else {
            for (String a : args) {
                files.add(Path.of(a));
            }
        }
        int failures = 0;
        int queries = 0;
        try (DuckDbEngine duck = DuckDbEngine.overParquetDirectory(data)) {
            for (Path file : files) {
                List<SltRecord> out = new ArrayList<>();
                for (SltRecord r : SltFile.parse(file)) {
                    String where = file.getFileName() + ":" + r.line();
                    boolean query = r.kind() == SltRecord.Kind.QUERY && !r.expectError();
                    List<String> types = new ArrayList<>();
                    QueryResult result = null;
                    Exception error = null;
                    try {
                        result = duck.queryWithTypes(r.sql(), types);
                    } catch (Exception e) {
                        error = e;
                    }
                    if (r.expectError()) {
                        if (error == null) {
                            System.err.println(where + ": expected an error but DuckDB ran it");
                            failures++;
                        }
                        out.add(r);
                        continue;
                    }
                    if (error != null) {
                        System.err.println(where + ": DuckDB failed: " + error.getMessage());
                        failures++;
                        out.add(r);
                        continue;
                    }
                    if (!query) {
                        out.add(r);
                        continue;
                    }
                    queries++;
                    StringBuilder letters = new StringBuilder();
                    for (String t : types) {
                        letters.append(SltFile.typeLetter(t));
                    }
                    List<String> lines = SltFile.resultLines(Canonical.formatRows(result.rows()), r.sortMode());
                    out.add(r.withResult(letters.toString(), lines));
                }
                SltFile.write(file, out);
            }
        }
        System.out.println(queries + " query records regenerated in " + files.size() + " files; " + failures
                + " problems");
        if (failures > 0) {
            System.exit(1);
        }
    }
}
