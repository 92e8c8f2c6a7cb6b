package io.daft.core;

/** Resolution of a timestamp. */
public enum TimeUnit {
    SECONDS(1L),
    MILLISECONDS(1_000L),
    MICROSECONDS(1_000_000L),
    NANOSECONDS(1_000_000_000L);

    private final long perSecond;

    TimeUnit(long perSecond) {
        this.perSecond = perSecond;
    }

    /** How many ticks of this unit make one second. */
    public long perSecond() {
        return perSecond;
    }
}
