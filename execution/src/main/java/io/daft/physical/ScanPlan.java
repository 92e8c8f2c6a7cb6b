package io.daft.physical;

import io.daft.core.Schema;
import io.daft.scan.ScanTask;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Reads files: partition i runs scan task i (with its pushdowns). With {@code enable_io_fusion}, the filters
 * and projections right above the scan are fused into it ({@link #fused()}) and run inside the scan task, so a
 * task ships already-reduced batches wherever it runs.
 */
public final class ScanPlan extends PhysicalPlan {
    private static final long serialVersionUID = 1L;

    private final List<ScanTask> tasks;
    private final Schema scanSchema;
    private final List<PhysicalPlan> fused;

    public ScanPlan(List<ScanTask> tasks, Schema schema) {
        this(tasks, schema, List.of());
    }

    private ScanPlan(List<ScanTask> tasks, Schema scanSchema, List<PhysicalPlan> fused) {
        this.tasks = List.copyOf(tasks);
        this.scanSchema = requireNonNull(scanSchema, "scanSchema");
        this.fused = List.copyOf(fused);
    }

    public List<ScanTask> tasks() {
        return tasks;
    }

    /** The schema the scan tasks produce, before fused operators. */
    public Schema scanSchema() {
        return scanSchema;
    }

    /** Filters and projections fused into the scan, innermost first, each with this plan as its input. */
    public List<PhysicalPlan> fused() {
        return fused;
    }

    /** This scan with {@code op} (a filter or projection whose input is this scan) fused in. */
    public ScanPlan fuse(PhysicalPlan op) {
        List<PhysicalPlan> next = new java.util.ArrayList<>(fused);
        next.add(op);
        return new ScanPlan(tasks, scanSchema, next);
    }

    @Override
    public Schema schema() {
        return fused.isEmpty() ? scanSchema : fused.get(fused.size() - 1).schema();
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
                + (pushdowns.isEmpty() ? "" : ", pushdowns[" + pushdowns + "]")
                + (fused.isEmpty() ? "" : ", fused[" + fused.stream().map(PhysicalPlan::describe).collect(java.util.stream.Collectors.joining("; ")) + "]")
                + ", schema=" + schema().names();
    }
}
