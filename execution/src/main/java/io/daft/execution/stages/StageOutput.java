package io.daft.execution.stages;

import io.daft.physical.Partitioning;

import java.io.Serializable;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** What a stage's tasks produce: an exchange's map side, a broadcast join's build input, or the query's result. */
public final class StageOutput implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The kinds of stage output. */
    public enum Kind {
        /** Each task splits its rows over the partitions of an exchange (map side); readers stream one partition. */
        EXCHANGE,
        /** Each task's rows are kept whole; the consuming join builds one hash table from all of them. */
        BROADCAST,
        /** The query's result, streamed to the caller partition by partition. */
        RESULT
    }

    private final Kind kind;
    private final Partitioning partitioning;   // null unless EXCHANGE (Optional is not serializable)

    private StageOutput(Kind kind, Partitioning partitioning) {
        this.kind = requireNonNull(kind, "kind");
        this.partitioning = partitioning;
    }

    public static StageOutput exchange(Partitioning partitioning) {
        return new StageOutput(Kind.EXCHANGE, requireNonNull(partitioning, "partitioning"));
    }

    public static StageOutput broadcast() {
        return new StageOutput(Kind.BROADCAST, null);
    }

    public static StageOutput result() {
        return new StageOutput(Kind.RESULT, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The exchange's partitioning (present for {@link Kind#EXCHANGE}). */
    public Optional<Partitioning> partitioning() {
        return Optional.ofNullable(partitioning);
    }

    @Override
    public String toString() {
        return kind == Kind.EXCHANGE ? "exchange " + partitioning : kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
