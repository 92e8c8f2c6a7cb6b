package io.daft.distributed.shuffle;

import io.daft.execution.stages.StageId;
import org.apache.arrow.flight.Ticket;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import static java.util.Objects.requireNonNull;

/** A Flight ticket naming one piece: the store that holds it, the map output and the partition. */
record ShuffleTicket(String storeId, ShuffleKey key, int partition) {
    private static final int VERSION = 1;

    ShuffleTicket {
        requireNonNull(storeId, "storeId");
        requireNonNull(key, "key");
    }

    Ticket toTicket() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(96);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(storeId);
            out.writeUTF(key.queryId());
            out.writeInt(key.stage().value());
            out.writeInt(key.mapTask());
            out.writeInt(partition);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Ticket(bytes.toByteArray());
    }

    /** @throws IllegalArgumentException if the bytes are not a shuffle ticket */
    static ShuffleTicket parse(Ticket ticket) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(ticket.getBytes()))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("shuffle ticket of version " + version + ", expected " + VERSION);
            }
            String storeId = in.readUTF();
            ShuffleKey key = new ShuffleKey(in.readUTF(), new StageId(in.readInt()), in.readInt());
            int partition = in.readInt();
            if (in.available() > 0) {
                throw new IllegalArgumentException("trailing bytes in shuffle ticket");
            }
            return new ShuffleTicket(storeId, key, partition);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a shuffle ticket: " + e.getMessage(), e);
        }
    }
}
