package io.daft.physical;

import java.io.Serializable;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** How an {@link Exchange} lays rows out over its output partitions. */
public final class Partitioning implements Serializable {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** By hash of key columns: equal keys meet in one partition. */
        HASH,
        /** Rows spread evenly at random. */
        RANDOM,
        /** By ranges of sort keys (boundaries sampled at run time): partition i holds keys before partition i+1's. */
        RANGE,
        /** Split or coalesce neighbouring partitions to exactly n, keeping row order (into_partitions, gathers). */
        ORDERED
    }

    private final Kind kind;
    private final int numPartitions;
    private final List<String> keys;
    private final boolean[] descending;
    private final boolean[] nullsFirst;

    private Partitioning(Kind kind, int numPartitions, List<String> keys, boolean[] descending, boolean[] nullsFirst) {
        this.kind = requireNonNull(kind, "kind");
        if (numPartitions < 1) {
            throw new IllegalArgumentException("need at least one partition, got " + numPartitions);
        }
        this.numPartitions = numPartitions;
        this.keys = List.copyOf(keys);
        this.descending = descending.clone();
        this.nullsFirst = nullsFirst.clone();
    }

    public static Partitioning hash(List<String> keys, int n) {
        return new Partitioning(Kind.HASH, n, keys, new boolean[0], new boolean[0]);
    }

    public static Partitioning random(int n) {
        return new Partitioning(Kind.RANDOM, n, List.of(), new boolean[0], new boolean[0]);
    }

    public static Partitioning range(List<String> keys, boolean[] descending, boolean[] nullsFirst, int n) {
        return new Partitioning(Kind.RANGE, n, keys, descending, nullsFirst);
    }

    public static Partitioning ordered(int n) {
        return new Partitioning(Kind.ORDERED, n, List.of(), new boolean[0], new boolean[0]);
    }

    public Kind kind() {
        return kind;
    }

    public int numPartitions() {
        return numPartitions;
    }

    public List<String> keys() {
        return keys;
    }

    public boolean[] descending() {
        return descending.clone();
    }

    public boolean[] nullsFirst() {
        return nullsFirst.clone();
    }

    @Override
    public String toString() {
        switch (kind) {
            case HASH: return "hash" + keys + " into " + numPartitions;
            case RANDOM: return "random into " + numPartitions;
            case RANGE: return "range" + keys + " into " + numPartitions;
            default: return "ordered into " + numPartitions;
        }
    }
}
