package io.daft.micropartition;

import io.daft.core.ArrowTypes;
import io.daft.core.CloseableIterator;
import io.daft.core.DaftException;
import io.daft.core.Schema;
import io.daft.memory.Memory;
import io.daft.recordbatch.BufferedBatchIterator;
import io.daft.recordbatch.RecordBatch;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.ipc.message.MessageSerializer;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static java.util.Objects.requireNonNull;

/**
 * Batches of one schema written to a local file in the Arrow IPC stream format, so a partition that does not
 * fit in memory can wait on disk; read back batch by batch. Appends until {@link #finish()}.
 */
final class SpillFile {
    private final Path path;
    private final Schema schema;
    private FileChannel channel;
    private WriteChannel out;
    private long rows;
    private long bytes;

    SpillFile(Path dir, Schema schema) {
        this.schema = requireNonNull(schema, "schema");
        try {
            Files.createDirectories(dir);
            this.path = Files.createTempFile(dir, "daft-spill-", ".arrows");
            this.channel = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            this.out = new WriteChannel(channel);
            MessageSerializer.serialize(out, ArrowTypes.toArrowSchema(schema));
        } catch (IOException e) {
            throw new DaftException("cannot create a spill file under " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Appends a batch (the caller still owns it). */
    void append(RecordBatch batch) {
        try (VectorSchemaRoot root = batch.toArrow(); ArrowRecordBatch arb = new VectorUnloader(root).getRecordBatch()) {
            MessageSerializer.serialize(out, arb);
            rows += batch.rowCount();
            bytes += batch.sizeBytes();
        } catch (IOException e) {
            throw new DaftException("cannot write spill file " + path + ": " + e.getMessage(), e);
        }
    }

    /** Ends the stream; no appends after this. */
    void finish() {
        if (channel == null) {
            return;
        }
        try {
            ArrowStreamWriter.writeEndOfStream(out, IpcOption.DEFAULT);
            channel.close();
            channel = null;
        } catch (IOException e) {
            throw new DaftException("cannot write spill file " + path + ": " + e.getMessage(), e);
        }
    }

    long rows() {
        return rows;
    }

    /** In-memory bytes of what was spilled. */
    long bytes() {
        return bytes;
    }

    /** Reads the batches back in order; each returned batch is the caller's. */
    CloseableIterator<RecordBatch> read() {
        finish();
        ArrowStreamReader reader;
        try {
            reader = new ArrowStreamReader(Channels.newChannel(Files.newInputStream(path)), Memory.allocator());
        } catch (IOException e) {
            throw new DaftException("cannot read spill file " + path + ": " + e.getMessage(), e);
        }
        return new BufferedBatchIterator() {
            @Override
            protected RecordBatch computeNext() {
                try {
                    if (!reader.loadNextBatch()) {
                        return null;
                    }
                    RecordBatch shared = RecordBatch.fromArrow(reader.getVectorSchemaRoot());
                    try (shared) {
                        return shared.withSchema(schema);
                    }
                } catch (IOException e) {
                    throw new DaftException("cannot read spill file " + path + ": " + e.getMessage(), e);
                }
            }

            @Override
            protected void closeSources() {
                try {
                    reader.close();
                } catch (IOException e) {
                    throw new DaftException("cannot close spill file " + path + ": " + e.getMessage(), e);
                }
            }
        };
    }

    void delete() {
        try {
            if (channel != null) {
                channel.close();
                channel = null;
            }
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // a leftover temp file is harmless; the directory is ours
        }
    }
}
