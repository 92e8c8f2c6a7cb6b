package io.daft.config;

import io.daft.Daft;
import io.daft.core.DaftException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigTest {
    @AfterEach
    void reset() {
        Daft.setExecutionConfig(ExecutionConfig.defaults());
        Daft.setPlanningConfig(PlanningConfig.defaults());
    }

    @Test
    void daftDefaults() {
        ExecutionConfig c = ExecutionConfig.defaults();
        assertEquals(96L << 20, c.scanTasksMinSizeBytes());
        assertEquals(384L << 20, c.scanTasksMaxSizeBytes());
        assertEquals(3.0, c.parquetInflationFactor());
        assertEquals(0.5, c.csvInflationFactor());
        assertEquals(10L << 20, c.broadcastJoinSizeBytesThreshold());
        assertEquals(131072, c.defaultMorselSize());
        assertEquals(200, c.shuffleAggregationDefaultPartitions());
        assertEquals(Runtime.getRuntime().availableProcessors(), c.numPartitions());
        assertTrue(PlanningConfig.defaults().enablePushdowns());
        assertTrue(PlanningConfig.defaults().enableIoFusion());
    }

    @Test
    void setByName() {
        ExecutionConfig c = ExecutionConfig.builder().set("num_partitions", "16").set("scan_tasks_min_size_bytes", "64MiB")
                .set("parquet_inflation_factor", "2.5").build();
        assertEquals(16, c.numPartitions());
        assertEquals(64L << 20, c.scanTasksMinSizeBytes());
        assertEquals(2.5, c.parquetInflationFactor());
        assertEquals("16", c.asMap().get("num_partitions"));
        assertFalse(PlanningConfig.builder().set("enable_pushdowns", "false").build().enablePushdowns());
    }

    @Test
    void badValuesNameTheKnob() {
        assertTrue(assertThrows(DaftException.class, () -> ExecutionConfig.builder().set("num_partitions", "zero"))
                .getMessage().contains("num_partitions"));
        assertTrue(assertThrows(DaftException.class, () -> ExecutionConfig.builder().numPartitions(0))
                .getMessage().contains("num_partitions"));
        assertTrue(assertThrows(DaftException.class, () -> ExecutionConfig.builder().set("memory_limit", "lots"))
                .getMessage().contains("memory_limit expects a whole number, got 'lots'"));
        assertTrue(assertThrows(DaftException.class, () -> ExecutionConfig.builder().set("max_temp_directory_size", "-1"))
                .getMessage().contains("max_temp_directory_size must be >= 0"));
        assertEquals(3L << 30, ExecutionConfig.builder().set("memory_limit", "3GB").build().memoryLimit());
        assertEquals(io.daft.memory.MemoryLimits.defaultLimit(), ExecutionConfig.builder().set("memory_limit", "0").build().memoryLimit());
        assertTrue(assertThrows(DaftException.class, () -> ExecutionConfig.builder().set("no_such_knob", "1"))
                .getMessage().contains("no_such_knob"));
        assertTrue(assertThrows(DaftException.class, () -> ExecutionConfig.builder().csvInflationFactor(-1))
                .getMessage().contains("csv_inflation_factor"));
        assertTrue(assertThrows(DaftException.class, () -> PlanningConfig.builder().set("enable_io_fusion", "maybe"))
                .getMessage().contains("enable_io_fusion"));
        assertTrue(assertThrows(DaftException.class,
                () -> ExecutionConfig.builder().scanTasksMinSizeBytes(10).scanTasksMaxSizeBytes(5).build())
                .getMessage().contains("scan_tasks_min_size_bytes"));
    }

    @Test
    void scopedConfigIsPerThreadAndRestored() throws Exception {
        Daft.setExecutionConfig(ExecutionConfig.builder().numPartitions(3).build());
        try (var outer = Daft.executionConfigCtx(c -> c.numPartitions(7))) {
            assertEquals(7, Daft.executionConfig().numPartitions());
            // another thread still sees the global config
            assertEquals(3, CompletableFuture.supplyAsync(() -> Daft.executionConfig().numPartitions()).get());
            try (var inner = Daft.executionConfigCtx(c -> c.defaultMorselSize(1024))) {
                assertEquals(7, Daft.executionConfig().numPartitions());
                assertEquals(1024, Daft.executionConfig().defaultMorselSize());
            }
            assertEquals(131072, Daft.executionConfig().defaultMorselSize());
        }
        assertEquals(3, Daft.executionConfig().numPartitions());
        try (var p = Daft.planningConfigCtx(c -> c.enablePushdowns(false))) {
            assertFalse(Daft.planningConfig().enablePushdowns());
        }
        assertTrue(Daft.planningConfig().enablePushdowns());
    }
}
