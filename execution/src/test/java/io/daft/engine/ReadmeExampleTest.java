package io.daft.engine;

import io.daft.DataFrame;
import io.daft.Daft;
import io.daft.cli.SampleData;
import io.daft.config.ExecutionConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static io.daft.Daft.col;
import static io.daft.Daft.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Java example of README.md, verbatim but for the assertions. */
class ReadmeExampleTest {
    @AfterEach
    void restore() {
        Daft.setExecutionConfig(ExecutionConfig.defaults());
    }

    @Test
    void readmeExample() throws Exception {
        SampleData.ensure(Path.of("data/sample/sales"), 4, 25_000);

        Daft.setRunnerNative();
        Daft.setExecutionConfig(ExecutionConfig.builder().numPartitions(8).build());
        DataFrame df = Daft.readParquet("data/sample/sales/*.parquet");
        DataFrame result = df.where(col("revenue").gt(lit(10.0)))
                .groupBy("category").sum("revenue")
                .sort("category")
                .collect();
        result.show(10);
        try (var ctx = Daft.executionConfigCtx(c -> c.numPartitions(32))) {   // this thread, this block only
            df.repartition(16, col("category")).collect();
            assertEquals(32, Daft.executionConfig().numPartitions());
        }
        assertEquals(8, Daft.executionConfig().numPartitions());
        System.out.println(df.intoPartitions(4).numPartitions());              // 4
        System.out.println(result.explain(true));                              // logical, optimized, physical plans

        assertEquals(4, df.intoPartitions(4).numPartitions());
        assertEquals(SampleData.categories().size() + 1, result.count()); // 50 categories and the null group
        assertTrue(result.explain(true).contains("== Physical Plan =="));
    }
}
