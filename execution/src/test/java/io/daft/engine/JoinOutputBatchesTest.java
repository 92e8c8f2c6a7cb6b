package io.daft.engine;

import io.daft.Daft;
import io.daft.DataFrame;
import io.daft.core.CloseableIterator;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.ops.join.JoinType;
import io.daft.recordbatch.RecordBatch;
import io.daft.testing.FormatTestBatches;
import io.daft.testing.LeakCheck;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A join on a key every row shares (as TPC-H q05's supplier-customer join on a nation) makes millions of rows from a
 * few thousand: they come out in bounded batches, not one batch (and index arrays) as large as the whole product.
 */
class JoinOutputBatchesTest {
    @Test
    void aJoinOnARepeatedKeyStreamsBoundedBatches() {
        long baseline = LeakCheck.settledBaseline();
        DataFrame left = Daft.fromBatches(schema("k", "a"), List.of(batch(3000, 0)));
        DataFrame right = Daft.fromBatches(schema("k", "b"), List.of(batch(2000, 1_000_000)));
        long rows = 0;
        long sum = 0;
        int batches = 0;
        try (CloseableIterator<RecordBatch> it = left.join(right, JoinType.INNER, "k").stream()) {
            while (it.hasNext()) {
                try (RecordBatch b = it.next()) {
                    assertTrue(b.rowCount() <= 1 << 17, "an output batch of " + b.rowCount() + " rows");
                    rows += b.rowCount();
                    batches++;
                    org.apache.arrow.vector.BigIntVector a = (org.apache.arrow.vector.BigIntVector) b.column("a");
                    for (int r = 0; r < b.rowCount(); r++) {
                        sum += a.get(r);
                    }
                }
            }
        }
        assertEquals(3000L * 2000, rows);
        assertEquals(2000L * (2999L * 3000 / 2), sum, "every left row meets every right row once");
        assertTrue(batches >= 3000L * 2000 / (1 << 17), batches + " batches");
        LeakCheck.assertReturnsTo(baseline);
    }

    private static Schema schema(String key, String value) {
        return new Schema(List.of(Field.of(key, DataType.INT64), Field.of(value, DataType.INT64)));
    }

    /** {@code rows} rows of key 7 and values from {@code first} on. */
    private static RecordBatch batch(int rows, long first) {
        Object[] keys = new Object[rows];
        Object[] values = new Object[rows];
        for (int i = 0; i < rows; i++) {
            keys[i] = 7L;
            values[i] = first + i;
        }
        return FormatTestBatches.build(schema("k", first == 0 ? "a" : "b"), List.of(keys, values), rows);
    }
}
