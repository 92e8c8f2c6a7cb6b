package io.daft.ops.window;

import io.daft.recordbatch.RecordBatch;

import java.util.List;

/** Placeholder until the window kernel lands. */
public final class WindowEvaluator {
    private WindowEvaluator() {
    }

    public static RecordBatch evaluate(RecordBatch batch, int[] partitionColumns, int[] orderColumns,
                                       boolean[] orderDescending, boolean[] orderNullsFirst, List<WindowCall> calls) {
        throw new UnsupportedOperationException("window functions are not implemented yet");
    }
}
