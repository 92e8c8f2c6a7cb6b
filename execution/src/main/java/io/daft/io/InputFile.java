package io.daft.io;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A file read by position, wherever it lives (local disk now, object storage later). Readers ask for byte
 * ranges rather than streams so column chunks can be fetched independently.
 */
public interface InputFile {
    /** The path or URI as the user gave it; used in every error message about this file. */
    String path();

    long length() throws IOException;

    /** Exactly {@code length} bytes starting at {@code position}; an error naming the file if there are fewer. */
    ByteBuffer read(long position, int length) throws IOException;
}
