package io.daft.jdbc.server;

import io.daft.jdbc.DaftDriver;
import io.daft.jdbc.SessionConfig;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.jdbc.JdbcMeta;
import org.apache.calcite.avatica.jdbc.StatementInfo;
import org.apache.calcite.avatica.remote.TypedValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Avatica's {@link JdbcMeta} over the embedded Daft driver, with what a shared server needs on top:
 * <ul>
 *   <li>clients choose only Daft knobs as connection properties; the data directory, data roots and runner are
 *       the server's (a client cannot point a session at other files);</li>
 *   <li>connections and statements idle longer than the idle timeout expire (closing them stops their queries),
 *       checked every second, while those with a request in progress are kept alive;</li>
 *   <li>{@link #cancel} stops a running statement (the remote driver calls it through {@code /daft/cancel}).</li>
 * </ul>
 */
public final class DaftMeta extends JdbcMeta {
    private static final Logger LOG = LoggerFactory.getLogger(DaftMeta.class);

    // StatementInfo.statement is package-private in Avatica
    private static final java.lang.reflect.Field STATEMENT_FIELD;

    static {
        try {
            STATEMENT_FIELD = StatementInfo.class.getDeclaredField("statement");
            STATEMENT_FIELD.setAccessible(true);
        } catch (NoSuchFieldException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Properties serverProperties;
    private final Map<Integer, InFlight> inFlight = new ConcurrentHashMap<>();
    private final ScheduledExecutorService housekeeping;

    private record InFlight(String connectionId, AtomicInteger requests) {
    }

    /**
     * @param serverProperties {@code data}, {@code data_roots}, {@code runner} and default knobs for every session
     * @param idleTimeoutSeconds how long an unused connection or statement lives
     */
    public DaftMeta(Properties serverProperties, long idleTimeoutSeconds) throws SQLException {
        super(DaftDriver.PREFIX, cacheSettings(idleTimeoutSeconds));
        this.serverProperties = (Properties) serverProperties.clone();
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "daft-server-housekeeping");
            t.setDaemon(true);
            return t;
        });
        housekeeping.scheduleWithFixedDelay(this::housekeeping, 1, 1, TimeUnit.SECONDS);
    }

    private static Properties cacheSettings(long idleSeconds) {
        Properties p = new Properties();
        p.setProperty(ConnectionCacheSettings.EXPIRY_DURATION.key(), Long.toString(idleSeconds));
        p.setProperty(ConnectionCacheSettings.EXPIRY_UNIT.key(), TimeUnit.SECONDS.name());
        p.setProperty(StatementCacheSettings.EXPIRY_DURATION.key(), Long.toString(idleSeconds));
        p.setProperty(StatementCacheSettings.EXPIRY_UNIT.key(), TimeUnit.SECONDS.name());
        return p;
    }

    @Override
    protected Connection createConnection(String url, Properties clientInfo) throws SQLException {
        Properties p = new Properties();
        for (String k : clientInfo.stringPropertyNames()) {
            if (SessionConfig.knobNames().contains(k.toLowerCase(Locale.ROOT))) {
                p.setProperty(k.toLowerCase(Locale.ROOT), clientInfo.getProperty(k));
            }
        }
        // a Daft remote client reads timestamps back at full precision from text (see TimestampText)
        if ("true".equals(clientInfo.getProperty(DaftDriver.TIMESTAMPS_AS_TEXT))) {
            p.setProperty(DaftDriver.TIMESTAMPS_AS_TEXT, "true");
        }
        // nested columns as text: Avatica's own serialization of them fails (see NestedText)
        p.setProperty(DaftDriver.SERVED, "true");
        for (String k : serverProperties.stringPropertyNames()) {
            if (!SessionConfig.knobNames().contains(k) || !p.containsKey(k)) {
                p.setProperty(k, serverProperties.getProperty(k));
            }
        }
        return new DaftDriver().connect(url, p);
    }

    /** Number of open connections (for monitoring and tests). */
    public long openConnections() {
        return getConnectionCache().size();
    }

    /** Number of execute and fetch requests being served right now (for monitoring and tests). */
    public int runningRequests() {
        int n = 0;
        for (InFlight f : inFlight.values()) {
            n += f.requests().get();
        }
        return n;
    }

    /** Number of open statements (for monitoring and tests). */
    public long openStatements() {
        return getStatementCache().size();
    }

    /**
     * Cancels statement {@code statementId} of connection {@code connectionId}; false if there is no such
     * statement on that connection (connection ids are random, so only their owner can name them).
     */
    public boolean cancel(String connectionId, int statementId) {
        Connection c = getConnectionCache().getIfPresent(connectionId);
        StatementInfo info = getStatementCache().getIfPresent(statementId);
        if (c == null || info == null) {
            return false;
        }
        try {
            java.sql.Statement st = (java.sql.Statement) STATEMENT_FIELD.get(info);
            if (st.getConnection() != c) {
                return false;
            }
            st.cancel();
            LOG.info("cancelled statement {} of connection {}", statementId, connectionId);
            return true;
        } catch (SQLException | IllegalAccessException e) {
            LOG.warn("cannot cancel statement {}: {}", statementId, e.getMessage());
            return false;
        }
    }

    @Override
    public ExecuteResult prepareAndExecute(StatementHandle h, String sql, long maxRowCount, int maxRowsInFirstFrame,
                                           PrepareCallback callback) throws NoSuchStatementException {
        enter(h);
        try {
            return super.prepareAndExecute(h, sql, maxRowCount, maxRowsInFirstFrame, callback);
        } finally {
            exit(h);
        }
    }

    @Override
    public ExecuteResult execute(StatementHandle h, List<TypedValue> parameterValues, int maxRowsInFirstFrame)
            throws NoSuchStatementException {
        enter(h);
        try {
            return super.execute(h, parameterValues, maxRowsInFirstFrame);
        } finally {
            exit(h);
        }
    }

    @Override
    public Frame fetch(StatementHandle h, long offset, int fetchMaxRowCount)
            throws NoSuchStatementException, org.apache.calcite.avatica.MissingResultsException {
        enter(h);
        // one session scope for the whole frame, so the rows' calls need not each install it
        Connection c = getConnectionCache().getIfPresent(h.connectionId);
        io.daft.jdbc.DaftConnection dc = null;
        try {
            dc = c != null && c.isWrapperFor(io.daft.jdbc.DaftConnection.class) ? c.unwrap(io.daft.jdbc.DaftConnection.class) : null;
        } catch (SQLException e) {
            dc = null;
        }
        try (io.daft.config.DaftContext.ConfigScope s = dc == null ? null : dc.session().install()) {
            return super.fetch(h, offset, fetchMaxRowCount);
        } finally {
            exit(h);
        }
    }

    private void enter(StatementHandle h) {
        DisconnectWatchdog.attach(h.connectionId, h.id);
        inFlight.computeIfAbsent(h.id, id -> new InFlight(h.connectionId, new AtomicInteger())).requests().incrementAndGet();
    }

    private void exit(StatementHandle h) {
        inFlight.computeIfPresent(h.id, (id, f) -> f.requests().decrementAndGet() <= 0 ? null : f);
    }

    /** Keeps busy connections and statements from expiring, and makes idle ones expire on time. */
    private void housekeeping() {
        try {
            for (Map.Entry<Integer, InFlight> e : inFlight.entrySet()) {
                getConnectionCache().getIfPresent(e.getValue().connectionId());
                getStatementCache().getIfPresent(e.getKey());
            }
            getStatementCache().cleanUp();
            getConnectionCache().cleanUp();
        } catch (RuntimeException e) {
            LOG.warn("housekeeping failed: {}", e.toString());
        }
    }

    /** Closes every connection (stopping their queries) and the housekeeping thread. */
    public void shutdown() {
        housekeeping.shutdownNow();
        getStatementCache().invalidateAll();
        getConnectionCache().invalidateAll();
        getStatementCache().cleanUp();
        getConnectionCache().cleanUp();
    }
}
