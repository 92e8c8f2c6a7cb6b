package io.daft.ops.join;

import io.daft.core.CloseableIterator;
import io.daft.core.DaftException;
import io.daft.recordbatch.BufferedBatchIterator;
import io.daft.recordbatch.RecordBatch;

import static java.util.Objects.requireNonNull;

/**
 * Streams probe batches through a {@link HashJoinProbe}, then emits what its {@code finish} holds back (outer rows,
 * build-side semi/anti rows). Empty results are skipped. Closing it closes the probe input and runs
 * {@code onClose} (which releases the table when this stream owns it).
 */
final class ProbeStream extends BufferedBatchIterator {
    private final CloseableIterator<RecordBatch> input;
    private final HashJoinProbe probe;
    private final Runnable onClose;
    private final String name;
    private boolean finished;

    ProbeStream(CloseableIterator<RecordBatch> input, HashJoinProbe probe, Runnable onClose, String name) {
        this.input = requireNonNull(input, "input");
        this.probe = requireNonNull(probe, "probe");
        this.onClose = requireNonNull(onClose, "onClose");
        this.name = requireNonNull(name, "name");
    }

    @Override
    protected RecordBatch computeNext() {
        while (input.hasNext()) {
            if (Thread.currentThread().isInterrupted()) {
                throw new DaftException("query cancelled while probing " + name);
            }
            try (RecordBatch in = input.next()) {
                RecordBatch out = probe.probe(in);
                if (out.rowCount() > 0) {
                    return out;
                }
                out.close();
            }
        }
        if (!finished) {
            finished = true;
            RecordBatch tail = probe.finish().orElse(null);
            if (tail != null && tail.rowCount() > 0) {
                return tail;
            }
            if (tail != null) {
                tail.close();
            }
        }
        return null;
    }

    @Override
    protected void closeSources() {
        try {
            input.close();
            probe.close();
        } finally {
            onClose.run();
        }
    }
}
