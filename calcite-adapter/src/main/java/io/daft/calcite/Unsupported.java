package io.daft.calcite;

import io.daft.core.DaftException;

/** A SQL construct that cannot run on Daft; the message says which ("not supported: ..."). */
public final class Unsupported extends DaftException {
    private static final long serialVersionUID = 1L;

    public Unsupported(String what) {
        super("not supported: " + what);
    }
}
