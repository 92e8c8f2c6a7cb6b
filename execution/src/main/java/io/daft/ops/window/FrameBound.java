package io.daft.ops.window;

import java.io.Serializable;

/**
 * One end of a window frame. {@code offset} counts rows (ROWS frames) or is a distance in the order key's
 * units (RANGE frames: a number for numeric keys, days for date keys).
 */
public record FrameBound(Kind kind, double offset) implements Serializable {
    public enum Kind { UNBOUNDED_PRECEDING, PRECEDING, CURRENT_ROW, FOLLOWING, UNBOUNDED_FOLLOWING }

    public static final FrameBound UNBOUNDED_PRECEDING = new FrameBound(Kind.UNBOUNDED_PRECEDING, 0);
    public static final FrameBound CURRENT_ROW = new FrameBound(Kind.CURRENT_ROW, 0);
    public static final FrameBound UNBOUNDED_FOLLOWING = new FrameBound(Kind.UNBOUNDED_FOLLOWING, 0);

    public static FrameBound preceding(double n) {
        return new FrameBound(Kind.PRECEDING, n);
    }

    public static FrameBound following(double n) {
        return new FrameBound(Kind.FOLLOWING, n);
    }

    @Override
    public String toString() {
        switch (kind) {
            case PRECEDING: return offset + " PRECEDING";
            case FOLLOWING: return offset + " FOLLOWING";
            default: return kind.name().replace('_', ' ');
        }
    }
}
