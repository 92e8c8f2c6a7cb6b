package io.daft.jdbc.cli;

import io.daft.jdbc.DaftDriver;
import sqlline.SqlLine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code daft sqlline}: the sqlline shell on the embedded Daft driver over a data directory, or on any JDBC URL.
 * <pre>
 * daft sqlline [--data DIR] [--set knob=value ...] [sqlline options: -u URL -n USER -p PASSWORD --run=FILE -e SQL ...]
 * </pre>
 * Without {@code -u} it connects to {@code jdbc:daft:data=DIR} ({@code --data}, default the current directory).
 * Inside, {@code SET num_partitions = 8} changes a Daft knob for the session; {@code !tables}, {@code !columns T}
 * list the schema; {@code !quit} leaves.
 */
public final class SqllineCommand {
    private SqllineCommand() {
    }

    public static void main(String[] args) throws IOException {
        SqlLine.Status status = run(args, null);
        System.exit(status == SqlLine.Status.OK ? 0 : 1);
    }

    /** Runs sqlline; {@code in} (null: the terminal) is where commands are read from. */
    public static SqlLine.Status run(String[] args, InputStream in) throws IOException {
        new DaftDriver();   // registered with DriverManager
        List<String> sqlline = new ArrayList<>();
        String data = null;
        StringBuilder knobs = new StringBuilder();
        boolean hasUrl = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--data") && i + 1 < args.length) {
                data = args[++i];
            } else if (a.startsWith("--data=")) {
                data = a.substring("--data=".length());
            } else if (a.equals("--set") && i + 1 < args.length) {
                knobs.append(';').append(args[++i]);
            } else {
                if (a.equals("-u")) {
                    hasUrl = true;
                }
                sqlline.add(a);
            }
        }
        if (!hasUrl) {
            Path dir = Path.of(data == null ? "." : data).toAbsolutePath().normalize();
            sqlline.add(0, "-u");
            sqlline.add(1, DaftDriver.PREFIX + DaftDriver.DATA + "=" + dir + knobs);
            if (!sqlline.contains("-n")) {
                sqlline.add("-n");
                sqlline.add("daft");
                sqlline.add("-p");
                sqlline.add("");
            }
        }
        if (System.console() == null && sqlline.stream().noneMatch(s -> s.startsWith("--maxWidth"))) {
            // piped input/output (scripts, tests): a dumb terminal has no width, which would squeeze tables to nothing
            sqlline.add("--maxWidth=200");
        }
        if (sqlline.stream().noneMatch(s -> s.startsWith("--connectInteractionMode"))) {
            sqlline.add("--connectInteractionMode=notAskCredentials");
        }
        return SqlLine.start(sqlline.toArray(new String[0]), in, in == null);
    }
}
