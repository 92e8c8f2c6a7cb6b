package io.daft.distributed.shuffle;

import io.daft.core.ArrowTypes;
import io.daft.core.CloseableIterator;
import io.daft.core.DaftException;
import io.daft.core.Schema;
import io.daft.execution.MapOutput;
import io.daft.micropartition.MicroPartition;
import io.daft.recordbatch.RecordBatch;
import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.compression.ZstdCompressionCodec;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.ipc.message.MessageSerializer;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One map task's output on disk, as Daft's oneshot shuffle writer lays it out: a single file holding, for each
 * non-empty output partition in turn, a self-contained Arrow IPC stream (schema, zstd-compressed batches, end
 * marker), and the byte range of each partition's stream. One file per map task rather than one per piece keeps the
 * file count at O(map tasks) however many partitions there are (200 x 200 pieces would be 40,000 files); a reader
 * opens the file and reads only its partition's range.
 * <p>
 * Small batches (a hash split of a batch over many partitions gives many) are coalesced up to
 * {@link #TARGET_BATCH_BYTES} before writing, so readers and the network see few, reasonably sized batches.
 */
final class ShuffleFile {
    /** zstd's fastest level, as spill files use: writing must not cost more than the disk it saves. */
    private static final int ZSTD_LEVEL = 1;
    /** Batches are coalesced up to this many in-memory bytes ... */
    static final long TARGET_BATCH_BYTES = 4 << 20;
    /** ... or this many rows, whichever comes first. */
    static final int TARGET_BATCH_ROWS = 128 * 1024;

    private final Path path;
    private final Schema schema;
    private final long[] offsets;
    private final long[] lengths;
    private final long[] rows;
    private final long[] bytes;

    private ShuffleFile(Path path, Schema schema, long[] offsets, long[] lengths, long[] rows, long[] bytes) {
        this.path = path;
        this.schema = schema;
        this.offsets = offsets;
        this.lengths = lengths;
        this.rows = rows;
        this.bytes = bytes;
    }

    /**
     * Writes every piece of {@code output} to a new file at {@code path}, streaming each piece batch by batch (from
     * memory or its spill file), so no more than one coalesced batch is held at a time. Does not close the output.
     * On failure the file is removed.
     */
    static ShuffleFile write(Path path, MapOutput output) {
        requireNonNull(path, "path");
        int n = output.numPartitions();
        if (n == 0) {
            throw new IllegalArgumentException("map output without partitions");
        }
        Schema schema = output.piece(0).schema();
        long[] offsets = new long[n];
        long[] lengths = new long[n];
        long[] rows = new long[n];
        long[] bytes = new long[n];
        try (OutputStream stream = new BufferedOutputStream(Files.newOutputStream(path, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), 1 << 16)) {
            WriteChannel out = new WriteChannel(Channels.newChannel(stream));
            org.apache.arrow.vector.types.pojo.Schema arrowSchema = ArrowTypes.toArrowSchema(schema);
            for (int p = 0; p < n; p++) {
                MicroPartition piece = output.piece(p);
                if (piece.rowCount() == 0) {
                    continue;
                }
                offsets[p] = out.getCurrentPosition();
                MessageSerializer.serialize(out, arrowSchema);
                try (CloseableIterator<RecordBatch> batches = piece.stream()) {
                    writeCoalesced(out, schema, batches, p, rows, bytes);
                }
                ArrowStreamWriter.writeEndOfStream(out, IpcOption.DEFAULT);
                lengths[p] = out.getCurrentPosition() - offsets[p];
            }
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // the store's folder is removed with the query
            }
            if (e instanceof IOException) {
                throw new DaftException("cannot write shuffle file " + path + ": " + e.getMessage(), e);
            }
            throw (RuntimeException) e;
        }
        return new ShuffleFile(path, schema, offsets, lengths, rows, bytes);
    }

    private static void writeCoalesced(WriteChannel out, Schema schema, CloseableIterator<RecordBatch> batches, int p,
                                       long[] rows, long[] bytes) throws IOException {
        List<RecordBatch> pending = new ArrayList<>();
        long pendingBytes = 0;
        long pendingRows = 0;
        try {
            while (batches.hasNext()) {
                RecordBatch b = batches.next();
                if (b.rowCount() == 0) {
                    b.close();
                    continue;
                }
                pending.add(b);
                pendingBytes += b.sizeBytes();
                pendingRows += b.rowCount();
                if (pendingBytes >= TARGET_BATCH_BYTES || pendingRows >= TARGET_BATCH_ROWS) {
                    flush(out, schema, pending, p, rows, bytes);
                    pendingBytes = 0;
                    pendingRows = 0;
                }
            }
            flush(out, schema, pending, p, rows, bytes);
        } finally {
            pending.forEach(RecordBatch::close);
        }
    }

    /** Writes the pending batches as one and closes them. */
    private static void flush(WriteChannel out, Schema schema, List<RecordBatch> pending, int p, long[] rows, long[] bytes)
            throws IOException {
        if (pending.isEmpty()) {
            return;
        }
        try (RecordBatch batch = RecordBatch.concat(schema, pending)) {
            pending.forEach(RecordBatch::close);
            pending.clear();
            try (VectorSchemaRoot root = batch.toArrow();
                 ArrowRecordBatch arb = new VectorUnloader(root, true, new ZstdCompressionCodec(ZSTD_LEVEL), true).getRecordBatch()) {
                MessageSerializer.serialize(out, arb);
            }
            rows[p] += batch.rowCount();
            bytes[p] += batch.sizeBytes();
        }
    }

    Path path() {
        return path;
    }

    Schema schema() {
        return schema;
    }

    int numPartitions() {
        return offsets.length;
    }

    long rows(int partition) {
        return rows[partition];
    }

    long bytes(int partition) {
        return bytes[partition];
    }

    long[] rows() {
        return rows.clone();
    }

    long[] bytes() {
        return bytes.clone();
    }

    /**
     * A reader of partition {@code partition}'s stream (which must be non-empty), its batches allocated from
     * {@code allocator}; the caller closes it.
     */
    ArrowStreamReader open(int partition, BufferAllocator allocator) {
        if (lengths[partition] == 0) {
            throw new IllegalArgumentException("partition " + partition + " of " + path + " is empty");
        }
        try {
            // straight from the file into Arrow's buffers: no stream buffering, no copies through byte arrays
            return new ArrowStreamReader(new Range(FileChannel.open(path, StandardOpenOption.READ), offsets[partition],
                    lengths[partition]), allocator, CommonsCompressionFactory.INSTANCE);
        } catch (IOException e) {
            throw new DaftException("cannot read shuffle file " + path + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the file; readers that have it open keep reading. */
    void delete() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // the store's folder is removed with the query, and with the store
        }
    }

    /** A byte range of a file: a partition's reader never strays into the next partition's range. */
    private static final class Range implements ReadableByteChannel {
        private final FileChannel file;
        private long position;
        private final long end;

        Range(FileChannel file, long offset, long length) {
            this.file = file;
            this.position = offset;
            this.end = offset + length;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            long left = end - position;
            if (left <= 0) {
                return -1;
            }
            int n;
            if (dst.remaining() > left) {
                ByteBuffer part = dst.slice();
                part.limit((int) left);
                n = file.read(part, position);
                if (n > 0) {
                    dst.position(dst.position() + n);
                }
            } else {
                n = file.read(dst, position);
            }
            if (n > 0) {
                position += n;
            }
            return n;
        }

        @Override
        public boolean isOpen() {
            return file.isOpen();
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }
}
