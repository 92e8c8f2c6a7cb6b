package io.daft.config;

import io.daft.core.DaftException;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** How queries are planned: Daft's planning knobs. Immutable. */
public final class PlanningConfig {
    private final boolean enablePushdowns;
    private final boolean enableIoFusion;

    private PlanningConfig(boolean enablePushdowns, boolean enableIoFusion) {
        this.enablePushdowns = enablePushdowns;
        this.enableIoFusion = enableIoFusion;
    }

    public static PlanningConfig defaults() {
        return new PlanningConfig(true, true);
    }

    public static Builder builder() {
        return defaults().toBuilder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.enablePushdowns = enablePushdowns;
        b.enableIoFusion = enableIoFusion;
        return b;
    }

    /** Push column projections, filters and limits into scans. Default true. */
    public boolean enablePushdowns() {
        return enablePushdowns;
    }

    /** Fuse the filters and projections right above a scan into the scan task itself. Default true. */
    public boolean enableIoFusion() {
        return enableIoFusion;
    }

    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("enable_pushdowns", String.valueOf(enablePushdowns));
        m.put("enable_io_fusion", String.valueOf(enableIoFusion));
        return m;
    }

    public static java.util.Set<String> knobNames() {
        return defaults().asMap().keySet();
    }

    @Override
    public String toString() {
        return "PlanningConfig" + asMap();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PlanningConfig && asMap().equals(((PlanningConfig) o).asMap());
    }

    @Override
    public int hashCode() {
        return asMap().hashCode();
    }

    public static final class Builder {
        private boolean enablePushdowns;
        private boolean enableIoFusion;

        private Builder() {
        }

        public Builder enablePushdowns(boolean v) {
            enablePushdowns = v;
            return this;
        }

        public Builder enableIoFusion(boolean v) {
            enableIoFusion = v;
            return this;
        }

        /** Sets a knob by its snake_case name from text; unknown names and bad values are rejected, naming the knob. */
        public Builder set(String name, String value) {
            switch (name.toLowerCase(Locale.ROOT)) {
                case "enable_pushdowns":
                    return enablePushdowns(ConfigValues.parseBoolean("enable_pushdowns", value));
                case "enable_io_fusion":
                    return enableIoFusion(ConfigValues.parseBoolean("enable_io_fusion", value));
                default:
                    throw new DaftException("unknown planning config '" + name + "'; known: " + knobNames());
            }
        }

        public PlanningConfig build() {
            return new PlanningConfig(enablePushdowns, enableIoFusion);
        }
    }
}
