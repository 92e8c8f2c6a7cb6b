package io.daft.core;

/** An error the user can act on: bad input, a bad plan, an unsupported operation. The message says where. */
public class DaftException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DaftException(String message) {
        super(message);
    }

    public DaftException(String message, Throwable cause) {
        super(message, cause);
    }
}
