package io.daft.ops.window;

import java.io.Serializable;

import static java.util.Objects.requireNonNull;

/**
 * {@code ROWS|RANGE BETWEEN start AND end}. RANGE frames compare order-key values (peers of the current row are
 * included by CURRENT ROW); ROWS frames count physical rows.
 */
public record WindowFrame(boolean rows, FrameBound start, FrameBound end) implements Serializable {
    public WindowFrame {
        requireNonNull(start, "start");
        requireNonNull(end, "end");
    }

    /** SQL's default with ORDER BY: RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW. */
    public static final WindowFrame DEFAULT_ORDERED = new WindowFrame(false, FrameBound.UNBOUNDED_PRECEDING, FrameBound.CURRENT_ROW);
    /** SQL's default without ORDER BY: the whole partition. */
    public static final WindowFrame WHOLE_PARTITION = new WindowFrame(true, FrameBound.UNBOUNDED_PRECEDING, FrameBound.UNBOUNDED_FOLLOWING);

    @Override
    public String toString() {
        return (rows ? "ROWS" : "RANGE") + " BETWEEN " + start + " AND " + end;
    }
}
