package io.daft.jdbc.server;

import io.daft.jdbc.DaftDriver;
import org.apache.calcite.avatica.remote.LocalService;
import org.apache.calcite.avatica.server.HttpServer;
import org.apache.calcite.avatica.server.ServerCustomizer;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static java.util.Objects.requireNonNull;

/**
 * The Daft SQL server: an Avatica HTTP server (protobuf) over the embedded driver, for
 * {@code jdbc:daft:remote:url=http://host:8765} (or Avatica's own
 * {@code jdbc:avatica:remote:url=...;serialization=protobuf}).
 * <pre>
 * DaftServer --data DIR [--port 8765] [--bind 127.0.0.1] [--runner native] [--users FILE]
 *            [--keystore FILE --keystore-password PW] [--idle-timeout SECONDS] [--data-roots DIR,DIR]
 *            [--set knob=value ...]
 * </pre>
 * Binds to 127.0.0.1 unless {@code --bind} says otherwise. Each client connection is a session of its own
 * ({@code SET name = value}); results are sent in frames of the client's fetch size, so large results stream.
 */
public final class DaftServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DaftServer.class);

    /** The server's settings. */
    public record Options(Path data, int port, String bind, String runner, Path users, Path keystore,
                          String keystorePassword, long idleTimeoutSeconds, List<Path> dataRoots, Properties knobs) {
        public Options {
            requireNonNull(data, "data");
            requireNonNull(bind, "bind");
            requireNonNull(runner, "runner");
            dataRoots = List.copyOf(dataRoots);
            knobs = (Properties) knobs.clone();
        }

        /** Loopback, port 8765, native runner, no auth, no TLS, 10 minutes idle timeout. */
        public static Options of(Path data) {
            return new Options(data, 8765, "127.0.0.1", "native", null, null, null, 600, List.of(), new Properties());
        }

        public Options withPort(int p) {
            return new Options(data, p, bind, runner, users, keystore, keystorePassword, idleTimeoutSeconds, dataRoots, knobs);
        }

        public Options withUsers(Path u) {
            return new Options(data, port, bind, runner, u, keystore, keystorePassword, idleTimeoutSeconds, dataRoots, knobs);
        }

        public Options withTls(Path ks, String password) {
            return new Options(data, port, bind, runner, users, ks, password, idleTimeoutSeconds, dataRoots, knobs);
        }

        public Options withIdleTimeoutSeconds(long s) {
            return new Options(data, port, bind, runner, users, keystore, keystorePassword, s, dataRoots, knobs);
        }
    }

    /** How often requests in progress are checked for a client that went away. */
    static final long DISCONNECT_CHECK_MILLIS = 200;

    private final Options options;
    private final DaftMeta meta;
    private final HttpServer http;
    private final DisconnectWatchdog watchdog;

    private DaftServer(Options options, DaftMeta meta, HttpServer http, DisconnectWatchdog watchdog) {
        this.options = options;
        this.meta = meta;
        this.http = http;
        this.watchdog = watchdog;
    }

    /** Starts a server; {@code port} 0 picks a free one (see {@link #port()}). */
    public static DaftServer start(Options o) throws SQLException {
        if (!Files.isDirectory(o.data())) {
            throw new IllegalArgumentException("--data '" + o.data() + "' is not a directory");
        }
        Properties server = new Properties();
        server.putAll(o.knobs());
        server.setProperty(DaftDriver.DATA, o.data().toAbsolutePath().toString());
        server.setProperty(DaftDriver.RUNNER, o.runner());
        if (!o.dataRoots().isEmpty()) {
            List<String> roots = new ArrayList<>();
            o.dataRoots().forEach(r -> roots.add(r.toAbsolutePath().toString()));
            server.setProperty(DaftDriver.DATA_ROOTS, String.join(",", roots));
        }
        UsersFile users = o.users() == null ? null : UsersFile.load(o.users());
        DaftMeta meta = new DaftMeta(server, o.idleTimeoutSeconds());
        DisconnectWatchdog watchdog = new DisconnectWatchdog(meta::cancel, DISCONNECT_CHECK_MILLIS);
        DaftHandler handler = new DaftHandler(new LocalService(meta), meta, users, watchdog);
        String bind = o.bind();
        ServerCustomizer<Server> bindTo = s -> {
            for (Connector c : s.getConnectors()) {
                if (c instanceof ServerConnector) {
                    ((ServerConnector) c).setHost(bind);
                }
            }
        };
        HttpServer.Builder<Server> b = HttpServer.Builder.<Server>newBuilder()
                .withHandler(handler)
                .withPort(o.port())
                .withServerCustomizers(List.of(bindTo), Server.class);
        if (o.keystore() != null) {
            File ks = o.keystore().toFile();
            String pw = o.keystorePassword() == null ? "" : o.keystorePassword();
            b.withTLS(ks, pw, ks, pw);
        }
        HttpServer http = b.build();
        try {
            http.start();
        } catch (RuntimeException e) {
            watchdog.close();
            meta.shutdown();
            throw e;
        }
        DaftServer s = new DaftServer(o, meta, http, watchdog);
        LOG.info("Daft server on {}://{}:{} serving {}{}", o.keystore() != null ? "https" : "http", bind, s.port(),
                o.data().toAbsolutePath(), users != null ? " (" + users.size() + " users)" : " (no authentication)");
        return s;
    }

    public int port() {
        return http.getPort();
    }

    /** The URL of the remote driver for this server. */
    public String url() {
        String host = options.bind().equals("0.0.0.0") ? "127.0.0.1" : options.bind();
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return DaftDriver.REMOTE_PREFIX + "url=" + (options.keystore() != null ? "https" : "http") + "://" + host + ":" + port();
    }

    public DaftMeta meta() {
        return meta;
    }

    /** How many statements were stopped because their client closed its connection while they ran. */
    public long disconnectCancels() {
        return watchdog.cancelledCount();
    }

    public void join() throws InterruptedException {
        http.join();
    }

    @Override
    public void close() {
        watchdog.close();
        http.stop();
        meta.shutdown();
    }

    static Options parse(String[] args) {
        Path data = null;
        int port = 8765;
        String bind = "127.0.0.1";
        String runner = "native";
        Path users = null;
        Path keystore = null;
        String ksPassword = System.getenv("DAFT_KEYSTORE_PASSWORD");
        long idle = 600;
        List<Path> roots = new ArrayList<>();
        Properties knobs = new Properties();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            if (a.equals("-h") || a.equals("--help")) {
                throw new IllegalArgumentException("");
            }
            if (v == null) {
                throw new IllegalArgumentException("option " + a + " needs a value");
            }
            i++;
            switch (a) {
                case "--data": data = Path.of(v); break;
                case "--port": port = Integer.parseInt(v); break;
                case "--bind": bind = v; break;
                case "--runner": runner = v; break;
                case "--users": users = Path.of(v); break;
                case "--keystore": keystore = Path.of(v); break;
                case "--keystore-password": ksPassword = v; break;
                case "--idle-timeout": idle = Long.parseLong(v); break;
                case "--data-roots":
                    for (String r : v.split(",")) {
                        roots.add(Path.of(r.trim()));
                    }
                    break;
                case "--set": {
                    int eq = v.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--set expects knob=value, got " + v);
                    }
                    knobs.setProperty(v.substring(0, eq).trim(), v.substring(eq + 1).trim());
                    break;
                }
                default:
                    throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (data == null) {
            throw new IllegalArgumentException("--data DIR is required");
        }
        return new Options(data, port, bind, runner, users, keystore, ksPassword, idle, roots, knobs);
    }

    static final String USAGE = "usage: daft server --data DIR [--port 8765] [--bind 127.0.0.1] [--runner native]\n"
            + "         [--users FILE] [--keystore FILE --keystore-password PW (or DAFT_KEYSTORE_PASSWORD)]\n"
            + "         [--idle-timeout SECONDS (600)] [--data-roots DIR,DIR] [--set knob=value ...]\n"
            + "  add a user: daft server adduser FILE USER   (io.daft.jdbc.server.UsersFile add FILE USER)";

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("adduser")) {
            String[] rest = new String[args.length];
            rest[0] = "add";
            System.arraycopy(args, 1, rest, 1, args.length - 1);
            UsersFile.main(rest);
            return;
        }
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println(e.getMessage());
            }
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        DaftServer s = start(o);
        System.out.println("Daft server listening; connect with " + s.url());
        Runtime.getRuntime().addShutdownHook(new Thread(s::close, "daft-server-shutdown"));
        s.join();
    }
}
