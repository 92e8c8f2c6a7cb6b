package io.daft.scan;

import io.daft.core.CloseableIterator;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.dsl.Cast;
import io.daft.dsl.ColumnRef;
import io.daft.dsl.eval.ExprEvaluator;
import io.daft.recordbatch.BufferedBatchIterator;
import io.daft.recordbatch.DictionaryCodes;
import io.daft.recordbatch.RecordBatch;
import io.daft.recordbatch.Vectors;
import org.apache.arrow.vector.FieldVector;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs one {@link ScanTask}: reads its slices in order, conforms every batch to the task's output schema
 * (columns a file lacks become nulls, narrower types are cast), applies the pushed-down filter exactly and
 * stops at the pushed-down limit. Used by every runner, so a scan task reads the same wherever it runs.
 */
public final class ScanTaskReader extends BufferedBatchIterator {
    private final ScanTask task;
    private final Schema outputSchema;
    private final int batchSize;
    private int sliceIndex;
    private CloseableIterator<RecordBatch> current;
    private long remaining;

    public ScanTaskReader(ScanTask task, int batchSize) {
        this.task = task;
        this.outputSchema = task.outputSchema();
        this.batchSize = batchSize;
        this.remaining = task.pushdowns().limit().orElse(Long.MAX_VALUE);
    }

    public Schema schema() {
        return outputSchema;
    }

    @Override
    protected RecordBatch computeNext() {
        while (remaining > 0) {
            if (Thread.currentThread().isInterrupted()) {
                // a cancelled query: stop reading rather than finish the scan task
                throw new io.daft.core.DaftException("query cancelled while scanning " + task.slices().get(Math.max(0, sliceIndex - 1)).path());
            }
            if (current == null) {
                if (sliceIndex >= task.slices().size()) {
                    return null;
                }
                current = task.reader().read(task.slices().get(sliceIndex++), readerPushdowns(), batchSize);
            }
            if (!current.hasNext()) {
                current.close();
                current = null;
                continue;
            }
            try (RecordBatch raw = current.next()) {
                RecordBatch b = filter(conform(raw));
                if (b.rowCount() == 0) {
                    b.close();
                    continue;
                }
                if (b.rowCount() > remaining) {
                    RecordBatch cut = b.slice(0, (int) remaining);
                    b.close();
                    b = cut;
                }
                remaining -= b.rowCount();
                return b;
            }
        }
        return null;
    }

    /** The reader reads the output columns plus those only the filter needs; we drop those after filtering. */
    private Pushdowns readerPushdowns() {
        Pushdowns p = task.pushdowns();
        if (p.columns().isPresent() && p.filter().isPresent()) {
            List<String> cols = new ArrayList<>(p.columns().get());
            for (String c : io.daft.dsl.Exprs.columnsOf(p.filter().get())) {
                if (!cols.contains(c)) {
                    cols.add(c);
                }
            }
            p = p.withColumns(cols);
        }
        // The reader must not stop early on a limit when a filter still drops rows after it.
        if (p.filter().isPresent() && p.limit().isPresent()) {
            p = new Pushdowns(p.columns(), p.filter(), java.util.OptionalLong.empty());
        }
        return p;
    }

    private Schema readSchema() {
        Pushdowns p = readerPushdowns();
        return p.columns().map(task.tableSchema()::select).orElse(task.tableSchema());
    }

    private RecordBatch conform(RecordBatch raw) {
        Schema target = readSchema();
        if (raw.schema().equals(target)) {
            return raw.share();
        }
        List<FieldVector> cols = new ArrayList<>(target.size());
        List<Optional<DictionaryCodes>> codes = new ArrayList<>(target.size());
        try {
            for (Field f : target.fields()) {
                codes.add(Optional.empty());
                if (raw.schema().contains(f.name())) {
                    int index = raw.schema().requireIndex(f.name());
                    FieldVector v = raw.column(index);
                    if (Vectors.fieldOf(v).dataType().equals(f.dataType())) {
                        cols.add(Vectors.share(v));
                        codes.set(codes.size() - 1, raw.dictionaryCodes(index));
                    } else {
                        cols.add(new Cast(new ColumnRef(f.name()), f.dataType()).eval(raw));
                    }
                } else {
                    cols.add(Vectors.nulls(f, raw.rowCount()));
                }
            }
        } catch (RuntimeException e) {
            cols.forEach(FieldVector::close);
            throw e;
        }
        return RecordBatch.of(target, cols, raw.rowCount(), codes);
    }

    private RecordBatch filter(RecordBatch batch) {
        if (task.pushdowns().filter().isEmpty()) {
            return batch;
        }
        try (RecordBatch b = batch) {
            RecordBatch kept = ExprEvaluator.filter(task.pushdowns().filter().get(), b);
            if (kept.schema().size() == outputSchema.size()) {
                return kept;
            }
            try (RecordBatch k = kept) {
                int[] idx = new int[outputSchema.size()];
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = k.schema().requireIndex(outputSchema.field(i).name());
                }
                return k.select(idx);
            }
        }
    }

    @Override
    protected void closeSources() {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
