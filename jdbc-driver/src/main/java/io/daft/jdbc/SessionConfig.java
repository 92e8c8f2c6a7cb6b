package io.daft.jdbc;

import io.daft.config.DaftContext;
import io.daft.config.ExecutionConfig;
import io.daft.config.PlanningConfig;
import io.daft.core.DaftException;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * The Daft execution and planning configs of one connection: set from connection properties and by
 * {@code SET name = value} statements, and installed on the calling thread around each execute and fetch (with
 * {@link DaftContext}'s per-thread scopes), so sessions on other connections or threads never see them.
 */
public final class SessionConfig {
    private final ExecutionConfig initialExecution;
    private final PlanningConfig initialPlanning;
    private volatile ExecutionConfig execution;
    private volatile PlanningConfig planning;

    public SessionConfig(ExecutionConfig execution, PlanningConfig planning) {
        this.initialExecution = requireNonNull(execution, "execution");
        this.initialPlanning = requireNonNull(planning, "planning");
        this.execution = execution;
        this.planning = planning;
    }

    /** The global configs, changed by those {@code properties} that name a knob (other properties are ignored). */
    public static SessionConfig fromProperties(Map<?, ?> properties) throws SQLException {
        ExecutionConfig.Builder e = DaftContext.executionConfig().toBuilder();
        PlanningConfig.Builder p = DaftContext.planningConfig().toBuilder();
        try {
            for (Map.Entry<?, ?> en : properties.entrySet()) {
                String name = en.getKey().toString().toLowerCase(Locale.ROOT);
                String value = String.valueOf(en.getValue());
                if (ExecutionConfig.knobNames().contains(name)) {
                    e.set(name, value);
                } else if (PlanningConfig.knobNames().contains(name)) {
                    p.set(name, value);
                }
            }
            return new SessionConfig(e.build(), p.build());
        } catch (DaftException ex) {
            throw new SQLException("invalid connection property: " + ex.getMessage(), "22023", ex);
        }
    }

    /** Every knob name, execution and planning. */
    public static Set<String> knobNames() {
        Set<String> all = new TreeSet<>(ExecutionConfig.knobNames());
        all.addAll(PlanningConfig.knobNames());
        return all;
    }

    public ExecutionConfig execution() {
        return execution;
    }

    public PlanningConfig planning() {
        return planning;
    }

    /** Sets one knob by name; unknown names and bad values are an SQLException naming the knob. */
    public synchronized void set(String name, String value) throws SQLException {
        String n = name.toLowerCase(Locale.ROOT);
        try {
            if (ExecutionConfig.knobNames().contains(n)) {
                execution = execution.toBuilder().set(n, value).build();
            } else if (PlanningConfig.knobNames().contains(n)) {
                planning = planning.toBuilder().set(n, value).build();
            } else {
                throw new SQLException("unknown setting '" + name + "'; known: " + knobNames(), "42704");
            }
        } catch (DaftException e) {
            throw new SQLException(e.getMessage(), "22023", e);
        }
    }

    /** Puts one knob (or, for {@code ALL}, every knob) back to its value when the connection opened. */
    public synchronized void reset(String name) throws SQLException {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("all")) {
            execution = initialExecution;
            planning = initialPlanning;
        } else if (ExecutionConfig.knobNames().contains(n)) {
            execution = execution.toBuilder().set(n, initialExecution.asMap().get(n)).build();
        } else if (PlanningConfig.knobNames().contains(n)) {
            planning = planning.toBuilder().set(n, initialPlanning.asMap().get(n)).build();
        } else {
            throw new SQLException("unknown setting '" + name + "'; known: " + knobNames(), "42704");
        }
    }

    /** Every knob with its value in this session, execution knobs first. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>(execution.asMap());
        m.putAll(planning.asMap());
        return m;
    }

    /**
     * Installs this session's configs on the calling thread until the returned scope is closed. Within a scope
     * this session already opened on this thread (a fetch of many rows, each row a guarded call), nothing is
     * installed again.
     */
    public DaftContext.ConfigScope install() {
        ExecutionConfig e = execution;
        PlanningConfig p = planning;
        Installed last = installed;
        if (last != null && last.execution == DaftContext.executionConfig() && last.planning == DaftContext.planningConfig()
                && last.from == e && last.fromPlanning == p) {
            return NOTHING;
        }
        DaftContext.ConfigScope es = DaftContext.executionConfigCtx(b -> e.toBuilder());
        DaftContext.ConfigScope ps = DaftContext.planningConfigCtx(b -> p.toBuilder());
        installed = new Installed(e, p, DaftContext.executionConfig(), DaftContext.planningConfig());
        return () -> {
            ps.close();
            es.close();
        };
    }

    private static final DaftContext.ConfigScope NOTHING = () -> { };

    /**
     * The configs this session last installed (on some thread): the objects the thread-scoped context holds
     * ({@code execution}, {@code planning}), built from the session's {@code from} and {@code fromPlanning}. A
     * thread whose context holds exactly these objects is inside a scope of this session with its current settings.
     */
    private record Installed(ExecutionConfig from, PlanningConfig fromPlanning, ExecutionConfig execution, PlanningConfig planning) {
    }

    private volatile Installed installed;
}
