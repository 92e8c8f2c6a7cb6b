package io.daft.jdbc;

import io.daft.jdbc.cli.SqllineCommand;
import io.daft.jdbc.server.DaftServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sqlline.SqlLine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Drives {@code daft sqlline} as a person would: a script of commands, checking what it prints. */
class SqllineTest {
    @TempDir
    Path tmp;

    private String run(String[] args, String stdin) throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(buf, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            SqlLine.Status status = SqllineCommand.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            capture.flush();
            String text = buf.toString(StandardCharsets.UTF_8);
            assertEquals(SqlLine.Status.OK, status, text);
            return text;
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void embeddedScript() throws Exception {
        Path script = tmp.resolve("script.sql");
        Files.writeString(script, String.join("\n",
                "!tables",
                "SET num_partitions = 3;",
                "SHOW num_partitions;",
                "select n_regionkey, count(*) as nations from nation group by n_regionkey order by n_regionkey;",
                "select count(*) as big from lineitem where l_quantity > 25;",
                "!quit", ""));
        String out = run(new String[] {"--data", TestData.dir().toString(), "--run=" + script}, "");
        assertTrue(out.contains("lineitem") && out.contains("TABLE"), out);
        assertTrue(out.matches("(?s).*\\| num_partitions \\| 3 +\\|.*"), out);
        for (int r = 0; r < 5; r++) {
            assertTrue(out.matches("(?s).*\\| " + r + " +\\| 5 +\\|.*"), out);
        }
        long big = 0;
        for (int i = 0; i < 60000; i++) {
            if ((i % 50) + 1 > 25) {
                big++;
            }
        }
        assertTrue(out.matches("(?s).*\\| " + big + " +\\|.*"), "expected " + big + " in\n" + out);
    }

    @Test
    void remoteUrlFromStdin() throws Exception {
        try (DaftServer server = DaftServer.start(DaftServer.Options.of(TestData.dir()).withPort(0))) {
            String out = run(new String[] {"-u", server.url(), "-n", "x", "-p", "y"},
                    "select count(*) as n from orders;\n!quit\n");
            assertTrue(out.matches("(?s).*\\| 15000 +\\|.*"), out);
        }
    }
}
