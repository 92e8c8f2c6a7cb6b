package io.daft.ops.join;

import io.daft.core.DaftException;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.recordbatch.RecordBatch;
import io.daft.recordbatch.Vectors;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;

import java.util.ArrayList;
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
    /** Most candidate pairs one residual evaluation sees (bounds the memory of joins with a residual). */
    static final int PAIR_SLICE = 1 << 16;

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
    private int[] sliceProbeRows;
    private int[] sliceBuildRows;

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

    /** The most output rows one probe row can give (its key's matches; 1 for semi and anti joins kept on the probe side). */
    public int maxRowsPerProbeRow() {
        return semiAnti && !buildIsLeft ? 1 : Math.max(1, table.maxMatchesPerKey());
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
        IntList pRows = new IntList(rows);
        IntList bRows = new IntList(rows);
        if (semiAnti && !buildIsLeft) {
            boolean[] matched = new boolean[rows];
            if (residual == null) {
                table.match(keyCols, rows, true, pRows, bRows);
                for (int i = 0; i < pRows.size; i++) {
                    matched[pRows.data[i]] = true;
                }
            } else if (rows > 0) {
                matchProbeRowsWithResidual(probeBatch, table.probeKeys(keyCols, rows), matched);
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
        if (residual == null) {
            table.match(keyCols, rows, false, pRows, bRows);
        } else if (rows > 0) {
            matchPairsWithResidual(probeBatch, table.probeKeys(keyCols, rows), pRows, bRows);
        }
        if (buildMatched != null) {
            for (int i = 0; i < bRows.size; i++) {
                int b = bRows.data[i];
                buildMatched[b >>> 6] |= 1L << b;
            }
        }
        if (semiAnti) {
            return RecordBatch.empty(outputSchema);
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

    /**
     * Appends to ({@code pRows}, {@code bRows}) the candidate pairs the residual accepts, in probe row order and
     * per probe row in build order. Candidates are evaluated in slices of at most {@link #PAIR_SLICE} pairs, so
     * memory stays bounded however many build rows share a key. SEMI/ANTI with the build side on the left skip
     * build rows that already matched: their outcome is settled.
     */
    private void matchPairsWithResidual(RecordBatch probeBatch, JoinHashTable.ProbeKeys keys, IntList pRows, IntList bRows) {
        int[] sp = slicePairs(0);
        int[] sb = slicePairs(1);
        boolean skipMatchedBuild = semiAnti;
        int n = 0;
        for (int r = 0; r < keys.rows(); r++) {
            for (int b = table.firstCandidate(keys, r); b >= 0; b = table.nextCandidate(keys, r, b)) {
                if (skipMatchedBuild && (buildMatched[b >>> 6] & (1L << b)) != 0) {
                    continue;
                }
                sp[n] = r;
                sb[n] = b;
                if (++n == PAIR_SLICE) {
                    keepAccepted(probeBatch, sp, sb, n, pRows, bRows);
                    n = 0;
                }
            }
        }
        if (n > 0) {
            keepAccepted(probeBatch, sp, sb, n, pRows, bRows);
        }
    }

    private void keepAccepted(RecordBatch probeBatch, int[] sp, int[] sb, int n, IntList pRows, IntList bRows) {
        for (int s : evaluateResidual(probeBatch, sp, sb, n)) {
            pRows.add(sp[s]);
            bRows.add(sb[s]);
            if (semiAnti) {
                buildMatched[sb[s] >>> 6] |= 1L << sb[s];
            }
        }
    }

    /**
     * SEMI/ANTI with the probe side on the left: sets {@code matched[r]} for every probe row with a candidate the
     * residual accepts. Rows stop being looked at once they match: each round hands every still-unmatched row at
     * most {@code quota} more candidates (quota doubling per round), in slices of at most {@link #PAIR_SLICE}
     * pairs, so a row whose first candidates match costs a few evaluations however long its key's chain is.
     */
    private void matchProbeRowsWithResidual(RecordBatch probeBatch, JoinHashTable.ProbeKeys keys, boolean[] matched) {
        int rows = keys.rows();
        int[] pos = new int[rows];
        int[] active = new int[rows];
        int nActive = 0;
        for (int r = 0; r < rows; r++) {
            pos[r] = table.firstCandidate(keys, r);
            if (pos[r] >= 0) {
                active[nActive++] = r;
            }
        }
        int[] sp = slicePairs(0);
        int[] sb = slicePairs(1);
        int quota = 1;
        while (nActive > 0) {
            int n = 0;
            for (int i = 0; i < nActive; i++) {
                int r = active[i];
                int b = pos[r];
                for (int q = 0; q < quota && b >= 0 && !matched[r]; q++) {
                    sp[n] = r;
                    sb[n] = b;
                    b = table.nextCandidate(keys, r, b);
                    if (++n == PAIR_SLICE) {
                        markAccepted(probeBatch, sp, sb, n, matched);
                        n = 0;
                    }
                }
                pos[r] = b;
            }
            if (n > 0) {
                markAccepted(probeBatch, sp, sb, n, matched);
            }
            int kept = 0;
            for (int i = 0; i < nActive; i++) {
                int r = active[i];
                if (!matched[r] && pos[r] >= 0) {
                    active[kept++] = r;
                }
            }
            nActive = kept;
            quota = Math.min(quota * 2, PAIR_SLICE);
        }
    }

    private void markAccepted(RecordBatch probeBatch, int[] sp, int[] sb, int n, boolean[] matched) {
        for (int s : evaluateResidual(probeBatch, sp, sb, n)) {
            matched[sp[s]] = true;
        }
    }

    /** Indices (into the first {@code n} pairs) of the pairs the residual accepts (null = not accepted). */
    private int[] evaluateResidual(RecordBatch probeBatch, int[] sp, int[] sb, int n) {
        try (RecordBatch pairs = pairBatch(probeBatch, sp, sb, n);
             BitVector mask = residual.apply(pairs)) {
            if (mask.getValueCount() != n) {
                throw new DaftException("join condition returned " + mask.getValueCount() + " values for " + n + " rows");
            }
            return Vectors.selection(mask);
        }
    }

    /** This probe's reusable slice buffer {@code which} (0: probe rows, 1: build rows). */
    private int[] slicePairs(int which) {
        if (sliceProbeRows == null) {
            sliceProbeRows = new int[PAIR_SLICE];
            sliceBuildRows = new int[PAIR_SLICE];
        }
        return which == 0 ? sliceProbeRows : sliceBuildRows;
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
