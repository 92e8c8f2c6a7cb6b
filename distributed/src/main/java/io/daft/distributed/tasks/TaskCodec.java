package io.daft.distributed.tasks;

import io.daft.core.DaftException;
import io.daft.distributed.shuffle.ShuffleFetchException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * Stage tasks and their results between the driver and the workers, as Java serialization of our own
 * serializable plan classes: Ray's serializer then moves plain bytes, whatever the classes hold.
 */
public final class TaskCodec {
    private TaskCodec() {
    }

    public static byte[] encode(Serializable value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new DaftException("cannot encode " + value + " for a Ray worker: " + e, e);
        }
        return bytes.toByteArray();
    }

    /**
     * A task's failure, its type kept where the driver acts on it: a lost shuffle input with its key, our own
     * exceptions as they are; anything that does not serialize as its message.
     */
    public static byte[] encodeFailure(Throwable t) {
        Throwable sent = t;
        if (t instanceof ShuffleFetchException f) {
            // the cause (a Flight or Netty exception) need not serialize; the key is what the driver needs
            sent = new ShuffleFetchException(f.endpoint(), f.key(), f.partition(), f.getCause() == null ? "the piece is gone" : f.getCause().toString(), null);
        }
        try {
            return encode(sent);
        } catch (DaftException e) {
            return encode(new DaftException(t.getClass().getSimpleName() + ": " + t.getMessage()));
        }
    }

    public static Object decode(byte[] bytes) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new DaftException("cannot decode a message from a Ray worker or driver: " + e, e);
        }
    }
}
