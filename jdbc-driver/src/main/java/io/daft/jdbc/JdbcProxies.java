package io.daft.jdbc;

import io.daft.calcite.JdbcNested;
import io.daft.calcite.JdbcTimestamps;
import io.daft.config.DaftContext;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.sql.Wrapper;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The embedded driver's JDBC objects: Calcite's connection, statements and result sets behind dynamic proxies
 * that (1) run {@link SessionCommand}s themselves, (2) install the connection's {@link SessionConfig} on the
 * calling thread around every execute and every fetch (Calcite runs the Daft query lazily, on the first
 * {@code next()}), and (3) implement {@code cancel()} and {@code setQueryTimeout} by interrupting the thread
 * that is running the query, which makes the native runner stop its partitions and close its stream.
 */
final class JdbcProxies {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "daft-jdbc-query-timeout");
        t.setDaemon(true);
        return t;
    });

    private static final Set<String> EXECUTE = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate");
    private static final Set<String> MOVES = Set.of("next", "absolute", "relative", "first", "last", "previous",
            "beforeFirst", "afterLast", "isLast");

    static final String PRODUCT_NAME = "Daft";
    static final String PRODUCT_VERSION = "0.1.0";

    private JdbcProxies() {
    }

    static DaftConnection connection(Connection calcite, SessionConfig session, String url, String userName) {
        return connection(calcite, session, url, userName, false, false);
    }

    /**
     * @param timestampsAsText timestamp and nested columns as exact text, for a remote client ({@link TimestampText},
     *                         {@link NestedText})
     * @param served a connection of the server for a client: nested columns as text ({@link NestedText})
     */
    static DaftConnection connection(Connection calcite, SessionConfig session, String url, String userName,
                                     boolean timestampsAsText, boolean served) {
        ConnectionHandler h = new ConnectionHandler(calcite, session, url, userName, timestampsAsText, served);
        DaftConnection proxy = (DaftConnection) Proxy.newProxyInstance(JdbcProxies.class.getClassLoader(),
                new Class<?>[] {DaftConnection.class}, h);
        h.proxy = proxy;
        return proxy;
    }

    static Object invoke(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /**
     * Calls {@code m} on {@code target}, except for the methods a proxy answers itself: it wraps {@code target}
     * ({@code unwrap}, {@code isWrapperFor} see both) and equals only itself.
     */
    static Object forward(Object proxy, Wrapper target, Method m, Object[] args) throws Throwable {
        switch (m.getName()) {
            case "unwrap":
                return ((Class<?>) args[0]).isInstance(proxy) ? proxy : target.unwrap((Class<?>) args[0]);
            case "isWrapperFor":
                return ((Class<?>) args[0]).isInstance(proxy) || target.isWrapperFor((Class<?>) args[0]);
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            default:
                return invoke(target, m, args);
        }
    }

    /**
     * {@code getColumns} with DuckDB's type names for nested columns ({@code INTEGER[]}, {@code STRUCT(a INTEGER)},
     * {@code MAP(VARCHAR, INTEGER)}), as their result set metadata has them ({@link io.daft.calcite.NestedTypes#typeName}); Calcite
     * names them {@code INTEGER ARRAY}, {@code RecordType(INTEGER a)}, {@code (VARCHAR, INTEGER) MAP}.
     */
    private static ResultSet nestedTypeNames(ResultSet rs, Connection calcite) {
        return (ResultSet) Proxy.newProxyInstance(JdbcProxies.class.getClassLoader(), new Class<?>[] {ResultSet.class},
                (p, m, args) -> {
                    if (args != null && args.length == 1 && (m.getName().equals("getString") || m.getName().equals("getObject"))
                            && (Integer.valueOf(6).equals(args[0]) || "TYPE_NAME".equals(args[0]))) {
                        int type = rs.getInt(5);
                        if (type == java.sql.Types.ARRAY || type == java.sql.Types.STRUCT || type == java.sql.Types.OTHER) {
                            java.util.Optional<String> name = nestedTypeName(calcite, rs.getString(2), rs.getString(3), rs.getString(4));
                            if (name.isPresent()) {
                                return name.get();
                            }
                        }
                    }
                    return invoke(rs, m, args);
                });
    }

    private static java.util.Optional<String> nestedTypeName(Connection calcite, String schema, String table, String column)
            throws SQLException {
        org.apache.calcite.jdbc.CalciteConnection cc = calcite.unwrap(org.apache.calcite.jdbc.CalciteConnection.class);
        org.apache.calcite.schema.SchemaPlus s = schema == null ? cc.getRootSchema() : cc.getRootSchema().getSubSchema(schema);
        org.apache.calcite.schema.Table t = s == null ? null : s.getTable(table);
        if (t == null) {
            return java.util.Optional.empty();
        }
        org.apache.calcite.rel.type.RelDataTypeField f = t.getRowType(cc.getTypeFactory()).getField(column, true, false);
        org.apache.calcite.sql.type.SqlTypeName n = f == null ? null : f.getType().getSqlTypeName();
        if (n != org.apache.calcite.sql.type.SqlTypeName.ARRAY && n != org.apache.calcite.sql.type.SqlTypeName.MAP
                && n != org.apache.calcite.sql.type.SqlTypeName.ROW) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(io.daft.calcite.NestedTypes.typeName(io.daft.calcite.DaftTypes.toDaft(f.getType())));
    }

    private static final class ConnectionHandler implements InvocationHandler {
        final Connection delegate;
        final SessionConfig session;
        final String url;
        final String userName;
        final boolean timestampsAsText;
        final boolean served;
        DaftConnection proxy;

        ConnectionHandler(Connection delegate, SessionConfig session, String url, String userName, boolean timestampsAsText,
                          boolean served) {
            this.delegate = delegate;
            this.session = session;
            this.url = url;
            this.userName = userName;
            this.timestampsAsText = timestampsAsText;
            this.served = served;
        }

        /** What goes over the wire for a nested column, for the client of a served connection. */
        NestedText.Form nestedForm() {
            return timestampsAsText ? NestedText.Form.EXACT : served ? NestedText.Form.DUCKDB_TEXT : NestedText.Form.VALUES;
        }

        @Override
        public Object invoke(Object p, Method m, Object[] args) throws Throwable {
            switch (m.getName()) {
                case "session":
                    return session;
                case "toString":
                    return "DaftConnection(" + delegate + ")";
                case "createStatement": {
                    Statement s = (Statement) JdbcProxies.invoke(delegate, m, args);
                    return statement(s, Statement.class, null);
                }
                case "prepareStatement": {
                    String sql = (String) args[0];
                    SessionCommand cmd = SessionCommand.parse(sql);
                    if (cmd != null) {
                        // a real (trivial) prepared statement underneath, for parameter metadata and housekeeping
                        PreparedStatement ps = delegate.prepareStatement("values 0");
                        return statement(ps, PreparedStatement.class, cmd);
                    }
                    try (DaftContext.ConfigScope s = session.install()) {
                        PreparedStatement ps = (PreparedStatement) JdbcProxies.invoke(delegate, m, args);
                        return statement(ps, PreparedStatement.class, null);
                    } catch (SQLException e) {
                        ParameterInliner inliner = new ParameterInliner(sql);
                        if (inliner.count() == 0) {
                            throw e;
                        }
                        // the parameters cannot be planned as such: bind them as literals at each execution
                        Statement inner = (Statement) statement(delegate.createStatement(), Statement.class, null);
                        return InlinedPreparedStatement.create(inliner, inner, proxy);
                    }
                }
                case "getMetaData": {
                    DatabaseMetaData md = delegate.getMetaData();
                    return Proxy.newProxyInstance(JdbcProxies.class.getClassLoader(), new Class<?>[] {DatabaseMetaData.class},
                            (mp, mm, ma) -> {
                                switch (mm.getName()) {
                                    case "getConnection": return proxy;
                                    case "getDatabaseProductName": return PRODUCT_NAME;
                                    case "getDatabaseProductVersion": return PRODUCT_VERSION;
                                    case "getDatabaseMajorVersion": return 0;
                                    case "getDatabaseMinorVersion": return 1;
                                    case "getDriverName": return "Daft JDBC Driver";
                                    case "getDriverVersion": return PRODUCT_VERSION;
                                    case "getDriverMajorVersion": return 0;
                                    case "getDriverMinorVersion": return 1;
                                    case "getURL": return url;
                                    case "getUserName": return userName;
                                    case "getColumns":
                                        return ColumnSizes.wrap(nestedTypeNames((ResultSet) JdbcProxies.invoke(md, mm, ma), delegate));
                                    default: return JdbcProxies.invoke(md, mm, ma);
                                }
                            });
                }
                default:
                    return forward(p, delegate, m, args);
            }
        }

        private Object statement(Statement s, Class<? extends Statement> iface, SessionCommand prepared) {
            StatementHandler h = new StatementHandler(this, s, prepared);
            Object proxy = Proxy.newProxyInstance(JdbcProxies.class.getClassLoader(), new Class<?>[] {iface}, h);
            h.proxy = (Statement) proxy;
            return proxy;
        }
    }

    /** Per statement: the session command result, cancel and timeout state. */
    private static final class StatementHandler implements InvocationHandler {
        final ConnectionHandler conn;
        final Statement delegate;
        final SessionCommand prepared;
        Statement proxy;

        // the outcome of the last session command: an update count of 0, or a SHOW result
        private boolean commandPending;
        private boolean commandDone;     // getMoreResults was called after a command: no more results
        private ResultSet commandResult;

        private int timeoutSeconds;
        private ResultSet open;          // the delegate's current result set
        private Thread running;          // the thread inside a call on this statement or its result set
        private boolean cancelled;
        private boolean timedOut;
        private ScheduledFuture<?> timer;

        StatementHandler(ConnectionHandler conn, Statement delegate, SessionCommand prepared) {
            this.conn = conn;
            this.delegate = delegate;
            this.prepared = prepared;
        }

        @Override
        public Object invoke(Object p, Method m, Object[] args) throws Throwable {
            String name = m.getName();
            if (EXECUTE.contains(name)) {
                SessionCommand cmd = args != null && args.length > 0 && args[0] instanceof String
                        ? SessionCommand.parse((String) args[0]) : (args == null || args.length == 0 ? prepared : null);
                if (cmd != null) {
                    return runCommand(cmd, name);
                }
                clearCommand();
                return execute(m, args);
            }
            switch (name) {
                case "getResultSet":
                    if (commandDone) {
                        return null;
                    }
                    if (commandPending) {
                        return commandResult;
                    }
                    return wrap((ResultSet) JdbcProxies.invoke(delegate, m, args));
                case "getUpdateCount":
                    if (commandDone) {
                        return -1;
                    }
                    return commandPending ? (commandResult == null ? 0 : -1) : JdbcProxies.invoke(delegate, m, args);
                case "getLargeUpdateCount":
                    if (commandDone) {
                        return -1L;
                    }
                    return commandPending ? (commandResult == null ? 0L : -1L) : JdbcProxies.invoke(delegate, m, args);
                case "getMoreResults":
                    if (commandPending || commandDone) {
                        clearCommand();
                        commandDone = true;
                        return false;
                    }
                    return JdbcProxies.invoke(delegate, m, args);
                case "getMetaData":
                    if (prepared != null) {
                        return null;   // a session command has no result set columns known before it runs
                    }
                    java.sql.ResultSetMetaData md = JdbcNested.metaData(
                            (java.sql.ResultSetMetaData) JdbcProxies.invoke(delegate, m, args), java.sql.Types.JAVA_OBJECT);
                    return NestedText.sendMetaData(conn.timestampsAsText ? TimestampText.sendMetaData(md) : md, conn.nestedForm());
                case "setQueryTimeout":
                    if ((Integer) args[0] < 0) {
                        throw new SQLException("query timeout must be >= 0, got " + args[0]);
                    }
                    timeoutSeconds = (Integer) args[0];
                    return null;
                case "getQueryTimeout":
                    return timeoutSeconds;
                case "cancel":
                    cancel(false);
                    return null;
                case "getConnection":
                    return conn.proxy;
                case "close":
                    stopTimer();
                    clearCommand();
                    return JdbcProxies.invoke(delegate, m, args);
                case "toString":
                    return "DaftStatement(" + delegate + ")";
                default:
                    return forward(p, delegate, m, args);
            }
        }

        private Object runCommand(SessionCommand cmd, String method) throws SQLException {
            clearCommand();
            switch (cmd.kind()) {
                case SET:
                    conn.session.set(cmd.name(), cmd.value());
                    break;
                case RESET:
                    conn.session.reset(cmd.name());
                    break;
                case SHOW:
                    commandResult = show(cmd.name());
                    break;
                case EXPLAIN_ANALYZE:
                    commandResult = explainAnalyze(cmd.value());
                    break;
                default:
                    throw new IllegalStateException(cmd.toString());
            }
            commandPending = true;
            switch (method) {
                case "executeQuery":
                    if (commandResult == null) {
                        throw new SQLException(cmd.kind() + " returns no result set; use execute or executeUpdate", "07000");
                    }
                    return commandResult;
                case "executeUpdate":
                    return 0;
                case "executeLargeUpdate":
                    return 0L;
                default:
                    return commandResult != null;
            }
        }

        /** SHOW: (name, value) rows, produced by a VALUES query so the result set is an ordinary one. */
        private ResultSet show(String name) throws SQLException {
            Map<String, String> all = conn.session.asMap();
            StringBuilder sql = new StringBuilder("select * from (values ");
            boolean first = true;
            for (Map.Entry<String, String> e : all.entrySet()) {
                if (!name.equalsIgnoreCase("all") && !e.getKey().equalsIgnoreCase(name)) {
                    continue;
                }
                sql.append(first ? "" : ", ").append("('").append(e.getKey()).append("', '")
                        .append(e.getValue().replace("'", "''")).append("')");
                first = false;
            }
            sql.append(") as t(name, \"value\")");
            Statement s = conn.delegate.createStatement();
            s.closeOnCompletion();
            return s.executeQuery(sql.toString());
        }

        /** EXPLAIN ANALYZE: runs {@code sql} to the end under the session's knobs, then its plan's lines as rows. */
        private ResultSet explainAnalyze(String sql) throws SQLException {
            String text;
            try (DaftContext.ConfigScope scope = conn.session.install()) {
                text = io.daft.execution.ExplainAnalyze.analyze(() -> {
                    try (Statement s = conn.delegate.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                        long rows = 0;
                        while (rs.next()) {
                            rows++;
                        }
                        return rows;
                    } catch (SQLException e) {
                        throw new SqlFailure(e);
                    }
                });
            } catch (SqlFailure e) {
                throw (SQLException) e.getCause();
            }
            StringBuilder values = new StringBuilder("select plan from (values ");
            int i = 0;
            for (String line : (Iterable<String>) text.lines()::iterator) {
                // SQL literals here are Latin-1: the tree is drawn in ASCII
                String ascii = line.replace("└─", "`-").replace("├─", "|-").replace("│", "|");
                values.append(i == 0 ? "" : ", ").append('(').append(i++).append(", '").append(ascii.replace("'", "''")).append("')");
            }
            values.append(") as t(i, plan) order by i");
            Statement s = conn.delegate.createStatement();
            s.closeOnCompletion();
            return s.executeQuery(values.toString());
        }

        /** Carries a statement's SQLException out of the EXPLAIN ANALYZE callback. */
        private static final class SqlFailure extends RuntimeException {
            private static final long serialVersionUID = 1L;

            SqlFailure(SQLException cause) {
                super(cause);
            }
        }

        private void clearCommand() throws SQLException {
            commandPending = false;
            commandDone = false;
            if (commandResult != null) {
                ResultSet r = commandResult;
                commandResult = null;
                r.close();
            }
        }

        private Object execute(Method m, Object[] args) throws Throwable {
            synchronized (this) {
                stopTimer();
                cancelled = false;
                timedOut = false;
                open = null;
                if (timeoutSeconds > 0) {
                    timer = TIMER.schedule(() -> cancel(true), timeoutSeconds, TimeUnit.SECONDS);
                }
            }
            Object r = guarded(delegate, m, args);
            if (r instanceof ResultSet) {
                return wrap((ResultSet) r);
            }
            if (r instanceof Boolean && (Boolean) r) {
                // the result set comes from getResultSet; remember it for cancel
                synchronized (this) {
                    open = delegate.getResultSet();
                }
            }
            return r;
        }

        /** Calls into Calcite with the session installed, as the thread that cancel() interrupts. */
        Object guarded(Object target, Method m, Object[] args) throws Throwable {
            synchronized (this) {
                if (timedOut || cancelled) {
                    throw stopped();
                }
                running = Thread.currentThread();
            }
            try (DaftContext.ConfigScope s = conn.session.install()) {
                return JdbcProxies.invoke(target, m, args);
            } catch (Throwable t) {
                synchronized (this) {
                    if (timedOut || cancelled) {
                        closeOpen();
                        SQLException e = stopped();
                        e.initCause(t);
                        throw e;
                    }
                }
                throw t;
            } finally {
                synchronized (this) {
                    running = null;
                    Thread.interrupted();   // an interrupt meant for this call must not reach the caller's next wait
                }
            }
        }

        private SQLException stopped() {
            return timedOut
                    ? new SQLTimeoutException("query timed out after " + timeoutSeconds + " s and was stopped", "57014")
                    : new SQLException("query cancelled", "57014");
        }

        /** Stops the running query: interrupts its thread, or, between fetches, closes its result set. */
        synchronized void cancel(boolean timeout) {
            if (timeout) {
                timedOut = true;
            } else {
                cancelled = true;
            }
            if (running != null) {
                running.interrupt();
            } else {
                closeOpen();
            }
        }

        private void closeOpen() {
            if (open != null) {
                try (DaftContext.ConfigScope s = conn.session.install()) {
                    open.close();
                } catch (SQLException | RuntimeException ignored) {
                    // closing is best effort: the query is being abandoned anyway
                }
                open = null;
            }
        }

        private synchronized void stopTimer() {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }

        private ResultSet wrap(ResultSet delegateResult) throws SQLException {
            if (delegateResult == null) {
                return null;
            }
            synchronized (this) {
                open = delegateResult;
            }
            ResultSet full = JdbcNested.wrap(JdbcTimestamps.wrap(delegateResult));
            ResultSet rs = NestedText.send(conn.timestampsAsText ? TimestampText.send(full) : full, conn.nestedForm());
            StatementHandler st = this;
            return (ResultSet) Proxy.newProxyInstance(JdbcProxies.class.getClassLoader(), new Class<?>[] {ResultSet.class},
                    (p, m, args) -> {
                        String n = m.getName();
                        if (MOVES.contains(n)) {
                            Object r = st.guarded(rs, m, args);
                            if (n.equals("next") && !((Boolean) r)) {
                                st.stopTimer();
                            }
                            return r;
                        }
                        switch (n) {
                            case "getStatement":
                                return st.proxy;
                            case "close":
                                st.stopTimer();
                                try (DaftContext.ConfigScope s = st.conn.session.install()) {
                                    return JdbcProxies.invoke(rs, m, args);
                                }
                            default:
                                return forward(p, rs, m, args);
                        }
                    });
        }
    }
}
