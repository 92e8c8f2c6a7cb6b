package io.daft.calcite;

import io.daft.calcite.rel.DaftRel;
import io.daft.calcite.rel.DaftTableScan;
import io.daft.csv.CsvOptions;
import io.daft.logical.LogicalPlan;
import io.daft.logical.Source;
import io.daft.scan.CsvScanFormat;
import io.daft.scan.FormatReader;
import io.daft.scan.ParquetScanFormat;
import io.daft.scan.Pushdowns;
import io.daft.scan.ScanSource;
import io.daft.scan.TableStatistics;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.AbstractTable;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * A table over Parquet or CSV files (a path, directory or glob). The files are listed and their schemas unified
 * on first use; scans become {@link DaftTableScan}s, which read through Daft's {@link Source}.
 */
public final class DaftTable extends AbstractTable implements TranslatableTable {
    /** File formats a table can have. */
    public enum Format {
        PARQUET, CSV;

        public static Format parse(String s) {
            switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "parquet": return PARQUET;
                case "csv": return CSV;
                default: throw new IllegalArgumentException("unknown table format '" + s + "' (expected parquet or csv)");
            }
        }
    }

    private final String name;
    private final List<String> paths;
    private final Format format;
    private volatile ScanSource scan;

    public DaftTable(String name, List<String> paths, Format format) {
        this.name = requireNonNull(name, "name");
        this.paths = List.copyOf(paths);
        this.format = requireNonNull(format, "format");
    }

    public String name() {
        return name;
    }

    public List<String> paths() {
        return paths;
    }

    public Format format() {
        return format;
    }

    /** The files and their unified schema, listed and read once. */
    public ScanSource scanSource() {
        ScanSource s = scan;
        if (s == null) {
            synchronized (this) {
                s = scan;
                if (s == null) {
                    FormatReader reader = format == Format.PARQUET ? new ParquetScanFormat() : new CsvScanFormat(CsvOptions.defaults());
                    s = ScanSource.create(paths, reader, Optional.empty());
                    scan = s;
                }
            }
        }
        return s;
    }

    /** The Daft plan that reads this table (pushdowns are added by Daft's optimizer). */
    public LogicalPlan toDaftPlan() {
        return new Source(scanSource(), Pushdowns.none());
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
        io.daft.core.Schema schema = scanSource().schema();
        RelDataTypeFactory.Builder b = typeFactory.builder();
        for (io.daft.core.Field field : schema.fields()) {
            try {
                b.add(field.name(), DaftTypes.toRelType(typeFactory, field.dataType()));
            } catch (io.daft.core.DaftException e) {
                // name the file and the column: the type error alone does not say where it comes from
                throw new io.daft.core.DaftException(String.join(", ", paths) + ": column '" + field.name() + "': " + e.getMessage(), e);
            }
        }
        return b.build();
    }

    /**
     * Rows for Calcite's cost model and {@link JoinOrder}: exact from Parquet footers, else a rough estimate
     * from the bytes on disk.
     */
    @Override
    public Statistic getStatistic() {
        ScanSource s = scanSource();
        Optional<TableStatistics> stats = s.statistics();
        if (stats.isPresent()) {
            return Statistics.of(Math.max(1.0, stats.get().rowCount()), List.of());
        }
        double perRow = Math.max(1, s.schema().size()) * (format == Format.PARQUET ? 4.0 : 10.0);
        return Statistics.of(Math.max(1.0, s.totalFileBytes() / perRow), List.of());
    }

    /** An upper bound on the distinct values of {@code column}, from the files' value ranges, when known. */
    public OptionalLong distinctUpperBound(String column) {
        return scanSource().statistics().map(s -> s.distinctUpperBound(column)).orElse(OptionalLong.empty());
    }

    @Override
    public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
        RelOptCluster cluster = context.getCluster();
        return new DaftTableScan(cluster, cluster.traitSetOf(DaftRel.CONVENTION), relOptTable, this);
    }

    @Override
    public String toString() {
        return "DaftTable(" + name + ", " + format.name().toLowerCase(Locale.ROOT) + ", " + paths + ")";
    }
}
