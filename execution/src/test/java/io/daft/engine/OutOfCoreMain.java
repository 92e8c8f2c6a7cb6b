package io.daft.engine;

import io.daft.Daft;
import io.daft.dsl.AggExpr;
import io.daft.dsl.AggOp;
import io.daft.memory.Memory;

import java.util.List;

import static io.daft.Daft.col;
import static io.daft.Daft.lit;

/** Child-process entry of {@link OutOfCoreTest}: a filter + aggregate over a glob, then the peak Arrow memory. */
public final class OutOfCoreMain {
    private OutOfCoreMain() {
    }

    public static void main(String[] args) {
        Daft.setRunnerNative(2);
        List<List<Object>> rows = Daft.readParquet(args[0])
                .where(col("revenue").gt(lit(50.0)))
                .groupBy("category")
                .agg(AggExpr.of(AggOp.SUM, col("revenue")).alias("s"), AggExpr.countAll("n"))
                .sort("category")
                .rows();
        for (List<Object> r : rows) {
            System.out.println("ROW\t" + r.get(0) + "\t" + r.get(1) + "\t" + r.get(2));
        }
        System.out.println("PEAK_ARROW_BYTES\t" + Memory.allocator().getPeakMemoryAllocation());
        System.out.println("MAX_HEAP_BYTES\t" + Runtime.getRuntime().maxMemory());
        System.exit(0);
    }
}
