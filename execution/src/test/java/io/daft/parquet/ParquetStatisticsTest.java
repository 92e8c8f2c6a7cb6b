package io.daft.parquet;

import io.daft.io.InputFiles;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which statistics of corpus files we trust, and their Java values. */
class ParquetStatisticsTest {
    private static RowGroupInfo firstGroup(String name) {
        ParquetFileMetadata meta = ParquetReader.readMetadata(InputFiles.open(ParquetTestSupport.corpusDir().resolve(name).toString()));
        return meta.rowGroups().get(0);
    }

    @Test
    void nanBoundsAreDropped() {
        ColumnStats s = firstGroup("nan_in_stats.parquet").stats(0).orElseThrow();
        assertTrue(s.min().isEmpty() && s.max().isEmpty(), "NaN min/max must not be used");
        assertEquals(0L, s.nullCount().getAsLong());
    }

    @Test
    void zeroBoundsCoverBothZeros() {
        RowGroupInfo g = firstGroup("alltypes_tiny_pages.parquet");
        // written as min 0.0; -0.0 is also possible data, so the lower bound becomes -0.0
        assertEquals(-0.0, (Double) g.stats(7).orElseThrow().min().orElseThrow());
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits((Double) g.stats(7).orElseThrow().min().orElseThrow()));
    }

    @Test
    void typedValues() {
        RowGroupInfo g = firstGroup("alltypes_tiny_pages.parquet");
        assertEquals(0L, g.stats(0).orElseThrow().min().orElseThrow());
        assertEquals(7299L, g.stats(0).orElseThrow().max().orElseThrow());
        assertEquals(Boolean.FALSE, g.stats(1).orElseThrow().min().orElseThrow());
        assertEquals("01/01/09", g.stats(8).orElseThrow().min().orElseThrow());
        assertEquals(Optional.empty(), g.stats(10).orElseThrow().min(), "INT96 has no defined order");
        ColumnStats dec = firstGroup("int32_decimal.parquet").stats(0).orElseThrow();
        assertEquals(new BigDecimal("1.00"), dec.min().orElseThrow());
        assertEquals(new BigDecimal("24.00"), dec.max().orElseThrow());
        ColumnStats uint64 = firstGroup("concatenated_gzip_members.parquet").stats(0).orElseThrow();
        assertEquals(BigDecimal.ONE, uint64.min().orElseThrow());
        ColumnStats half = firstGroup("float16_nonzeros_and_nans.parquet").stats(0).orElseThrow();
        assertEquals(-2.0, half.min().orElseThrow());
        assertEquals(2.0, half.max().orElseThrow());
    }

    @Test
    void truncatedBinaryBoundsStayBounds() {
        RowGroupInfo g = firstGroup("binary_truncated_min_max.parquet");
        assertArrayEquals(new byte[] {'A', 'l'}, (byte[]) g.stats(1).orElseThrow().min().orElseThrow());
        assertEquals("Al", g.stats(0).orElseThrow().min().orElseThrow());
    }

    @Test
    void legacyBinaryDecimalStatsAreIgnored() {
        // only the deprecated min/max (signed byte order) are written: not trustworthy for binaries
        ColumnStats s = firstGroup("fixed_length_decimal.parquet").stats(0).orElseThrow();
        assertTrue(s.min().isEmpty() && s.max().isEmpty());
    }
}
