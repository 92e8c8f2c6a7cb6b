package io.daft.spill;

import io.daft.core.CloseableIterator;
import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.recordbatch.RecordBatch;
import io.daft.testing.FormatTestBatches;
import io.daft.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpillSpaceTest {
    @TempDir
    Path base;

    @Test
    void spilledBatchesComeBackCompressedAndTheQueryFolderGoes() throws Exception {
        long baseline = LeakCheck.settledBaseline();
        SpillSpace space = new SpillSpace(base, 0);
        try (RecordBatch batch = batch(50_000)) {
            SpillFile file = space.newFile(batch.schema(), "Sort run");
            file.append(batch);
            try (RecordBatch some = batch.slice(10, 100)) {
                file.append(some);
            }
            assertTrue(Files.isDirectory(space.folder()));
            assertEquals(50_100, file.rows());
            assertTrue(file.fileBytes() > 0 && file.fileBytes() < file.bytes(), "zstd shrinks the data: " + file.fileBytes() + " of " + file.bytes());
            for (int pass = 0; pass < 2; pass++) {
                List<Integer> counts = new ArrayList<>();
                try (CloseableIterator<RecordBatch> it = file.read()) {
                    RecordBatch first = it.next();
                    try (first) {
                        assertEquals(rows(batch), rows(first));
                    }
                    while (it.hasNext()) {
                        try (RecordBatch b = it.next()) {
                            counts.add(b.rowCount());
                        }
                    }
                }
                assertEquals(List.of(100), counts, "read back in order, as often as needed");
            }
            assertTrue(space.bytesSpilled() >= batch.sizeBytes());
        }
        space.close();
        assertFalse(Files.exists(space.folder()));
        assertEquals(0, TempDirectory.under(base).bytesOnDisk());
        LeakCheck.assertReturnsTo(baseline);
    }

    private static List<List<Object>> rows(RecordBatch b) {
        List<List<Object>> out = new ArrayList<>();
        for (int r = 0; r < b.rowCount(); r++) {
            List<Object> row = new ArrayList<>();
            for (int c = 0; c < b.numColumns(); c++) {
                row.add(io.daft.recordbatch.Values.get(b.column(c), r));
            }
            out.add(row);
        }
        return out;
    }

    /** Longs, repetitive strings and nullable doubles: compressible, as most spilled data is. */
    private static RecordBatch batch(int rows) {
        Object[] ids = new Object[rows];
        Object[] names = new Object[rows];
        Object[] prices = new Object[rows];
        for (int i = 0; i < rows; i++) {
            ids[i] = (long) i;
            names[i] = "customer#" + (i % 1000);
            prices[i] = i % 7 == 0 ? null : i * 0.25;
        }
        Schema schema = new Schema(List.of(Field.of("id", DataType.INT64), Field.of("name", DataType.UTF8),
                Field.of("price", DataType.FLOAT64)));
        return FormatTestBatches.build(schema, List.of(ids, names, prices), rows);
    }

    @Test
    void aSpillBeyondMaxTempDirectorySizeFailsNamingTheKnob() {
        try (SpillSpace space = new SpillSpace(base, 4096); RecordBatch batch = batch(50_000)) {
            SpillFile file = space.newFile(batch.schema(), "HashJoin partition");
            DaftException e = assertThrows(DaftException.class, () -> file.append(batch));
            assertTrue(e.getMessage().contains("max_temp_directory_size"), e.getMessage());
            assertTrue(e.getMessage().contains(base.toString()), e.getMessage());
        }
        assertEquals(0, TempDirectory.under(base).bytesOnDisk());
    }

    @Test
    void foldersOfProcessesThatNoLongerRunAreRemoved() throws Exception {
        Path dead = Files.createDirectories(base.resolve("leftovers").resolve("daft-spill-2147483646"));
        Files.writeString(dead.resolve("q1").getParent().resolve("x.arrows"), "old");
        Path foreign = Files.createDirectories(base.resolve("leftovers").resolve("daft-spill-notapid"));
        TempDirectory temp = TempDirectory.under(base.resolve("leftovers"));
        assertFalse(Files.exists(dead), "a dead process's folder goes");
        assertTrue(Files.exists(foreign), "what is not ours stays");
        assertTrue(Files.isDirectory(temp.folder()));
        assertTrue(temp.folder().getFileName().toString().endsWith(String.valueOf(ProcessHandle.current().pid())));
    }
}
