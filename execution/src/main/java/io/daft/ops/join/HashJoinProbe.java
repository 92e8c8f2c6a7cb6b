package io.daft.ops.join;

import io.daft.core.DaftException;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.recordbatch.RecordBatch;
import io.daft.recordbatch.Vectors;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * Probes a {@link JoinHashTable} with batches of the other side.
 *
 * <p>Output columns are always the left side's then the right side's (SEMI/ANTI: the left side's only), with
 * names as in the inputs. Keys match by SQL equality (-0.0 = 0.0, NaN = NaN), so both sides' key columns must have
 * the same types (the planner casts); a null key never matches.
 *
 * <p>The optional residual predicate sees candidate pairs (equal keys) laid out as one left++right batch and
 * returns a boolean mask (null = false); only pairs it accepts match. It decides outer/semi/anti semantics
 * too: a row whose candidates all fail is unmatched. The returned BitVector is closed here.
 *
 * <p>Which calls produce rows: {@link #probe} emits matched pairs, plus unmatched probe rows when the probe
 * side is preserved, plus (SEMI/ANTI with the probe side on the left) the qualifying probe rows.
 * {@link #finish} is needed (returns a batch) exactly for
 * <ul>
 * <li>(LEFT, buildIsLeft = true), (RIGHT, buildIsLeft = false), (FULL, either): unmatched build rows padded
 * with nulls;</li>
 * <li>(SEMI, buildIsLeft = true): build rows that matched; (ANTI, buildIsLeft = true): build rows that never
 * matched (null-key rows included).</li>
 * </ul>
 * For every other combination it returns empty. With several probes over one table (parallel probing), build
 * matches are tracked per probe: fold them into one probe with {@link #mergeMatchesFrom} before its finish.
 * A probe is not thread-safe; the caller keeps ownership of the batches it passes in.
 */
public final class HashJoinProbe implements AutoCloseable {
    private static final int PAIR_CHUNK = 1 << 16;

    private final JoinHashTable table;
    private final JoinType type;
    private final boolean buildIsLeft;
    private final Schema probeSchema;
    private final int[] probeKeyColumns;
    private final Function<RecordBatch, BitVector> residual;
    private final boolean probePreserved;
    private final boolean buildPreserved;
    private final boolean semiAnti;
    private final Schema leftSchema;
    private final Schema rightSchema;
    private final Schema outputSchema;
    private final long[] buildMatched;
    private boolean finished;

    public HashJoinProbe(JoinHashTable table, JoinType type, boolean buildIsLeft, Schema probeSchema,
                         int[] probeKeyColumns, Optional<Function<RecordBatch, BitVector>> residual) {
        this.table = requireNonNull(table, "table");
        this.type = requireNonNull(type, "type");
        this.buildIsLeft = buildIsLeft;
        this.probeSchema = requireNonNull(probeSchema, "probeSchema");
        this.probeKeyColumns = probeKeyColumns.clone();
        this.residual = residual.orElse(null);
        if (probeKeyColumns.length != table.keyColumns().length) {
            throw new DaftException("join has " + table.keyColumns().length + " build keys but "
                    + probeKeyColumns.length + " probe keys");
        }
        for (int i = 0; i < probeKeyColumns.length; i++) {
            Field p = probeSchema.field(probeKeyColumns[i]);
            Field b = table.schema().field(table.keyColumns()[i]);
            if (!p.dataType().equals(b.dataType())) {
                throw new DaftException("join key types differ: " + b + " (build) vs " + p + " (probe); cast them first");
            }
        }
        this.semiAnti = type == JoinType.SEMI || type == JoinType.ANTI;
        this.probePreserved = type == JoinType.FULL || (type == JoinType.LEFT && !buildIsLeft)
                || (type == JoinType.RIGHT && buildIsLeft);
        this.buildPreserved = type == JoinType.FULL || (type == JoinType.LEFT && buildIsLeft)
                || (type == JoinType.RIGHT && !buildIsLeft);
        this.leftSchema = buildIsLeft ? table.schema() : probeSchema;
        this.rightSchema = buildIsLeft ? probeSchema : table.schema();
        if (semiAnti) {
            this.outputSchema = leftSchema;
        } else {
            boolean leftNullable = type == JoinType.RIGHT || type == JoinType.FULL;
            boolean rightNullable = type == JoinType.LEFT || type == JoinType.FULL;
            List<Field> fields = new ArrayList<>();
            for (Field f : leftSchema.fields()) {
                fields.add(leftNullable ? new Field(f.name(), f.dataType(), true) : f);
            }
            for (Field f : rightSchema.fields()) {
                fields.add(rightNullable ? new Field(f.name(), f.dataType(), true) : f);
            }
            this.outputSchema = new Schema(fields);
        }
        this.buildMatched = needsFinish() ? new long[(table.rowCount() + 63) >>> 6] : null;
    }

    /** Whether {@link #finish} can return rows for this (type, buildIsLeft). */
    public boolean needsFinish() {
        return buildPreserved || (semiAnti && buildIsLeft);
    }

    /** Schema of every batch this probe returns. */
    public Schema schema() {
        return outputSchema;
    }

    /** Joins one probe batch (the caller keeps it); see the class comment for what it contains. */
    public RecordBatch probe(RecordBatch probeBatch) {
        if (finished) {
            throw new IllegalStateException("probe already finished");
        }
        int rows = probeBatch.rowCount();
        List<FieldVector> keyCols = new ArrayList<>(probeKeyColumns.length);
        for (int c : probeKeyColumns) {
            keyCols.add(probeBatch.column(c));
        }
        boolean firstOnly = semiAnti && !buildIsLeft && residual == null;
        IntList pRows = new IntList(rows);
        IntList bRows = new IntList(rows);
        table.match(keyCols, rows, firstOnly, pRows, bRows);
        if (residual != null && pRows.size > 0) {
            applyResidual(probeBatch, pRows, bRows);
        }
        if (buildMatched != null) {
            for (int i = 0; i < bRows.size; i++) {
                int b = bRows.data[i];
                buildMatched[b >>> 6] |= 1L << b;
            }
        }
        if (semiAnti) {
            if (buildIsLeft) {
                return RecordBatch.empty(outputSchema);
            }
            boolean[] matched = new boolean[rows];
            for (int i = 0; i < pRows.size; i++) {
                matched[pRows.data[i]] = true;
            }
            boolean want = type == JoinType.SEMI;
            int[] sel = new int[rows];
            int n = 0;
            for (int r = 0; r < rows; r++) {
                if (matched[r] == want) {
                    sel[n++] = r;
                }
            }
            return n == rows ? probeBatch.share() : probeBatch.take(sel, n);
        }
        if (probePreserved) {
            // interleave unmatched probe rows (build side -1 = nulls) in probe order
            IntList p2 = new IntList(pRows.size + rows);
            IntList b2 = new IntList(pRows.size + rows);
            int i = 0;
            for (int r = 0; r < rows; r++) {
                if (i < pRows.size && pRows.data[i] == r) {
                    while (i < pRows.size && pRows.data[i] == r) {
                        p2.add(r);
                        b2.add(bRows.data[i]);
                        i++;
                    }
                } else {
                    p2.add(r);
                    b2.add(-1);
                }
            }
            pRows = p2;
            bRows = b2;
        }
        return assemble(probeBatch, pRows.data, bRows.data, pRows.size);
    }

    /** Keeps only the candidate pairs the residual accepts (in place, order kept). */
    private void applyResidual(RecordBatch probeBatch, IntList pRows, IntList bRows) {
        int kept = 0;
        for (int start = 0; start < pRows.size; start += PAIR_CHUNK) {
            int n = Math.min(PAIR_CHUNK, pRows.size - start);
            int[] pIdx = Arrays.copyOfRange(pRows.data, start, start + n);
            int[] bIdx = Arrays.copyOfRange(bRows.data, start, start + n);
            int[] sel;
            try (RecordBatch pairs = pairBatch(probeBatch, pIdx, bIdx, n);
                 BitVector mask = residual.apply(pairs)) {
                if (mask.getValueCount() != n) {
                    throw new DaftException("join condition returned " + mask.getValueCount() + " values for " + n + " rows");
                }
                sel = Vectors.selection(mask);
            }
            for (int s : sel) {
                pRows.data[kept] = pIdx[s];
                bRows.data[kept] = bIdx[s];
                kept++;
            }
        }
        pRows.size = kept;
        bRows.size = kept;
    }

    /** left++right batch of the given pairs (all columns of both sides, regardless of join type). */
    private RecordBatch pairBatch(RecordBatch probeBatch, int[] pIdx, int[] bIdx, int n) {
        try (RecordBatch p = probeBatch.take(pIdx, n); RecordBatch b = table.batch().take(bIdx, n)) {
            return buildIsLeft ? b.hstack(p) : p.hstack(b);
        }
    }

    private RecordBatch assemble(RecordBatch probeBatch, int[] pIdx, int[] bIdx, int n) {
        List<FieldVector> cols = new ArrayList<>(outputSchema.size());
        try (RecordBatch p = probeBatch.take(pIdx, n); RecordBatch b = table.batch().take(bIdx, n)) {
            RecordBatch left = buildIsLeft ? b : p;
            RecordBatch right = buildIsLeft ? p : b;
            for (FieldVector v : left.columns()) {
                cols.add(Vectors.share(v));
            }
            for (FieldVector v : right.columns()) {
                cols.add(Vectors.share(v));
            }
        } catch (RuntimeException e) {
            cols.forEach(FieldVector::close);
            throw e;
        }
        return RecordBatch.of(outputSchema, cols, n);
    }

    /** ORs another probe's build-side matches (over the same table) into this one's. */
    public void mergeMatchesFrom(HashJoinProbe other) {
        if (other.table != table || buildMatched == null || other.buildMatched == null) {
            throw new IllegalArgumentException("can only merge matches of probes of the same kind over the same table");
        }
        for (int i = 0; i < buildMatched.length; i++) {
            buildMatched[i] |= other.buildMatched[i];
        }
    }

    /** The build-side rows that only show once all probing is done (see the class comment). */
    public Optional<RecordBatch> finish() {
        if (finished) {
            throw new IllegalStateException("probe already finished");
        }
        finished = true;
        if (!needsFinish()) {
            return Optional.empty();
        }
        int rows = table.rowCount();
        boolean wantMatched = type == JoinType.SEMI;
        int[] sel = new int[rows];
        int n = 0;
        for (int r = 0; r < rows; r++) {
            boolean m = (buildMatched[r >>> 6] & (1L << r)) != 0;
            if (m == wantMatched) {
                sel[n++] = r;
            }
        }
        if (semiAnti) {
            return Optional.of(table.batch().take(sel, n));
        }
        List<FieldVector> cols = new ArrayList<>(outputSchema.size());
        try (RecordBatch b = table.batch().take(sel, n)) {
            if (buildIsLeft) {
                for (FieldVector v : b.columns()) {
                    cols.add(Vectors.share(v));
                }
                for (Field f : probeSchema.fields()) {
                    cols.add(Vectors.nulls(f, n));
                }
            } else {
                for (Field f : probeSchema.fields()) {
                    cols.add(Vectors.nulls(f, n));
                }
                for (FieldVector v : b.columns()) {
                    cols.add(Vectors.share(v));
                }
            }
        } catch (RuntimeException e) {
            cols.forEach(FieldVector::close);
            throw e;
        }
        return Optional.of(RecordBatch.of(outputSchema, cols, n));
    }

    @Override
    public void close() {
        finished = true;
    }
}
