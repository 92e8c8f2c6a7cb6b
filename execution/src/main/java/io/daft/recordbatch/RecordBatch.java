package io.daft.recordbatch;

import io.daft.core.ArrowTypes;
import io.daft.core.DaftException;
import io.daft.core.Field;
import io.daft.core.Schema;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A batch of rows held column by column in Arrow vectors, as Daft's {@code RecordBatch}.
 *
 * <p>Ownership: a batch owns its vectors and releases them on {@link #close()}. Every derived batch
 * ({@link #select}, {@link #slice}, ...) holds its own references to shared buffers, so the source can be
 * closed as soon as the derived batch is made. Whoever receives a batch closes it exactly once.
 */
public final class RecordBatch implements AutoCloseable {
    private final Schema schema;
    private final List<FieldVector> columns;
    private final int rowCount;
    /** Per column, the dictionary codes its values came from, or null where there are none. */
    private final DictionaryCodes[] codes;
    private boolean closed;

    private RecordBatch(Schema schema, List<FieldVector> columns, int rowCount) {
        this(schema, columns, rowCount, new DictionaryCodes[columns.size()]);
    }

    private RecordBatch(Schema schema, List<FieldVector> columns, int rowCount, DictionaryCodes[] codes) {
        this.schema = requireNonNull(schema, "schema");
        this.columns = List.copyOf(columns);
        this.rowCount = rowCount;
        this.codes = codes;
    }

    /** Takes ownership of {@code columns}; each must hold {@code rowCount} values. */
    public static RecordBatch of(Schema schema, List<FieldVector> columns, int rowCount) {
        if (schema.size() != columns.size()) {
            throw new IllegalArgumentException("schema has " + schema.size() + " fields but " + columns.size() + " columns given");
        }
        for (FieldVector c : columns) {
            if (c.getValueCount() != rowCount) {
                c.setValueCount(rowCount);
            }
        }
        return new RecordBatch(schema, columns, rowCount);
    }

    /**
     * Takes ownership of {@code columns}, each with the dictionary codes its values came from, if any (see
     * {@link DictionaryCodes}).
     */
    public static RecordBatch of(Schema schema, List<FieldVector> columns, int rowCount, List<Optional<DictionaryCodes>> codes) {
        if (codes.size() != columns.size()) {
            throw new IllegalArgumentException(columns.size() + " columns but " + codes.size() + " dictionary codes given");
        }
        RecordBatch b = of(schema, columns, rowCount);
        for (int i = 0; i < codes.size(); i++) {
            b.codes[i] = codes.get(i).orElse(null);
        }
        return b;
    }

    /** Takes ownership of {@code columns}; the schema comes from the vectors' fields. */
    public static RecordBatch of(List<FieldVector> columns, int rowCount) {
        List<Field> fields = new ArrayList<>();
        for (FieldVector c : columns) {
            fields.add(Vectors.fieldOf(c));
        }
        return of(new Schema(fields), columns, rowCount);
    }

    public static RecordBatch empty(Schema schema) {
        List<FieldVector> cols = new ArrayList<>();
        for (Field f : schema.fields()) {
            FieldVector v = Vectors.allocate(f, 0);
            v.setValueCount(0);
            cols.add(v);
        }
        return new RecordBatch(schema, cols, 0);
    }

    /** A batch with rows but no columns (what {@code SELECT count(*)} needs from a scan). */
    public static RecordBatch ofRowCount(int rowCount) {
        return new RecordBatch(Schema.empty(), List.of(), rowCount);
    }

    /** Shares the buffers of an Arrow root (the root stays owned by the caller). */
    public static RecordBatch fromArrow(VectorSchemaRoot root) {
        List<FieldVector> cols = new ArrayList<>();
        for (FieldVector v : root.getFieldVectors()) {
            cols.add(Vectors.share(v));
        }
        return new RecordBatch(ArrowTypes.fromArrowSchema(root.getSchema()), cols, root.getRowCount());
    }

    public Schema schema() {
        return schema;
    }

    public int rowCount() {
        return rowCount;
    }

    public int numColumns() {
        return columns.size();
    }

    public FieldVector column(int index) {
        checkOpen();
        return columns.get(index);
    }

    public FieldVector column(String name) {
        return column(schema.requireIndex(name));
    }

    public List<FieldVector> columns() {
        checkOpen();
        return columns;
    }

    /** The dictionary codes of column {@code index}'s values, when it was decoded from a dictionary. */
    public Optional<DictionaryCodes> dictionaryCodes(int index) {
        checkOpen();
        return Optional.ofNullable(codes[index]);
    }

    /** The columns at {@code indices}, in that order, sharing buffers. */
    public RecordBatch select(int[] indices) {
        checkOpen();
        List<Field> fields = new ArrayList<>(indices.length);
        List<FieldVector> cols = new ArrayList<>(indices.length);
        DictionaryCodes[] selected = new DictionaryCodes[indices.length];
        for (int j = 0; j < indices.length; j++) {
            int i = indices[j];
            fields.add(schema.field(i));
            cols.add(Vectors.share(columns.get(i)));
            selected[j] = codes[i];
        }
        return new RecordBatch(new Schema(fields), cols, rowCount, selected);
    }

    public RecordBatch slice(int offset, int length) {
        checkOpen();
        if (offset < 0 || length < 0 || offset + length > rowCount) {
            throw new IndexOutOfBoundsException("slice [" + offset + ", " + (offset + length) + ") of " + rowCount + " rows");
        }
        if (offset == 0 && length == rowCount) {
            return share();
        }
        List<FieldVector> cols = new ArrayList<>(columns.size());
        DictionaryCodes[] sliced = new DictionaryCodes[codes.length];
        for (int i = 0; i < columns.size(); i++) {
            cols.add(Vectors.slice(columns.get(i), offset, length));
            sliced[i] = codes[i] == null ? null : codes[i].slice(offset);
        }
        return new RecordBatch(schema, cols, length, sliced);
    }

    /** Another handle on the same data. */
    public RecordBatch share() {
        checkOpen();
        List<FieldVector> cols = new ArrayList<>(columns.size());
        for (FieldVector c : columns) {
            cols.add(Vectors.share(c));
        }
        return new RecordBatch(schema, cols, rowCount, codes.clone());
    }

    /** Rows at {@code indices[0..n)} (-1 gives a null row), copied. */
    public RecordBatch take(int[] indices, int n) {
        checkOpen();
        List<FieldVector> cols = new ArrayList<>(columns.size());
        DictionaryCodes[] taken = new DictionaryCodes[codes.length];
        for (int i = 0; i < columns.size(); i++) {
            cols.add(Vectors.take(columns.get(i), indices, n));
            taken[i] = codes[i] == null ? null : codes[i].take(indices, n);
        }
        return new RecordBatch(schema, cols, n, taken);
    }

    /** Renames and retypes nothing; only replaces field names (same count and types). */
    public RecordBatch withSchema(Schema newSchema) {
        checkOpen();
        if (newSchema.size() != schema.size()) {
            throw new IllegalArgumentException("schema " + newSchema + " does not fit " + schema);
        }
        List<FieldVector> cols = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            cols.add(Vectors.rename(columns.get(i), newSchema.field(i).name()));
        }
        return new RecordBatch(newSchema, cols, rowCount, codes.clone());
    }

    /** Side by side: the columns of this batch then those of {@code other} (same row count), sharing buffers. */
    public RecordBatch hstack(RecordBatch other) {
        if (other.rowCount != rowCount) {
            throw new IllegalArgumentException("row counts differ: " + rowCount + " vs " + other.rowCount);
        }
        List<Field> fields = new ArrayList<>(schema.fields());
        fields.addAll(other.schema.fields());
        List<FieldVector> cols = new ArrayList<>();
        for (FieldVector c : columns) {
            cols.add(Vectors.share(c));
        }
        for (FieldVector c : other.columns) {
            cols.add(Vectors.share(c));
        }
        DictionaryCodes[] both = java.util.Arrays.copyOf(codes, codes.length + other.codes.length);
        System.arraycopy(other.codes, 0, both, codes.length, other.codes.length);
        return new RecordBatch(new Schema(fields), cols, rowCount, both);
    }

    /** All rows of {@code batches} (same schema) in one batch. */
    public static RecordBatch concat(Schema schema, List<RecordBatch> batches) {
        if (batches.isEmpty()) {
            return empty(schema);
        }
        if (batches.size() == 1) {
            return batches.get(0).share();
        }
        int rows = 0;
        for (RecordBatch b : batches) {
            if (!b.schema.equals(schema) && b.schema.size() != schema.size()) {
                throw new DaftException("cannot concatenate batches with schemas " + schema + " and " + b.schema);
            }
            rows += b.rowCount;
        }
        List<FieldVector> cols = new ArrayList<>(schema.size());
        DictionaryCodes[] joined = new DictionaryCodes[schema.size()];
        for (int c = 0; c < schema.size(); c++) {
            List<FieldVector> parts = new ArrayList<>(batches.size());
            for (RecordBatch b : batches) {
                parts.add(b.columns.get(c));
            }
            cols.add(Vectors.concat(parts));
            joined[c] = concatCodes(batches, c, rows);
        }
        return new RecordBatch(schema, cols, rows, joined);
    }

    /** Column {@code c}'s codes across {@code batches}, when every batch has codes of one dictionary. */
    private static DictionaryCodes concatCodes(List<RecordBatch> batches, int c, int rows) {
        DictionaryCodes first = batches.get(0).codes[c];
        if (first == null) {
            return null;
        }
        for (RecordBatch b : batches) {
            if (b.codes[c] == null || !b.codes[c].sameDictionary(first)) {
                return null;
            }
        }
        int[] all = new int[rows];
        int at = 0;
        for (RecordBatch b : batches) {
            b.codes[c].copyTo(all, at, b.rowCount);
            at += b.rowCount;
        }
        return new DictionaryCodes(first.dictionary(), first.dictionarySize(), all, 0);
    }

    /** Bytes held by the column buffers. */
    public long sizeBytes() {
        long total = 0;
        for (FieldVector c : columns) {
            total += Vectors.sizeBytes(c);
        }
        return total;
    }

    /** A new Arrow root sharing this batch's buffers; the caller closes it. */
    public VectorSchemaRoot toArrow() {
        checkOpen();
        List<FieldVector> cols = new ArrayList<>(columns.size());
        for (FieldVector c : columns) {
            cols.add(Vectors.share(c));
        }
        VectorSchemaRoot root = new VectorSchemaRoot(ArrowTypes.toArrowSchema(schema), cols, rowCount);
        return root;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("record batch already closed");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            for (FieldVector c : columns) {
                c.close();
            }
        }
    }

    @Override
    public String toString() {
        return "RecordBatch[" + rowCount + " rows, " + schema + "]";
    }
}
