package io.daft.micropartition;

import io.daft.core.Schema;
import io.daft.memory.MemoryBudget;
import io.daft.recordbatch.RecordBatch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Collects the batches of one output partition (of an exchange) from several producers at once. While the
 * engine's Arrow memory is over budget, the batches collected so far move to a spill file, so exchanges
 * larger than memory complete.
 */
public final class PartitionBuilder {
    private final Schema schema;
    private final long budget;
    private final Path spillDirectory;
    private final List<RecordBatch> inMemory = new ArrayList<>();
    private SpillFile spill;
    private boolean built;

    public PartitionBuilder(Schema schema, long budget, Path spillDirectory) {
        this.schema = requireNonNull(schema, "schema");
        this.budget = budget;
        this.spillDirectory = requireNonNull(spillDirectory, "spillDirectory");
    }

    /** Takes ownership of {@code batch}. */
    public synchronized void add(RecordBatch batch) {
        if (built) {
            batch.close();
            throw new IllegalStateException("partition already built");
        }
        if (batch.rowCount() == 0) {
            batch.close();
            return;
        }
        inMemory.add(batch);
        if (MemoryBudget.exceeded(budget)) {
            spillAll();
        }
    }

    private void spillAll() {
        if (spill == null) {
            spill = new SpillFile(spillDirectory, schema);
        }
        for (RecordBatch b : inMemory) {
            try (b) {
                spill.append(b);
            }
        }
        inMemory.clear();
    }

    public synchronized MicroPartition build() {
        built = true;
        if (spill != null) {
            spill.finish();
        }
        return new MicroPartition(schema, new ArrayList<>(inMemory), spill);
    }

    /** Releases everything collected (a failed exchange). */
    public synchronized void discard() {
        built = true;
        inMemory.forEach(RecordBatch::close);
        inMemory.clear();
        if (spill != null) {
            spill.delete();
        }
    }
}
