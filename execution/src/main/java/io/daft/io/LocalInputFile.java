package io.daft.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static java.util.Objects.requireNonNull;

/** A file on the local file system, read with positional reads (safe to share between threads). */
public final class LocalInputFile implements InputFile {
    private final Path path;

    public LocalInputFile(Path path) {
        this.path = requireNonNull(path, "path");
    }

    @Override
    public String path() {
        return path.toString();
    }

    @Override
    public long length() throws IOException {
        return java.nio.file.Files.size(path);
    }

    @Override
    public ByteBuffer read(long position, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            while (buf.hasRemaining()) {
                int n = ch.read(buf, position + buf.position());
                if (n < 0) {
                    throw new EOFException(path + ": wanted " + length + " bytes at offset " + position
                            + " but the file ends at " + ch.size());
                }
            }
        }
        buf.flip();
        return buf;
    }
}
