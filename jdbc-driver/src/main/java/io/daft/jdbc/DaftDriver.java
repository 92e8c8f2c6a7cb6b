package io.daft.jdbc;

import io.daft.Daft;
import io.daft.calcite.DaftPrepare;
import io.daft.calcite.DaftSchema;
import io.daft.calcite.DaftSqlEngine;
import io.daft.execution.NativeRunner;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.schema.SchemaPlus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The Daft JDBC driver.
 * <ul>
 *   <li>{@code jdbc:daft:data=/path/to/data;runner=native;num_partitions=8}: embedded. The tables are the
 *       Parquet/CSV files and directories under {@code data} (schema {@value DaftSqlEngine#SCHEMA}); every Daft
 *       execution and planning knob ({@link SessionConfig#knobNames()}) may be given as a property, and changed
 *       for the session with {@code SET name = value} ({@link SessionCommand}).</li>
 *   <li>{@code jdbc:daft:remote:url=http://host:8765}: a client of a {@code DaftServer} (Avatica remote protocol,
 *       protobuf). JDBC {@code user}/{@code password} become HTTP Basic credentials; other Avatica client
 *       properties ({@code truststore}, {@code truststore_password}, ...) pass through.</li>
 * </ul>
 * Properties in the URL win over those passed to {@code connect}.
 */
public final class DaftDriver implements Driver {
    public static final String PREFIX = "jdbc:daft:";
    public static final String REMOTE_PREFIX = "jdbc:daft:remote:";
    /** Driver properties that are not Daft knobs. */
    public static final String DATA = "data";
    public static final String DATA_ROOTS = "data_roots";
    public static final String RUNNER = "runner";
    /** Set by the remote driver: the server sends timestamp columns as exact text (Avatica's wire keeps only millis). */
    public static final String TIMESTAMPS_AS_TEXT = TimestampText.PROPERTY;
    /**
     * Set by the server on the connections it opens for its clients: nested columns go over the wire as text (exact
     * JSON for the Daft remote driver, DuckDB's text for other Avatica clients, see {@link NestedText}).
     */
    public static final String SERVED = NestedText.SERVED;
    /** How many optimized query plans a connection keeps for statements that repeat a query's text. */
    static final int PLAN_CACHE_SIZE = 32;

    static {
        try {
            DriverManager.registerDriver(new DaftDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        if (url.startsWith(REMOTE_PREFIX)) {
            return connectRemote(url.substring(REMOTE_PREFIX.length()), info);
        }
        Map<String, String> props = new LinkedHashMap<>();
        if (info != null) {
            for (String k : info.stringPropertyNames()) {
                props.put(k.toLowerCase(Locale.ROOT), info.getProperty(k));
            }
        }
        props.putAll(parseParams(url.substring(PREFIX.length())));
        return connectEmbedded(props);
    }

    /** {@code k=v;k=v} as a map with lower-case keys. */
    static Map<String, String> parseParams(String s) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : s.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new SQLException("bad connection parameter '" + part + "' (expected name=value) in jdbc:daft URL", "08001");
            }
            out.put(part.substring(0, eq).trim().toLowerCase(Locale.ROOT), part.substring(eq + 1).trim());
        }
        return out;
    }

    private static Connection connectEmbedded(Map<String, String> props) throws SQLException {
        String data = props.getOrDefault(DATA, ".");
        Path dir = Path.of(data).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new SQLException("data directory '" + dir + "' does not exist (connection property 'data')", "08001");
        }
        String runner = props.get(RUNNER);
        if (runner != null) {
            useRunner(runner);
        }
        List<Path> extraRoots = new ArrayList<>();
        String roots = props.get(DATA_ROOTS);
        if (roots != null) {
            for (String r : roots.split(",")) {
                if (!r.isBlank()) {
                    extraRoots.add(Path.of(r.trim()));
                }
            }
        }
        SessionConfig session = SessionConfig.fromProperties(props);
        Properties calcite = DaftSqlEngine.connectionProperties();
        for (Map.Entry<String, String> e : props.entrySet()) {
            String k = e.getKey();
            if (!k.equals(DATA) && !k.equals(DATA_ROOTS) && !k.equals(RUNNER) && !SessionConfig.knobNames().contains(k)
                    && !k.equals("user") && !k.equals("password") && !k.equals(TimestampText.PROPERTY) && !k.equals(SERVED)) {
                calcite.setProperty(k, e.getValue());
            }
        }
        Connection c = DaftPrepare.driver(new DaftPrepare.PlanCache(PLAN_CACHE_SIZE)).connect("jdbc:calcite:", calcite);
        try {
            CalciteConnection cc = c.unwrap(CalciteConnection.class);
            SchemaPlus root = cc.getRootSchema();
            root.add(DaftSqlEngine.SCHEMA, new DaftSchema(dir, extraRoots, List.of()));
            cc.setSchema(DaftSqlEngine.SCHEMA);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        return JdbcProxies.connection(c, session, PREFIX + DATA + "=" + dir, props.get("user"),
                "true".equals(props.get(TimestampText.PROPERTY)), "true".equals(props.get(SERVED)));
    }

    private static synchronized void useRunner(String runner) throws SQLException {
        switch (runner.toLowerCase(Locale.ROOT)) {
            case "native":
                if (!(Daft.runner() instanceof NativeRunner)) {
                    Daft.setRunnerNative();
                }
                return;
            case "ray":
                throw new SQLException("runner=ray is chosen per process (DAFT_RUNNER=ray and DAFT_RAY_ADDRESS), not per connection", "0A000");
            default:
                throw new SQLException("unknown runner '" + runner + "'; known: native, ray", "08001");
        }
    }

    private static Connection connectRemote(String params, Properties info) throws SQLException {
        Properties p = new Properties();
        if (info != null) {
            p.putAll(info);
        }
        String user = p.getProperty("user");
        String password = p.getProperty("password");
        Map<String, String> urlParams = parseParams(params);
        if (user == null) {
            user = urlParams.get("user");
        }
        if (password == null) {
            password = urlParams.get("password");
        }
        if (user != null && p.getProperty("avatica_user") == null && !urlParams.containsKey("avatica_user")) {
            p.setProperty("avatica_user", user);
            p.setProperty("avatica_password", password == null ? "" : password);
            if (p.getProperty("authentication") == null && !urlParams.containsKey("authentication")) {
                p.setProperty("authentication", "BASIC");
            }
        }
        StringBuilder avatica = new StringBuilder("jdbc:avatica:remote:");
        for (Map.Entry<String, String> e : urlParams.entrySet()) {
            if (e.getKey().equals("user") || e.getKey().equals("password")) {
                continue;
            }
            avatica.append(e.getKey()).append('=').append(e.getValue()).append(';');
        }
        if (!urlParams.containsKey("serialization") && p.getProperty("serialization") == null) {
            avatica.append("serialization=protobuf;");
        }
        // the server then sends timestamp columns as exact text, which RemoteProxies reads back at full precision
        p.setProperty(TimestampText.PROPERTY, "true");
        Connection c = new org.apache.calcite.avatica.remote.Driver().connect(avatica.toString(), p);
        String url = urlParams.get("url");
        if (url == null) {
            return c;
        }
        Properties all = new Properties();
        all.putAll(p);
        all.putAll(urlParams);
        return RemoteProxies.connection(c, url, all);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        List<DriverPropertyInfo> out = new ArrayList<>();
        DriverPropertyInfo d = new DriverPropertyInfo(DATA, info == null ? null : info.getProperty(DATA));
        d.description = "directory of Parquet/CSV files and subdirectories; each is a table";
        d.required = true;
        out.add(d);
        DriverPropertyInfo r = new DriverPropertyInfo(RUNNER, "native");
        r.description = "Daft runner";
        r.choices = new String[] {"native"};
        out.add(r);
        for (String k : SessionConfig.knobNames()) {
            DriverPropertyInfo i = new DriverPropertyInfo(k, null);
            i.description = "Daft config knob (also: SET " + k + " = value)";
            out.add(i);
        }
        return out.toArray(new DriverPropertyInfo[0]);
    }

    @Override
    public int getMajorVersion() {
        return 0;
    }

    @Override
    public int getMinorVersion() {
        return 1;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("java.util.logging is not used");
    }
}
