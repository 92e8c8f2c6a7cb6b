package io.daft.scan;

import io.daft.core.DaftException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GlobsTest {
    @TempDir
    Path dir;

    private void touch(String rel) throws Exception {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "x");
    }

    private List<String> rel(List<String> files) {
        return files.stream().map(f -> dir.relativize(Path.of(f)).toString()).toList();
    }

    @Test
    void patterns() throws Exception {
        touch("a/1.parquet");
        touch("a/2.parquet");
        touch("a/x.csv");
        touch("a/b/3.parquet");
        touch("a/b/c/4.parquet");
        touch("a/_SUCCESS");
        touch("a/.hidden.parquet");
        String d = dir.toString();
        assertEquals(List.of("a/1.parquet", "a/2.parquet"), rel(Globs.expand(d + "/a/*.parquet")));
        assertEquals(List.of("a/1.parquet", "a/2.parquet", "a/b/3.parquet", "a/b/c/4.parquet"), rel(Globs.expand(d + "/a/**/*.parquet")));
        assertEquals(List.of("a/1.parquet"), rel(Globs.expand(d + "/a/?.parquet").subList(0, 1)));
        assertEquals(List.of("a/1.parquet", "a/x.csv"), rel(Globs.expand(d + "/a/{1.parquet,x.csv}")));
        assertEquals(List.of("a/1.parquet", "a/2.parquet", "a/b/3.parquet", "a/b/c/4.parquet", "a/x.csv"), rel(Globs.expand(d + "/a")));
        assertEquals(List.of("a/b/3.parquet"), rel(Globs.expand(d + "/a/b/3.parquet")));
        assertEquals(List.of("a/1.parquet", "a/2.parquet", "a/x.csv"),
                rel(Globs.expand(List.of(d + "/a/*.parquet", d + "/a/x.csv", d + "/a/1.parquet"))));
    }

    @Test
    void nothingMatchedNamesTheGlob() {
        DaftException e = assertThrows(DaftException.class, () -> Globs.expand(dir + "/nope/*.parquet"));
        assertTrue(e.getMessage().contains("nope/*.parquet"), e.getMessage());
        e = assertThrows(DaftException.class, () -> Globs.expand(dir + "/missing.parquet"));
        assertTrue(e.getMessage().contains("missing.parquet"), e.getMessage());
    }
}
