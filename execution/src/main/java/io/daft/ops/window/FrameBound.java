package io.daft.ops.window;

import java.io.Serializable;

import static java.util.Objects.requireNonNull;

/**
 * One end of a window frame. {@code offset} counts rows (ROWS frames) or, for RANGE frames, is a distance in
 * {@code unit}: the order key's own units (a number for numeric keys, days for date keys), or an interval's
 * milliseconds or calendar months (date and timestamp keys).
 */
public record FrameBound(Kind kind, double offset, Unit unit) implements Serializable {
    public enum Kind { UNBOUNDED_PRECEDING, PRECEDING, CURRENT_ROW, FOLLOWING, UNBOUNDED_FOLLOWING }

    /** What a RANGE offset measures. */
    public enum Unit {
        /** The order key's own units. */
        KEY,
        /** Elapsed milliseconds (a day-time interval), for date and timestamp keys. */
        MILLISECONDS,
        /** Calendar months (a year-month interval), for date and timestamp keys; a day past a month's end clamps. */
        MONTHS
    }

    public FrameBound {
        requireNonNull(kind, "kind");
        requireNonNull(unit, "unit");
    }

    public static final FrameBound UNBOUNDED_PRECEDING = new FrameBound(Kind.UNBOUNDED_PRECEDING, 0, Unit.KEY);
    public static final FrameBound CURRENT_ROW = new FrameBound(Kind.CURRENT_ROW, 0, Unit.KEY);
    public static final FrameBound UNBOUNDED_FOLLOWING = new FrameBound(Kind.UNBOUNDED_FOLLOWING, 0, Unit.KEY);

    public static FrameBound preceding(double n) {
        return new FrameBound(Kind.PRECEDING, n, Unit.KEY);
    }

    public static FrameBound following(double n) {
        return new FrameBound(Kind.FOLLOWING, n, Unit.KEY);
    }

    public static FrameBound preceding(double n, Unit unit) {
        return new FrameBound(Kind.PRECEDING, n, unit);
    }

    public static FrameBound following(double n, Unit unit) {
        return new FrameBound(Kind.FOLLOWING, n, unit);
    }

    @Override
    public String toString() {
        String amount = unit == Unit.KEY ? String.valueOf(offset)
                : "INTERVAL " + (long) offset + (unit == Unit.MONTHS ? " MONTH" : " MILLISECOND");
        switch (kind) {
            case PRECEDING: return amount + " PRECEDING";
            case FOLLOWING: return amount + " FOLLOWING";
            default: return kind.name().replace('_', ' ');
        }
    }
}
