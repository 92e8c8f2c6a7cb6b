package io.daft.parquet;

import java.util.Optional;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * Trustworthy statistics of one column chunk, in our physical Java values: Long for integers, dates (days) and
 * timestamps (ticks of the column's unit), Double for both float types, BigDecimal (at the column's scale) for
 * decimals, Boolean, String for UTF8 and byte[] for binary. Min/max are absent when the file has none or when
 * the Parquet rules say they cannot be trusted (old-format binary stats, NaN bounds, INT96); bounds may be
 * truncated (min is still a lower bound and max an upper bound).
 */
public record ColumnStats(Optional<Object> min, Optional<Object> max, OptionalLong nullCount) {
    public ColumnStats {
        requireNonNull(min, "min");
        requireNonNull(max, "max");
        requireNonNull(nullCount, "nullCount");
    }
}
