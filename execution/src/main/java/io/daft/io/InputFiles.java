package io.daft.io;

import io.daft.core.DaftException;

import java.nio.file.Path;

/** Opens an {@link InputFile} for a path or URI. */
public final class InputFiles {
    private InputFiles() {
    }

    public static InputFile open(String path) {
        if (path.startsWith("s3://")) {
            throw new DaftException("s3:// paths are not supported yet: " + path);
        }
        String local = path.startsWith("file://") ? path.substring("file://".length()) : path;
        return new LocalInputFile(Path.of(local));
    }
}
