package io.daft.spill;

import io.daft.core.ArrowTypes;
import io.daft.core.CloseableIterator;
import io.daft.core.DaftException;
import io.daft.core.Schema;
import io.daft.memory.Memory;
import io.daft.recordbatch.BufferedBatchIterator;
import io.daft.recordbatch.RecordBatch;
import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.compression.ZstdCompressionCodec;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.ipc.message.MessageSerializer;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;

import static java.util.Objects.requireNonNull;

/**
 * Batches of one schema written to a local file as a zstd-compressed Arrow IPC stream, so data that does not fit
 * in memory can wait on disk; read back batch by batch, as often as needed. Appends until {@link #finish()}.
 * Made by {@link SpillSpace#newFile}, which counts its bytes against {@code max_temp_directory_size}.
 * Not thread-safe for writing.
 */
public final class SpillFile {
    /** zstd's fastest level: spilling must cost less than the memory it saves. */
    private static final int ZSTD_LEVEL = 1;

    private final Path path;
    private final Schema schema;
    private final SpillSpace space;
    private final java.util.function.LongConsumer onSpill;
    private OutputStream stream;
    private WriteChannel out;
    private long rows;
    private long bytes;
    private long written;
    private boolean deleted;

    SpillFile(SpillSpace space, Path path, Schema schema, java.util.function.LongConsumer onSpill) {
        this.space = requireNonNull(space, "space");
        this.onSpill = requireNonNull(onSpill, "onSpill");
        this.path = requireNonNull(path, "path");
        this.schema = requireNonNull(schema, "schema");
        try {
            this.stream = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
            this.out = new WriteChannel(Channels.newChannel(stream));
            MessageSerializer.serialize(out, ArrowTypes.toArrowSchema(schema));
        } catch (IOException e) {
            throw new DaftException("cannot create spill file " + path + ": " + e.getMessage(), e);
        }
        account();
    }

    public Schema schema() {
        return schema;
    }

    /** Appends a batch (the caller still owns it). */
    public void append(RecordBatch batch) {
        if (stream == null) {
            throw new IllegalStateException("spill file " + path + " already finished");
        }
        if (batch.rowCount() == 0) {
            return;
        }
        try (VectorSchemaRoot root = batch.toArrow();
             ArrowRecordBatch arb = new VectorUnloader(root, true, new ZstdCompressionCodec(ZSTD_LEVEL), true).getRecordBatch()) {
            MessageSerializer.serialize(out, arb);
        } catch (IOException e) {
            throw new DaftException("cannot write spill file " + path + ": " + e.getMessage(), e);
        }
        rows += batch.rowCount();
        bytes += batch.sizeBytes();
        space.countSpilled(batch.sizeBytes());
        onSpill.accept(batch.sizeBytes());
        account();
    }

    private void account() {
        long now = out.getCurrentPosition();
        space.wrote(this, now - written);
        written = now;
    }

    /** Ends the stream; no appends after this. */
    public void finish() {
        if (stream == null) {
            return;
        }
        try {
            ArrowStreamWriter.writeEndOfStream(out, IpcOption.DEFAULT);
            account();
            stream.close();
            stream = null;
        } catch (IOException e) {
            throw new DaftException("cannot write spill file " + path + ": " + e.getMessage(), e);
        }
    }

    public long rows() {
        return rows;
    }

    /** In-memory bytes of what was written. */
    public long bytes() {
        return bytes;
    }

    /** Bytes on disk (compressed). */
    public long fileBytes() {
        return written;
    }

    /** Reads the batches back in order (finishing the file first); each returned batch is the caller's. */
    public CloseableIterator<RecordBatch> read() {
        finish();
        if (deleted) {
            throw new IllegalStateException("spill file " + path + " already deleted");
        }
        ArrowStreamReader reader;
        try {
            reader = new ArrowStreamReader(new BufferedInputStream(Files.newInputStream(path), 1 << 16), Memory.allocator(),
                    CommonsCompressionFactory.INSTANCE);
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

    /** Removes the file; idempotent. */
    public void delete() {
        if (deleted) {
            return;
        }
        deleted = true;
        try {
            if (stream != null) {
                stream.close();
                stream = null;
            }
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // the query's folder is removed when it ends, with whatever is left in it
        }
        space.deleted(this, written);
    }

    @Override
    public String toString() {
        return "SpillFile[" + path + ", " + rows + " rows]";
    }
}
