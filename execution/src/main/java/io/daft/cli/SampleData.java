package io.daft.cli;

import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.parquet.ParquetWriteOptions;
import io.daft.parquet.ParquetWriter;
import io.daft.recordbatch.RecordBatch;
import io.daft.recordbatch.Vectors;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes the {@code sales} sample table (id bigint, category string with 50 values, revenue double, ts date)
 * as several Parquet files. Deterministic: the same arguments give the same data.
 */
public final class SampleData {
    public static final Schema SALES = Schema.of(
            new Field("id", DataType.INT64, false),
            new Field("category", DataType.UTF8, true),
            new Field("revenue", DataType.FLOAT64, true),
            new Field("ts", DataType.DATE, true));

    private static final String[] CATEGORIES = {
        "Apparel", "Appliances", "Art Supplies", "Audio", "Automotive", "Baby", "Bakery", "Beauty", "Beverages", "Bicycles",
        "Books", "Cameras", "Camping", "Cleaning", "Computers", "Crafts", "Dairy", "Deli", "Electronics", "Fishing",
        "Fitness", "Flowers", "Footwear", "Frozen", "Furniture", "Games", "Garden", "Groceries", "Hardware", "Health",
        "Home Decor", "Jewelry", "Kitchen", "Lighting", "Luggage", "Magazines", "Movies", "Music", "Office", "Outdoor",
        "Pet Supplies", "Pharmacy", "Phones", "Produce", "Seafood", "Shoes", "Snacks", "Software", "Sports", "Toys"};

    private static final int BATCH_ROWS = 131_072;

    private SampleData() {
    }

    public static List<String> categories() {
        return List.of(CATEGORIES);
    }

    /** Writes {@code files} files of {@code rowsPerFile} rows into {@code dir} (created if missing). */
    public static void write(Path dir, int files, long rowsPerFile) throws IOException {
        Files.createDirectories(dir);
        ParquetWriteOptions options = ParquetWriteOptions.defaults();
        long epoch2023 = LocalDate.of(2023, 1, 1).toEpochDay();
        byte[][] names = new byte[CATEGORIES.length][];
        for (int i = 0; i < names.length; i++) {
            names[i] = CATEGORIES[i].getBytes(StandardCharsets.UTF_8);
        }
        for (int f = 0; f < files; f++) {
            SplittableRandom rnd = new SplittableRandom(42L + f);
            Path file = dir.resolve(String.format("sales-%03d.parquet", f));
            Path tmp = dir.resolve(String.format(".sales-%03d.parquet.tmp", f));
            try (ParquetWriter w = ParquetWriter.create(tmp, SALES, options)) {
                long written = 0;
                while (written < rowsPerFile) {
                    int n = (int) Math.min(BATCH_ROWS, rowsPerFile - written);
                    BigIntVector id = (BigIntVector) Vectors.allocate(SALES.field(0), n);
                    VarCharVector cat = (VarCharVector) Vectors.allocate(SALES.field(1), n);
                    Float8Vector rev = (Float8Vector) Vectors.allocate(SALES.field(2), n);
                    DateDayVector ts = (DateDayVector) Vectors.allocate(SALES.field(3), n);
                    for (int i = 0; i < n; i++) {
                        id.set(i, f * rowsPerFile + written + i);
                        // skewed: low category numbers are more frequent
                        int c = (int) (Math.pow(rnd.nextDouble(), 1.6) * CATEGORIES.length);
                        if (rnd.nextInt(1000) == 0) {
                            cat.setNull(i);
                        } else {
                            cat.setSafe(i, names[c]);
                        }
                        if (rnd.nextInt(500) == 0) {
                            rev.setNull(i);
                        } else {
                            rev.set(i, Math.round(Math.exp(rnd.nextDouble() * 6.0) * 100.0) / 100.0);
                        }
                        ts.set(i, (int) (epoch2023 + rnd.nextInt(730)));
                    }
                    List<FieldVector> cols = List.of(id, cat, rev, ts);
                    try (RecordBatch b = RecordBatch.of(SALES, cols, n)) {
                        w.write(b);
                    }
                    written += n;
                }
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** Writes the sample unless {@code dir} already holds Parquet files. */
    public static boolean ensure(Path dir, int files, long rowsPerFile) throws IOException {
        if (Files.isDirectory(dir)) {
            try (var s = Files.list(dir)) {
                if (s.anyMatch(p -> p.getFileName().toString().endsWith(".parquet"))) {
                    return false;
                }
            }
        }
        write(dir, files, rowsPerFile);
        return true;
    }
}
