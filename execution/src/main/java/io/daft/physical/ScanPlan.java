package io.daft.physical;

import io.daft.core.Schema;
import io.daft.scan.ScanTask;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** Reads files: partition i runs scan task i (with its pushdowns). */
public final class ScanPlan extends PhysicalPlan {
    private static final long serialVersionUID = 1L;

    private final List<ScanTask> tasks;
    private final Schema schema;

    public ScanPlan(List<ScanTask> tasks, Schema schema) {
        this.tasks = List.copyOf(tasks);
        this.schema = requireNonNull(schema, "schema");
    }

    public List<ScanTask> tasks() {
        return tasks;
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public List<PhysicalPlan> children() {
        return List.of();
    }

    @Override
    public int numPartitions() {
        return Math.max(1, tasks.size());
    }

    @Override
    public String describe() {
        long bytes = 0;
        int files = 0;
        for (ScanTask t : tasks) {
            bytes += t.sizeBytes();
            files += t.slices().size();
        }
        String pushdowns = tasks.isEmpty() ? "" : tasks.get(0).pushdowns().toString();
        return "Scan: " + (tasks.isEmpty() ? "no files" : tasks.get(0).reader().format()) + ", " + tasks.size()
                + " scan tasks over " + files + " file slices (" + bytes + " bytes)"
                + (pushdowns.isEmpty() ? "" : ", pushdowns[" + pushdowns + "]") + ", schema=" + schema.names();
    }
}
