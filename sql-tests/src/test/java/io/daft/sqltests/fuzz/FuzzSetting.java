package io.daft.sqltests.fuzz;

import io.daft.config.DaftContext;
import io.daft.config.PlanningConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A set of execution and planning knobs (names as in {@code ExecutionConfig}/{@code PlanningConfig}) a query runs
 * under, applied to the running thread only ({@code Daft.executionConfigCtx}/{@code planningConfigCtx}).
 */
record FuzzSetting(Map<String, String> knobs) {
    FuzzSetting {
        knobs = Map.copyOf(new LinkedHashMap<>(requireNonNull(knobs, "knobs")));
    }

    /** The settings a campaign runs under unless told otherwise (issue 8's five). */
    static List<FuzzSetting> standard() {
        return List.of(parse(""), parse("num_partitions=1"), parse("num_partitions=7;default_morsel_size=1000"),
                parse("enable_pushdowns=false"), parse("broadcast_join_size_bytes_threshold=0"));
    }

    /** {@code name=value;name=value} (empty: the defaults). */
    static FuzzSetting parse(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String part : text.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("a knob setting is name=value, got '" + part + "'");
            }
            m.put(part.substring(0, eq).strip().toLowerCase(java.util.Locale.ROOT), part.substring(eq + 1).strip());
        }
        FuzzSetting s = new FuzzSetting(m);
        try (DaftContext.ConfigScope ignored = s.apply()) {
            return s; // validates the names and values now rather than on the first query
        }
    }

    /** Applies the knobs to this thread until the returned scope closes. */
    DaftContext.ConfigScope apply() {
        Map<String, String> planning = new LinkedHashMap<>();
        Map<String, String> execution = new LinkedHashMap<>();
        knobs.forEach((k, v) -> (PlanningConfig.knobNames().contains(k) ? planning : execution).put(k, v));
        DaftContext.ConfigScope e = DaftContext.executionConfigCtx(b -> {
            execution.forEach(b::set);
            return b;
        });
        DaftContext.ConfigScope p;
        try {
            p = DaftContext.planningConfigCtx(b -> {
                planning.forEach(b::set);
                return b;
            });
        } catch (RuntimeException ex) {
            e.close();
            throw ex;
        }
        return () -> {
            p.close();
            e.close();
        };
    }

    @Override
    public String toString() {
        if (knobs.isEmpty()) {
            return "defaults";
        }
        List<String> parts = new ArrayList<>();
        new java.util.TreeMap<>(knobs).forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(";", parts);
    }
}
