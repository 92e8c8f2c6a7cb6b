package io.daft.logical;

import io.daft.core.Schema;
import io.daft.scan.Pushdowns;
import io.daft.scan.ScanSource;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** Reads a file-backed table, with whatever the optimizer pushed down. */
public final class Source extends LogicalPlan {
    private final ScanSource scan;
    private final Pushdowns pushdowns;
    private final Schema schema;

    public Source(ScanSource scan, Pushdowns pushdowns) {
        this.scan = requireNonNull(scan, "scan");
        this.pushdowns = requireNonNull(pushdowns, "pushdowns");
        this.schema = pushdowns.columns().map(scan.schema()::select).orElse(scan.schema());
    }

    public ScanSource scan() {
        return scan;
    }

    public Pushdowns pushdowns() {
        return pushdowns;
    }

    public Source withPushdowns(Pushdowns p) {
        return new Source(scan, p);
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public List<LogicalPlan> children() {
        return List.of();
    }

    @Override
    public LogicalPlan withChildren(List<LogicalPlan> children) {
        return this;
    }

    @Override
    public String describe() {
        return "Source: " + scan + (pushdowns.isEmpty() ? "" : " pushdowns[" + pushdowns + "]") + " schema=" + schema;
    }
}
