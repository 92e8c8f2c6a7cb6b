package io.daft.ops.agg;

import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.dsl.AggOp;
import io.daft.ops.hash.GroupIndex;
import io.daft.recordbatch.DictionaryCodes;
import io.daft.recordbatch.RecordBatch;
import io.daft.recordbatch.Vectors;
import org.apache.arrow.vector.FieldVector;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Hash group-by over already evaluated columns. Group keys are mapped to dense group ids by a
 * {@link GroupIndex} (with fast paths for one fixed-width, one string, or several packed fixed-width keys);
 * each aggregate keeps its state in primitive arrays by group id and is updated once per batch with a
 * type-specialised loop. The distinct key values are kept as
 * small Arrow batches (the rows that created new groups), so memory grows with the number of groups.
 *
 * <p>Output ({@link #finish}): the group key columns first (named and typed as in the input), then one column
 * per aggregate ({@link AggMode#SINGLE}, {@link AggMode#FINAL}) or that aggregate's state columns
 * ({@link AggMode#PARTIAL}; layout documented on {@link AggSpec}). A FINAL aggregator takes the PARTIAL output
 * as input, with group columns 0..k-1 and the same AggSpec list. With no group columns the result has exactly
 * one row, even for empty input. With no aggregates the result is the distinct keys (SQL DISTINCT).
 * COUNT_DISTINCT runs in SINGLE mode, and in FINAL mode over the partial states {@link #drainState} wrote (its
 * distinct values as rows of their own, see {@link AggSpec}). {@link #drainState} empties the aggregator into
 * partial states for a caller under memory pressure ({@link SpillingAggregation}).
 *
 * <p>Not thread-safe. The caller keeps ownership of batches passed to {@link #add}.
 */
public final class HashAggregator implements AutoCloseable {
    private final Schema inputSchema;
    private final int[] groupColumns;
    private final List<AggSpec> aggs;
    private final AggMode mode;
    private final Schema keySchema;
    private final Schema outputSchema;
    /** The PARTIAL layout (keys, then each aggregate's state columns) in every mode; what {@link #drainState} emits. */
    private final Schema stateSchema;
    private Accumulator[] accs;
    private final int[][] stateColumns;
    private GroupIndex table;
    private final List<RecordBatch> keyChunks = new ArrayList<>();
    /** Arrow bytes of {@link #keyChunks}, kept as they are added (not summed per call). */
    private long keyBytes;
    /** Rows added since the aggregator was made or last drained. */
    private long rowsAdded;
    private int[] gidBuf = new int[0];
    private int[] newBuf = new int[0];
    private boolean finished;

    public HashAggregator(Schema inputSchema, int[] groupColumns, List<AggSpec> aggs, AggMode mode) {
        this.inputSchema = requireNonNull(inputSchema, "inputSchema");
        this.groupColumns = groupColumns.clone();
        this.aggs = List.copyOf(aggs);
        this.mode = requireNonNull(mode, "mode");
        List<Field> keyFields = new ArrayList<>();
        for (int c : groupColumns) {
            keyFields.add(inputSchema.field(c));
        }
        this.keySchema = new Schema(keyFields);
        for (AggSpec a : this.aggs) {
            if (a.op() == AggOp.COUNT_DISTINCT && mode == AggMode.PARTIAL) {
                throw new DaftException("count_distinct '" + a.outputName() + "' does not run in PARTIAL mode");
            }
        }
        this.outputSchema = mode == AggMode.PARTIAL ? partialSchemaOf(keyFields, this.aggs) : outputSchemaOf(keyFields, this.aggs);
        this.stateSchema = mode == AggMode.PARTIAL ? outputSchema : partialSchemaOf(keyFields, this.aggs);
        this.accs = new Accumulator[this.aggs.size()];
        this.stateColumns = new int[this.aggs.size()][];
        int next = groupColumns.length;
        for (int i = 0; i < accs.length; i++) {
            AggSpec a = this.aggs.get(i);
            accs[i] = Accumulators.create(a);
            if (mode == AggMode.FINAL) {
                int w = a.stateFields().size();
                stateColumns[i] = new int[w];
                for (int j = 0; j < w; j++) {
                    stateColumns[i][j] = next++;
                }
            } else if (a.op() != AggOp.COUNT_ALL && (a.inputColumn() < 0 || a.inputColumn() >= inputSchema.size())) {
                throw new DaftException("aggregate '" + a.outputName() + "' reads column " + a.inputColumn()
                        + " but the input has " + inputSchema.size() + " columns");
            }
        }
        if (mode == AggMode.FINAL && next != inputSchema.size()) {
            throw new DaftException("final aggregation expects " + next + " columns of partial state, input has "
                    + inputSchema.size() + ": " + inputSchema);
        }
        this.table = groupColumns.length == 0 ? null : new GroupIndex();
        for (Accumulator a : accs) {
            a.ensureCapacity(1);
        }
    }

    /** Schema of the PARTIAL output: group keys, then each aggregate's state columns. */
    public static Schema partialSchema(Schema inputSchema, int[] groupColumns, List<AggSpec> aggs) {
        List<Field> keys = new ArrayList<>();
        for (int c : groupColumns) {
            keys.add(inputSchema.field(c));
        }
        return partialSchemaOf(keys, aggs);
    }

    /** Schema of the SINGLE/FINAL output: group keys, then one result column per aggregate. */
    public static Schema outputSchema(Schema inputSchema, int[] groupColumns, List<AggSpec> aggs) {
        List<Field> keys = new ArrayList<>();
        for (int c : groupColumns) {
            keys.add(inputSchema.field(c));
        }
        return outputSchemaOf(keys, aggs);
    }

    private static Schema partialSchemaOf(List<Field> keys, List<AggSpec> aggs) {
        List<Field> fields = new ArrayList<>(keys);
        for (AggSpec a : aggs) {
            fields.addAll(a.stateFields());
        }
        return new Schema(fields);
    }

    private static Schema outputSchemaOf(List<Field> keys, List<AggSpec> aggs) {
        List<Field> fields = new ArrayList<>(keys);
        for (AggSpec a : aggs) {
            fields.add(a.resultField());
        }
        return new Schema(fields);
    }

    /** The schema {@link #finish} returns. */
    public Schema schema() {
        return outputSchema;
    }

    /** Which grouping path the key shape took (see {@link GroupIndex#path}); for tests and diagnostics. */
    String groupPath() {
        return table == null ? "global" : table.path();
    }

    /** Number of groups so far. */
    public int groupCount() {
        return table == null ? 1 : table.groupCount();
    }

    /**
     * Approximate memory held (heap state plus Arrow key chunks), for memory budgeting and spill decisions.
     * Grows with the number of groups, not rows.
     */
    public long estimatedSizeBytes() {
        return arrowSizeBytes() + heapSizeBytes();
    }

    /** Arrow bytes held: the distinct key values (and COUNT_DISTINCT's distinct values). */
    public long arrowSizeBytes() {
        long total = keyBytes;
        for (Accumulator a : accs) {
            total += a.arrowBytes();
        }
        return total;
    }

    /** Heap bytes held: the group hash table and the accumulators' arrays. */
    public long heapSizeBytes() {
        long total = table == null ? 0 : table.sizeBytes();
        for (Accumulator a : accs) {
            total += a.sizeBytes();
        }
        return total;
    }

    /**
     * Bytes that turning the accumulators into Arrow columns ({@link #finish}, {@link #drainState}) takes for a
     * moment, on top of what is held: about their state arrays again.
     */
    public long emitBytes() {
        long total = 0;
        for (Accumulator a : accs) {
            total += a.emitBytes();
        }
        return total;
    }

    /** Rows added since the aggregator was made or last drained (to estimate what the next batch adds). */
    public long rowsAdded() {
        return rowsAdded;
    }

    /** The aggregate holding the most memory, as {@code op 'name'}, or the group keys; for error messages. */
    public String largestHolder() {
        String name = "the group keys";
        long most = keyBytes;
        for (int i = 0; i < accs.length; i++) {
            long size = accs[i].sizeBytes() + accs[i].arrowBytes();
            if (size > most) {
                most = size;
                name = aggs.get(i).op().name().toLowerCase(java.util.Locale.ROOT) + " '" + aggs.get(i).outputName() + "'";
            }
        }
        return name;
    }

    /** The aggregates and keys as users wrote them, e.g. {@code [sum 's', count_distinct 'n'] by [k]}; for errors. */
    public String describeAggregates() {
        List<String> names = new ArrayList<>();
        for (AggSpec a : aggs) {
            names.add(a.op().name().toLowerCase(java.util.Locale.ROOT) + " '" + a.outputName() + "'");
        }
        return names + " by " + keySchema.names();
    }

    /** The layout {@link #drainState} emits: the PARTIAL layout (keys, then state columns), whatever the mode. */
    public Schema stateSchema() {
        return stateSchema;
    }

    /**
     * Hands the groups so far to {@code sink} as partial states (in the {@link #stateSchema} layout, in batches of
     * about {@code sliceRows} rows that {@code sink} then owns), then starts over empty, so a caller under memory
     * pressure can spill them or pass them on and go on adding. Merging the emitted states with those of later
     * groups (FINAL mode) gives the same result as never draining. Only with group columns.
     */
    public void drainState(int sliceRows, java.util.function.Consumer<RecordBatch> sink) {
        if (finished || table == null) {
            throw new IllegalStateException(finished ? "aggregator already finished" : "a global aggregation has one group");
        }
        int groups = groupCount();
        List<FieldVector> state = new ArrayList<>();
        try {
            for (Accumulator a : accs) {
                state.addAll(a.state(groups));
            }
            int start = 0;
            int chunk = 0;
            while (chunk < keyChunks.size()) {
                int from = chunk;
                int rows = 0;
                while (chunk < keyChunks.size() && (rows == 0 || rows + keyChunks.get(chunk).rowCount() <= sliceRows)) {
                    rows += keyChunks.get(chunk++).rowCount();
                }
                List<FieldVector> cols = new ArrayList<>(stateSchema.size());
                try {
                    if (chunk - from == 1) {
                        for (FieldVector v : keyChunks.get(from).columns()) {
                            cols.add(Vectors.share(v));
                        }
                    } else {
                        try (RecordBatch keys = RecordBatch.concat(keySchema, keyChunks.subList(from, chunk))) {
                            for (FieldVector v : keys.columns()) {
                                cols.add(Vectors.share(v));
                            }
                        }
                    }
                    for (FieldVector v : state) {
                        cols.add(Vectors.slice(v, start, rows));
                    }
                } catch (RuntimeException e) {
                    cols.forEach(FieldVector::close);
                    throw e;
                }
                start += rows;
                sink.accept(RecordBatch.of(stateSchema, cols, rows));
            }
            state.forEach(FieldVector::close);
            state.clear();
            drainDistinctValues(sliceRows, sink);
        } finally {
            state.forEach(FieldVector::close);
            releaseAll();
            rowsAdded = 0;
            table = new GroupIndex();
            for (int i = 0; i < accs.length; i++) {
                accs[i] = Accumulators.create(aggs.get(i));
                accs[i].ensureCapacity(1);
            }
        }
    }

    /**
     * COUNT_DISTINCT's part of {@link #drainState}: a row per distinct value, with its group's keys, the value in
     * that aggregate's state column and every other state column at its identity (0 counts, nulls).
     */
    private void drainDistinctValues(int sliceRows, java.util.function.Consumer<RecordBatch> sink) {
        boolean any = false;
        for (Accumulator a : accs) {
            any |= a instanceof Accumulators.CountDistinct && !((Accumulators.CountDistinct) a).values().isEmpty();
        }
        if (!any) {
            return;
        }
        try (RecordBatch keys = RecordBatch.concat(keySchema, keyChunks)) {
            for (int i = 0; i < accs.length; i++) {
                if (!(accs[i] instanceof Accumulators.CountDistinct)) {
                    continue;
                }
                Accumulators.CountDistinct cd = (Accumulators.CountDistinct) accs[i];
                int[] groups = cd.valueGroups();
                List<FieldVector> chunks = cd.values();
                int first = 0;
                int chunk = 0;
                while (chunk < chunks.size()) {
                    // whole chunks up to about sliceRows rows at a time: spilled batches of a few rows cost more than they hold
                    int from = chunk;
                    int n = 0;
                    while (chunk < chunks.size() && (n == 0 || n + chunks.get(chunk).getValueCount() <= sliceRows)) {
                        n += chunks.get(chunk++).getValueCount();
                    }
                    int[] idx = java.util.Arrays.copyOfRange(groups, first, first + n);
                    first += n;
                    List<FieldVector> cols = new ArrayList<>(stateSchema.size());
                    try (FieldVector values = chunk - from == 1 ? Vectors.share(chunks.get(from)) : Vectors.concat(chunks.subList(from, chunk))) {
                        try (RecordBatch k = keys.take(idx, n)) {
                            for (FieldVector v : k.columns()) {
                                cols.add(Vectors.share(v));
                            }
                        }
                        for (int j = 0; j < accs.length; j++) {
                            for (Field f : aggs.get(j).stateFields()) {
                                cols.add(j == i ? Vectors.share(values) : identity(f, n));
                            }
                        }
                    } catch (RuntimeException e) {
                        cols.forEach(FieldVector::close);
                        throw e;
                    }
                    sink.accept(RecordBatch.of(stateSchema, cols, n));
                }
            }
        }
    }

    /** A state column that merges as nothing: nulls, or zeros for the non-null counts. */
    private static FieldVector identity(Field f, int n) {
        if (f.nullable()) {
            return Vectors.nulls(f, n);
        }
        return io.daft.ops.ColumnData.storeLongs(f, io.daft.ops.ColumnKind.INT64, new long[n], null, n);
    }

    /** Folds in a batch (with the input schema); the caller still owns it. */
    public void add(RecordBatch batch) {
        if (finished) {
            throw new IllegalStateException("aggregator already finished");
        }
        int rows = batch.rowCount();
        if (rows == 0) {
            return;
        }
        rowsAdded += rows;
        if (gidBuf.length < rows) {
            gidBuf = new int[rows];
            newBuf = new int[rows];
        }
        int[] gids = gidBuf;
        if (table == null) {
            java.util.Arrays.fill(gids, 0, rows, 0);
        } else {
            List<FieldVector> keyCols = new ArrayList<>(groupColumns.length);
            List<FieldVector> hashed = new ArrayList<>(groupColumns.length);
            List<Optional<DictionaryCodes>> codes = new ArrayList<>(groupColumns.length);
            List<FieldVector> encoded = new ArrayList<>();
            int created;
            try {
                for (int c : groupColumns) {
                    FieldVector k = batch.column(c);
                    keyCols.add(k);
                    DataType t = batch.schema().field(c).dataType();
                    if (t.isNested()) {
                        // nested keys group by their normalized keys; the groups' values are kept as they are
                        FieldVector e = io.daft.ops.NestedKeys.keys(k, t, rows, k.getName());
                        encoded.add(e);
                        hashed.add(e);
                        codes.add(Optional.empty());
                    } else {
                        hashed.add(k);
                        codes.add(batch.dictionaryCodes(c));
                    }
                }
                created = table.findOrInsert(hashed, codes, rows, gids, newBuf);
            } finally {
                encoded.forEach(FieldVector::close);
            }
            if (created > 0) {
                List<FieldVector> cols = new ArrayList<>(groupColumns.length);
                try {
                    for (FieldVector k : keyCols) {
                        cols.add(Vectors.take(k, newBuf, created));
                    }
                } catch (RuntimeException e) {
                    cols.forEach(FieldVector::close);
                    throw e;
                }
                RecordBatch chunk = RecordBatch.of(keySchema, cols, created);
                keyChunks.add(chunk);
                keyBytes += chunk.sizeBytes();
                int groups = table.groupCount();
                for (Accumulator a : accs) {
                    a.ensureCapacity(groups);
                }
            }
        }
        for (int i = 0; i < accs.length; i++) {
            AggSpec a = aggs.get(i);
            if (mode == AggMode.FINAL) {
                List<FieldVector> state = new ArrayList<>(stateColumns[i].length);
                for (int c : stateColumns[i]) {
                    state.add(batch.column(c));
                }
                accs[i].merge(state, gids, rows);
            } else {
                accs[i].update(a.op() == AggOp.COUNT_ALL ? null : batch.column(a.inputColumn()), gids, rows);
            }
        }
    }

    /** The result (see the class comment); the aggregator accepts no more input afterwards. */
    public RecordBatch finish() {
        if (finished) {
            throw new IllegalStateException("aggregator already finished");
        }
        finished = true;
        int groups = groupCount();
        List<FieldVector> cols = new ArrayList<>(outputSchema.size());
        try {
            if (table != null) {
                try (RecordBatch keys = RecordBatch.concat(keySchema, keyChunks)) {
                    for (FieldVector v : keys.columns()) {
                        cols.add(Vectors.share(v));
                    }
                }
            }
            for (Accumulator a : accs) {
                if (mode == AggMode.PARTIAL) {
                    cols.addAll(a.state(groups));
                } else {
                    cols.add(a.result(groups));
                }
            }
        } catch (RuntimeException e) {
            cols.forEach(FieldVector::close);
            throw e;
        } finally {
            releaseAll();
        }
        return RecordBatch.of(outputSchema, cols, groups);
    }

    /** Closes the key chunks and what the accumulators hold in Arrow memory. */
    private void releaseAll() {
        for (Accumulator a : accs) {
            a.close();
        }
        for (RecordBatch b : keyChunks) {
            b.close();
        }
        keyChunks.clear();
        keyBytes = 0;
    }

    @Override
    public void close() {
        finished = true;
        releaseAll();
    }

    @Override
    public String toString() {
        return "HashAggregator[" + mode + ", keys " + keySchema + ", " + aggs + " over " + inputSchema + "]";
    }
}
