package io.daft.memory;

import io.daft.core.DaftException;

/**
 * A query needed more memory than its {@code memory_limit} allows and spilling could not help (one group, row or
 * build partition larger than the limit, or an operator that cannot spill). The query fails; the process and
 * other queries go on.
 */
public final class MemoryLimitExceededException extends DaftException {
    private static final long serialVersionUID = 1L;

    public MemoryLimitExceededException(String message) {
        super("memory limit exceeded: " + message);
    }

    public MemoryLimitExceededException(String message, Throwable cause) {
        super("memory limit exceeded: " + message, cause);
    }
}
