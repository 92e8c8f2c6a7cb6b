package io.daft.distributed.tasks;

import io.daft.core.DaftException;
import io.daft.core.Schema;
import io.daft.execution.Exchanges;
import io.daft.memory.Memory;
import io.daft.physical.Partitioning;
import io.daft.recordbatch.RecordBatch;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Step 2 of a RANGE or ORDERED exchange across nodes: the map tasks' key samples travel to the driver, which
 * computes the cuts ({@link Exchanges#cuts}) and ships them to every SPLIT task. Both are small (a few hundred rows
 * per task), encoded as Arrow IPC streams, or as the tasks' row counts for ORDERED.
 */
public final class ExchangeCuts {
    private ExchangeCuts() {
    }

    /** A buffered task's key sample (RANGE), for the driver; empty for ORDERED, which needs only row counts. */
    static Optional<byte[]> sample(Exchanges.Buffered buffered) {
        RecordBatch s = buffered.sample();
        return s == null ? Optional.empty() : Optional.of(toBytes(s));
    }

    /** On the driver: the cuts from every map task's row count and sample, encoded for the SPLIT tasks. */
    public static byte[] cuts(Partitioning spec, Schema schema, long[] rowCounts, List<Optional<byte[]>> samples) {
        if (spec.kind() == Partitioning.Kind.ORDERED) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(rowCounts.length);
                for (long c : rowCounts) {
                    out.writeLong(c);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return bytes.toByteArray();
        }
        List<RecordBatch> decoded = new ArrayList<>(samples.size());
        try {
            for (Optional<byte[]> s : samples) {
                decoded.add(fromBytes(s.orElseThrow(() -> new IllegalArgumentException("a RANGE map task sent no sample"))));
            }
            try (Exchanges.Cuts cuts = Exchanges.cuts(spec, schema, rowCounts, decoded)) {
                return toBytes(cuts.boundaries().orElseThrow());
            }
        } finally {
            decoded.forEach(RecordBatch::close);
        }
    }

    /** On a worker: the cuts the driver sent. */
    static Exchanges.Cuts decode(Partitioning spec, byte[] cuts) {
        if (spec.kind() == Partitioning.Kind.ORDERED) {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(cuts))) {
                long[] counts = new long[in.readInt()];
                for (int i = 0; i < counts.length; i++) {
                    counts[i] = in.readLong();
                }
                return Exchanges.Cuts.ordered(counts);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return Exchanges.Cuts.range(fromBytes(cuts));
    }

    static byte[] toBytes(RecordBatch batch) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (VectorSchemaRoot root = batch.toArrow(); ArrowStreamWriter w = new ArrowStreamWriter(root, null, bytes)) {
            w.start();
            w.writeBatch();
            w.end();
        } catch (IOException e) {
            throw new DaftException("cannot encode a batch of " + batch.rowCount() + " rows: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    static RecordBatch fromBytes(byte[] bytes) {
        try (ArrowStreamReader r = new ArrowStreamReader(new ByteArrayInputStream(bytes), Memory.allocator())) {
            if (!r.loadNextBatch()) {
                throw new DaftException("an encoded batch holds no rows");
            }
            try (RecordBatch shared = RecordBatch.fromArrow(r.getVectorSchemaRoot())) {
                return shared.withSchema(shared.schema());
            }
        } catch (IOException e) {
            throw new DaftException("cannot decode a batch: " + e.getMessage(), e);
        }
    }
}
