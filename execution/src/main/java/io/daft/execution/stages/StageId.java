package io.daft.execution.stages;

import java.io.Serializable;

/**
 * A stage's id within its {@link StagePlan}: stages are numbered children first, in a fixed walk of the physical
 * plan, so planning the same plan twice gives the same ids (a retried task names the same stage).
 */
public final class StageId implements Serializable, Comparable<StageId> {
    private static final long serialVersionUID = 1L;

    private final int value;

    public StageId(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative stage id " + value);
        }
        this.value = value;
    }

    public int value() {
        return value;
    }

    @Override
    public int compareTo(StageId o) {
        return Integer.compare(value, o.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StageId && ((StageId) o).value == value;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(value);
    }

    @Override
    public String toString() {
        return "stage " + value;
    }
}
