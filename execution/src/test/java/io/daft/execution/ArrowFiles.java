package io.daft.execution;

import io.daft.core.ArrowTypes;
import io.daft.core.CloseableIterator;
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

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;

/** Partitions as Arrow IPC stream files, how the stage tests hand data to a child JVM and back. */
final class ArrowFiles {
    private ArrowFiles() {
    }

    /** Writes every batch of {@code batches} (closing them and the iterator) to {@code path}. */
    static void write(Path path, Schema schema, CloseableIterator<RecordBatch> batches) throws IOException {
        try (batches; OutputStream stream = new BufferedOutputStream(Files.newOutputStream(path))) {
            WriteChannel out = new WriteChannel(Channels.newChannel(stream));
            MessageSerializer.serialize(out, ArrowTypes.toArrowSchema(schema));
            while (batches.hasNext()) {
                try (RecordBatch b = batches.next(); VectorSchemaRoot root = b.toArrow();
                     ArrowRecordBatch arb = new VectorUnloader(root).getRecordBatch()) {
                    MessageSerializer.serialize(out, arb);
                }
            }
            ArrowStreamWriter.writeEndOfStream(out, IpcOption.DEFAULT);
        }
    }

    /** The batches of a file {@link #write} made, read one at a time. */
    static CloseableIterator<RecordBatch> read(Path path, Schema schema) {
        ArrowStreamReader reader;
        try {
            reader = new ArrowStreamReader(new BufferedInputStream(Files.newInputStream(path)), Memory.allocator());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BufferedBatchIterator() {
            @Override
            protected RecordBatch computeNext() {
                try {
                    if (!reader.loadNextBatch()) {
                        return null;
                    }
                    try (RecordBatch shared = RecordBatch.fromArrow(reader.getVectorSchemaRoot())) {
                        return shared.withSchema(schema);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            protected void closeSources() {
                try {
                    reader.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }
}
