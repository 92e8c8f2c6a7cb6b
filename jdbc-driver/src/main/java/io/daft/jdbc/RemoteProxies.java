package io.daft.jdbc;

import io.daft.calcite.JdbcNested;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaStatement;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The remote driver's connection: Avatica's, plus {@code Statement.cancel()} and {@code setQueryTimeout}, which
 * Avatica's protocol lacks. Both send {@code POST /daft/cancel} to the Daft server, which stops the statement's
 * query; the waiting call then fails with "query cancelled" (or an {@link SQLTimeoutException}).
 */
final class RemoteProxies {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "daft-remote-query-timeout");
        t.setDaemon(true);
        return t;
    });
    private static final Set<String> EXECUTE = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate");

    private RemoteProxies() {
    }

    static Connection connection(Connection avatica, String baseUrl, Properties props) {
        Canceller canceller = new Canceller(baseUrl, props);
        Connection[] self = new Connection[1];
        self[0] = (Connection) Proxy.newProxyInstance(RemoteProxies.class.getClassLoader(), new Class<?>[] {Connection.class},
                (p, m, args) -> {
                    switch (m.getName()) {
                        case "createStatement":
                        case "prepareStatement": {
                            Statement s = (Statement) JdbcProxies.invoke(avatica, m, args);
                            Class<?> iface = m.getName().equals("createStatement") ? Statement.class : java.sql.PreparedStatement.class;
                            return statement(s, iface, self[0], avatica.unwrap(AvaticaConnection.class).id, canceller);
                        }
                        case "getMetaData": {
                            java.sql.DatabaseMetaData md = avatica.getMetaData();
                            return Proxy.newProxyInstance(RemoteProxies.class.getClassLoader(), new Class<?>[] {java.sql.DatabaseMetaData.class},
                                    (mp, mm, ma) -> {
                                        switch (mm.getName()) {
                                            case "getConnection": return self[0];
                                            case "getDatabaseProductName": return JdbcProxies.PRODUCT_NAME;
                                            case "getDatabaseProductVersion": return JdbcProxies.PRODUCT_VERSION;
                                            case "getDatabaseMajorVersion": return 0;
                                            case "getDatabaseMinorVersion": return 1;
                                            case "getDriverName": return "Daft JDBC Driver (remote)";
                                            case "getDriverVersion": return JdbcProxies.PRODUCT_VERSION;
                                            case "getDriverMajorVersion": return 0;
                                            case "getDriverMinorVersion": return 1;
                                            default: return JdbcProxies.invoke(md, mm, ma);
                                        }
                                    });
                        }
                        case "toString":
                            return "DaftRemoteConnection(" + baseUrl + ")";
                        default:
                            return JdbcProxies.forward(p, avatica, m, args);
                    }
                });
        return self[0];
    }

    private static Statement statement(Statement s, Class<?> iface, Connection conn, String connectionId, Canceller canceller) {
        StatementHandler h = new StatementHandler(s, conn, connectionId, canceller);
        Statement proxy = (Statement) Proxy.newProxyInstance(RemoteProxies.class.getClassLoader(), new Class<?>[] {iface}, h);
        h.proxy = proxy;
        return proxy;
    }

    private static final class StatementHandler implements InvocationHandler {
        final Statement delegate;
        final Connection conn;
        final String connectionId;
        final Canceller canceller;
        Statement proxy;
        private int timeoutSeconds;
        private volatile boolean timedOut;
        private ScheduledFuture<?> timer;

        StatementHandler(Statement delegate, Connection conn, String connectionId, Canceller canceller) {
            this.delegate = delegate;
            this.conn = conn;
            this.connectionId = connectionId;
            this.canceller = canceller;
        }

        @Override
        public Object invoke(Object p, Method m, Object[] args) throws Throwable {
            String name = m.getName();
            if (EXECUTE.contains(name)) {
                startTimer();
                Object r = guarded(() -> JdbcProxies.invoke(delegate, m, args));
                return r instanceof ResultSet ? wrap((ResultSet) r) : r;
            }
            switch (name) {
                case "cancel":
                    // not Avatica's own cancel: it only sets a client-side flag that also fails every later query
                    cancelRemote();
                    return null;
                case "setQueryTimeout":
                    if ((Integer) args[0] < 0) {
                        throw new SQLException("query timeout must be >= 0, got " + args[0]);
                    }
                    timeoutSeconds = (Integer) args[0];
                    return null;
                case "getQueryTimeout":
                    return timeoutSeconds;
                case "getResultSet":
                    return wrap((ResultSet) JdbcProxies.invoke(delegate, m, args));
                case "getMetaData":
                    return TimestampText.receiveMetaData(JdbcNested.metaData(
                            (java.sql.ResultSetMetaData) JdbcProxies.invoke(delegate, m, args), java.sql.Types.VARCHAR));
                case "getConnection":
                    return conn;
                case "close":
                    stopTimer();
                    return JdbcProxies.invoke(delegate, m, args);
                default:
                    return JdbcProxies.forward(p, delegate, m, args);
            }
        }

        interface Call {
            Object run() throws Throwable;
        }

        Object guarded(Call c) throws Throwable {
            try {
                return c.run();
            } catch (SQLException e) {
                if (timedOut) {
                    throw new SQLTimeoutException("query timed out after " + timeoutSeconds + " s and was stopped", "57014", e);
                }
                throw e;
            } catch (RuntimeException e) {
                // Avatica reports some server errors (an expired statement, a lost connection) unchecked
                if (timedOut) {
                    throw new SQLTimeoutException("query timed out after " + timeoutSeconds + " s and was stopped", "57014", e);
                }
                throw new SQLException(e.getMessage(), "08006", e);
            }
        }

        private synchronized void startTimer() {
            stopTimer();
            timedOut = false;
            if (timeoutSeconds > 0) {
                timer = TIMER.schedule(() -> {
                    timedOut = true;
                    cancelRemote();
                }, timeoutSeconds, TimeUnit.SECONDS);
            }
        }

        private synchronized void stopTimer() {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }

        private void cancelRemote() {
            try {
                AvaticaStatement st = delegate.unwrap(AvaticaStatement.class);
                canceller.cancel(connectionId, st.getId());
            } catch (SQLException | RuntimeException e) {
                // the query may have finished already; nothing to stop
            }
        }

        private ResultSet wrap(ResultSet received) throws SQLException {
            if (received == null) {
                return null;
            }
            // nested columns first: they are VARCHAR on the wire too, and TIMESTAMP[] names a nested one
            ResultSet rs = TimestampText.receive(JdbcNested.wrapText(received));
            StatementHandler st = this;
            return (ResultSet) Proxy.newProxyInstance(RemoteProxies.class.getClassLoader(), new Class<?>[] {ResultSet.class},
                    (p, m, args) -> {
                        switch (m.getName()) {
                            case "next": {
                                Object r = st.guarded(() -> JdbcProxies.invoke(rs, m, args));
                                if (!((Boolean) r)) {
                                    st.stopTimer();
                                }
                                return r;
                            }
                            case "getStatement":
                                return st.proxy;
                            case "close":
                                st.stopTimer();
                                return JdbcProxies.invoke(rs, m, args);
                            default:
                                return JdbcProxies.forward(p, rs, m, args);
                        }
                    });
        }
    }

    /** Sends {@code POST /daft/cancel} with the connection's credentials and trust settings. */
    private static final class Canceller {
        private final String baseUrl;
        private final String authorization;
        private final SSLContext ssl;

        Canceller(String baseUrl, Properties props) {
            this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
            String user = props.getProperty("avatica_user");
            String password = props.getProperty("avatica_password", "");
            this.authorization = user == null ? null
                    : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            this.ssl = sslContext(props);
        }

        private static SSLContext sslContext(Properties props) {
            String truststore = props.getProperty("truststore");
            if (truststore == null) {
                return null;
            }
            try (InputStream in = Files.newInputStream(Path.of(truststore))) {
                String type = props.getProperty("keystore_type", KeyStore.getDefaultType());
                KeyStore ks = KeyStore.getInstance(type);
                ks.load(in, props.getProperty("truststore_password", "").toCharArray());
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ks);
                SSLContext c = SSLContext.getInstance("TLS");
                c.init(null, tmf.getTrustManagers(), null);
                return c;
            } catch (Exception e) {
                return null;
            }
        }

        void cancel(String connectionId, int statementId) {
            try {
                URI u = URI.create(baseUrl + "/daft/cancel?connection=" + java.net.URLEncoder.encode(connectionId, StandardCharsets.UTF_8)
                        + "&statement=" + statementId);
                HttpURLConnection c = (HttpURLConnection) u.toURL().openConnection();
                if (c instanceof HttpsURLConnection && ssl != null) {
                    ((HttpsURLConnection) c).setSSLSocketFactory(ssl.getSocketFactory());
                }
                c.setRequestMethod("POST");
                c.setConnectTimeout(10_000);
                c.setReadTimeout(10_000);
                if (authorization != null) {
                    c.setRequestProperty("Authorization", authorization);
                }
                c.setDoOutput(true);
                c.getOutputStream().close();
                c.getResponseCode();
                c.disconnect();
            } catch (Exception e) {
                // best effort: if the server is gone, so is the query
            }
        }
    }
}
