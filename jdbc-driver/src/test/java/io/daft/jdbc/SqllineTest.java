package io.daft.jdbc;

import io.daft.jdbc.cli.SqllineCommand;
import io.daft.jdbc.server.DaftServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Drives {@code daft sqlline} as a person would: a script of commands, checking what it prints. */
class SqllineTest {
    @TempDir
    Path tmp;

    /**
     * Runs {@code daft sqlline} in its own JVM (sqlline's terminal takes over the process's stdin/stdout, so it cannot
     * share the test JVM's), typing {@code stdin} into it, and returns everything it printed.
     */
    private String run(String[] args, String stdin) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
        cmd.add("-Darrow.enable_unsafe_memory_access=true");
        cmd.add("-Xmx1g");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(SqllineCommand.class.getName());
        cmd.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (java.io.OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS));
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        return text;
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
