package io.daft.sqltests.fuzz;

import static java.util.Objects.requireNonNull;

/**
 * How one query fared on our engine under one setting, next to DuckDB.
 *
 * @param detail    the difference or the error message (empty for a match)
 * @param signature what a reduced query must keep to count as the same failure (kind, and the exception class)
 */
record Outcome(Kind kind, String detail, String signature) {
    enum Kind {
        /** Same answer. */
        MATCH(false),
        /** Both failed: fine (the generator wrote SQL neither accepts, or a run-time error both raise). */
        BOTH_ERROR(false),
        /** Ours said "not supported": counted and summarised, so we see what SQL we lack. */
        UNSUPPORTED(false),
        /** Different answers. */
        MISMATCH(true),
        /** Ours threw an internal error (NullPointerException, ClassCastException, ...), whatever DuckDB did. */
        INTERNAL_ERROR(true),
        /** Ours failed with an ordinary error where DuckDB answered. */
        OURS_ONLY_ERROR(true),
        /** DuckDB failed where ours answered: counted, not a failure (mostly DuckDB's DECIMAL(18)/INT32 overflow checks). */
        DUCKDB_ONLY_ERROR(false),
        /** Ours did not answer within the time limit. */
        TIMEOUT(true);

        private final boolean failure;

        Kind(boolean failure) {
            this.failure = failure;
        }

        boolean failure() {
            return failure;
        }
    }

    Outcome {
        requireNonNull(kind, "kind");
        requireNonNull(detail, "detail");
        requireNonNull(signature, "signature");
    }

    static Outcome of(Kind kind, String detail) {
        return new Outcome(kind, detail, kind.name());
    }
}
