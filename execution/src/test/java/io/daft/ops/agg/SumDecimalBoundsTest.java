package io.daft.ops.agg;

import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.dsl.AggOp;
import io.daft.memory.Memory;
import io.daft.ops.TestData;
import io.daft.recordbatch.RecordBatch;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SUM of decimals at the edges of 38 digits, on both signs (the per-row range check's fast and exact paths). */
class SumDecimalBoundsTest {
    private static final DataType T = DataType.decimal(38, 0);
    private static final BigDecimal MAX = new BigDecimal("99999999999999999999999999999999999999");

    private static Object sum(BigDecimal... values) {
        Schema s = Schema.of(Field.of("x", T));
        long before = Memory.allocatedBytes();
        try (HashAggregator agg = new HashAggregator(s, new int[0], List.of(new AggSpec(AggOp.SUM, 0, "s", T)), AggMode.SINGLE);
             RecordBatch b = TestData.batch(s, List.<Object[]>of(values), 0, values.length)) {
            agg.add(b);
            try (RecordBatch out = agg.finish()) {
                return TestData.rows(out).get(0).get(0);
            }
        } finally {
            assertEquals(before, Memory.allocatedBytes(), "leak");
        }
    }

    @Test
    void reachesBothBoundsExactly() {
        assertEquals(MAX, sum(MAX.subtract(BigDecimal.ONE), BigDecimal.ONE));
        assertEquals(MAX.negate(), sum(MAX.negate().add(BigDecimal.ONE), BigDecimal.ONE.negate()));
        // just below the bound, with the bound's high 64-bit word: the exact comparison decides
        BigDecimal near = MAX.subtract(new BigDecimal("12345678901234567890"));
        assertEquals(near, sum(near.subtract(BigDecimal.TEN), BigDecimal.TEN));
        assertEquals(near.negate(), sum(near.negate().add(BigDecimal.TEN), BigDecimal.TEN.negate()));
        // long-sized values, the usual case
        assertEquals(new BigDecimal("-27670116110564327423"), sum(new BigDecimal(Long.MIN_VALUE), new BigDecimal(Long.MIN_VALUE),
                new BigDecimal(Long.MIN_VALUE), BigDecimal.ONE));
    }

    @Test
    void oneBeyondEitherBoundFails() {
        DaftException up = assertThrows(DaftException.class, () -> sum(MAX, BigDecimal.ONE));
        assertTrue(up.getMessage().contains("'s' overflows"), up.getMessage());
        DaftException down = assertThrows(DaftException.class, () -> sum(MAX.negate(), BigDecimal.ONE.negate()));
        assertTrue(down.getMessage().contains("'s' overflows"), down.getMessage());
    }
}
