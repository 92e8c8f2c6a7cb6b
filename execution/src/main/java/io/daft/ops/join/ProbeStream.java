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
    /**
     * Most output rows one probe call may make: a probe batch whose keys each match thousands of build rows (a join
     * on a low-cardinality key) is probed in slices, so no output batch (and its index arrays) grows without bound.
     */
    private static final int MAX_OUTPUT_ROWS = 1 << 17;

    private final CloseableIterator<RecordBatch> input;
    private final HashJoinProbe probe;
    private final Runnable onClose;
    private final String name;
    private boolean finished;
    /** The probe batch being probed in slices, and where the next slice starts. */
    private RecordBatch current;
    private int offset;

    ProbeStream(CloseableIterator<RecordBatch> input, HashJoinProbe probe, Runnable onClose, String name) {
        this.input = requireNonNull(input, "input");
        this.probe = requireNonNull(probe, "probe");
        this.onClose = requireNonNull(onClose, "onClose");
        this.name = requireNonNull(name, "name");
    }

    @Override
    protected RecordBatch computeNext() {
        while (current != null || input.hasNext()) {
            if (Thread.currentThread().isInterrupted()) {
                throw new DaftException("query cancelled while probing " + name);
            }
            if (current == null) {
                RecordBatch in = input.next();
                int slice = Math.max(1, MAX_OUTPUT_ROWS / probe.maxRowsPerProbeRow());
                if (in.rowCount() <= slice) {
                    try (in) {
                        RecordBatch out = probe.probe(in);
                        if (out.rowCount() > 0) {
                            return out;
                        }
                        out.close();
                    }
                    continue;
                }
                current = in;
                offset = 0;
            }
            int slice = Math.max(1, MAX_OUTPUT_ROWS / probe.maxRowsPerProbeRow());
            int n = Math.min(slice, current.rowCount() - offset);
            RecordBatch out;
            try (RecordBatch part = current.slice(offset, n)) {
                out = probe.probe(part);
            }
            offset += n;
            if (offset == current.rowCount()) {
                current.close();
                current = null;
            }
            if (out.rowCount() > 0) {
                return out;
            }
            out.close();
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
            if (current != null) {
                current.close();
                current = null;
            }
            input.close();
            probe.close();
        } finally {
            onClose.run();
        }
    }
}
