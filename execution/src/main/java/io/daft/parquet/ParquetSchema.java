package io.daft.parquet;

import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.core.TimeUnit;
import org.apache.parquet.format.ConvertedType;
import org.apache.parquet.format.FieldRepetitionType;
import org.apache.parquet.format.LogicalType;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.Type;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The file's schema: the Parquet schema tree (with definition/repetition levels), its leaf columns, our
 * {@link Schema}, and per top-level field the plan ({@link OutNode}) that assembles its vector from levels.
 *
 * <p>Type mapping: signed integers of every width map to our signed types; unsigned ones widen to the next
 * signed type (UINT64 to DECIMAL(20, 0), the only exact choice); TIME maps to INT32 (millis) or INT64
 * (micros, nanos); INT96 to TIMESTAMP(us); FLOAT16 to FLOAT32; annotated strings to UTF8, other binaries and
 * fixed-length byte arrays to BINARY. Lists follow the Parquet backward-compatibility rules (3-level, 2-level,
 * unannotated repeated fields); maps become lists of struct&lt;key, value&gt;.
 */
final class ParquetSchema {
    private final String file;
    private final List<LeafColumn> leaves = new ArrayList<>();
    private final List<OutNode> topLevel = new ArrayList<>();
    private final Schema schema;
    private int pos;

    ParquetSchema(String file, List<SchemaElement> elements) {
        this.file = file;
        if (elements == null || elements.isEmpty()) {
            throw new DaftException(file + ": Parquet footer has an empty schema");
        }
        SchemaElement root = elements.get(0);
        int n = root.isSetNum_children() ? root.getNum_children() : 0;
        pos = 1;
        List<Node> roots = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            roots.add(parse(elements, 0, 0, ""));
        }
        if (pos != elements.size()) {
            throw new DaftException(file + ": malformed Parquet schema (" + elements.size() + " elements, " + pos + " used)");
        }
        List<Field> fields = new ArrayList<>();
        for (Node r : roots) {
            OutNode out = convert(r, false, r.name);
            topLevel.add(out);
            fields.add(out.field);
        }
        try {
            this.schema = new Schema(fields);
        } catch (DaftException e) {
            throw new DaftException(file + ": " + e.getMessage(), e);
        }
    }

    Schema schema() {
        return schema;
    }

    List<LeafColumn> leaves() {
        return leaves;
    }

    /** The assembly plan of top-level field {@code i}. */
    OutNode topLevel(int i) {
        return topLevel.get(i);
    }

    // ------------------------------------------------------------------------------------------- parse

    /** A node of the Parquet schema tree. Levels count this node. */
    private static final class Node {
        final SchemaElement element;
        final String name;
        final FieldRepetitionType repetition;
        final int defLevel;
        final int repLevel;
        final List<Node> children = new ArrayList<>();
        LeafColumn leaf;

        Node(SchemaElement element, int defLevel, int repLevel) {
            this.element = element;
            this.name = element.getName();
            this.repetition = element.isSetRepetition_type() ? element.getRepetition_type() : FieldRepetitionType.OPTIONAL;
            this.defLevel = defLevel;
            this.repLevel = repLevel;
        }

        boolean isPrimitive() {
            return element.isSetType() && children.isEmpty() && !element.isSetNum_children();
        }
    }

    private Node parse(List<SchemaElement> elements, int parentDef, int parentRep, String parentPath) {
        if (pos >= elements.size()) {
            throw new DaftException(file + ": malformed Parquet schema (children missing)");
        }
        SchemaElement e = elements.get(pos++);
        if (e.getName() == null) {
            throw new DaftException(file + ": malformed Parquet schema (unnamed element)");
        }
        FieldRepetitionType rep = e.isSetRepetition_type() ? e.getRepetition_type() : FieldRepetitionType.OPTIONAL;
        int def = parentDef + (rep == FieldRepetitionType.REQUIRED ? 0 : 1);
        int r = parentRep + (rep == FieldRepetitionType.REPEATED ? 1 : 0);
        Node node = new Node(e, def, r);
        String path = parentPath.isEmpty() ? e.getName() : parentPath + "." + e.getName();
        if (e.isSetNum_children()) {
            for (int i = 0; i < e.getNum_children(); i++) {
                node.children.add(parse(elements, def, r, path));
            }
        } else {
            if (!e.isSetType()) {
                throw new DaftException(file + ": malformed Parquet schema (column '" + path + "' has no type)");
            }
            node.leaf = leafColumn(node, path, def, r);
            leaves.add(node.leaf);
        }
        return node;
    }

    private LeafColumn leafColumn(Node node, String path, int maxDef, int maxRep) {
        SchemaElement e = node.element;
        Type t = e.getType();
        int len = e.isSetType_length() ? e.getType_length() : 0;
        LogicalType lt = e.isSetLogicalType() ? e.getLogicalType() : null;
        ConvertedType ct = e.isSetConverted_type() ? e.getConverted_type() : null;
        LeafColumn.Conversion none = LeafColumn.Conversion.NONE;
        DataType type;
        LeafColumn.Conversion conv = none;
        switch (t) {
            case BOOLEAN:
                type = DataType.BOOLEAN;
                break;
            case INT32: {
                if (isDecimal(lt, ct)) {
                    type = decimal(e, lt, path);
                    conv = LeafColumn.Conversion.INT32_TO_DECIMAL;
                } else if ((lt != null && lt.isSetDATE()) || ct == ConvertedType.DATE) {
                    type = DataType.DATE;
                } else {
                    int bits = 32;
                    boolean signed = true;
                    if (lt != null && lt.isSetINTEGER()) {
                        bits = lt.getINTEGER().getBitWidth();
                        signed = lt.getINTEGER().isIsSigned();
                    } else if (ct != null) {
                        switch (ct) {
                            case INT_8: bits = 8; break;
                            case INT_16: bits = 16; break;
                            case UINT_8: bits = 8; signed = false; break;
                            case UINT_16: bits = 16; signed = false; break;
                            case UINT_32: signed = false; break;
                            default: break;
                        }
                    }
                    if (signed) {
                        type = bits == 8 ? DataType.INT8 : bits == 16 ? DataType.INT16 : DataType.INT32;
                        conv = bits == 8 ? LeafColumn.Conversion.INT32_TO_INT8
                                : bits == 16 ? LeafColumn.Conversion.INT32_TO_INT16 : none;
                    } else {
                        type = bits == 8 ? DataType.INT16 : bits == 16 ? DataType.INT32 : DataType.INT64;
                        conv = bits == 8 ? LeafColumn.Conversion.UINT8_TO_INT16
                                : bits == 16 ? LeafColumn.Conversion.UINT16_TO_INT32 : LeafColumn.Conversion.UINT32_TO_INT64;
                    }
                }
                break;
            }
            case INT64: {
                if (isDecimal(lt, ct)) {
                    type = decimal(e, lt, path);
                    conv = LeafColumn.Conversion.INT64_TO_DECIMAL;
                } else if (lt != null && lt.isSetTIMESTAMP()) {
                    org.apache.parquet.format.TimeUnit u = lt.getTIMESTAMP().getUnit();
                    TimeUnit unit = u.isSetMILLIS() ? TimeUnit.MILLISECONDS : u.isSetMICROS() ? TimeUnit.MICROSECONDS : TimeUnit.NANOSECONDS;
                    type = DataType.timestamp(unit, lt.getTIMESTAMP().isIsAdjustedToUTC() ? Optional.of("UTC") : Optional.empty());
                } else if (ct == ConvertedType.TIMESTAMP_MILLIS) {
                    type = DataType.timestamp(TimeUnit.MILLISECONDS, Optional.of("UTC"));
                } else if (ct == ConvertedType.TIMESTAMP_MICROS) {
                    type = DataType.timestamp(TimeUnit.MICROSECONDS, Optional.of("UTC"));
                } else if ((lt != null && lt.isSetINTEGER() && !lt.getINTEGER().isIsSigned()) || ct == ConvertedType.UINT_64) {
                    type = DataType.decimal(20, 0);
                    conv = LeafColumn.Conversion.UINT64_TO_DECIMAL;
                } else {
                    type = DataType.INT64;
                }
                break;
            }
            case INT96:
                type = DataType.timestamp(TimeUnit.MICROSECONDS, Optional.empty());
                break;
            case FLOAT:
                type = DataType.FLOAT32;
                break;
            case DOUBLE:
                type = DataType.FLOAT64;
                break;
            case BYTE_ARRAY:
                if (isDecimal(lt, ct)) {
                    type = decimal(e, lt, path);
                    conv = LeafColumn.Conversion.BINARY_TO_DECIMAL;
                } else if (lt != null && (lt.isSetSTRING() || lt.isSetENUM() || lt.isSetJSON())
                        || ct == ConvertedType.UTF8 || ct == ConvertedType.ENUM || ct == ConvertedType.JSON) {
                    type = DataType.UTF8;
                } else {
                    type = DataType.BINARY;
                }
                break;
            case FIXED_LEN_BYTE_ARRAY:
                if (len <= 0) {
                    throw new DaftException(file + ": column '" + path + "' is FIXED_LEN_BYTE_ARRAY without a valid length");
                }
                if (isDecimal(lt, ct)) {
                    type = decimal(e, lt, path);
                    conv = LeafColumn.Conversion.BINARY_TO_DECIMAL;
                } else if (lt != null && lt.isSetFLOAT16() && len == 2) {
                    type = DataType.FLOAT32;
                    conv = LeafColumn.Conversion.FLOAT16_TO_FLOAT32;
                } else {
                    type = DataType.BINARY;
                }
                break;
            default:
                throw new DaftException(file + ": column '" + path + "' has unsupported physical type " + t);
        }
        return new LeafColumn(leaves.size(), path, t, len, maxDef, maxRep, type, conv);
    }

    private static boolean isDecimal(LogicalType lt, ConvertedType ct) {
        return (lt != null && lt.isSetDECIMAL()) || (lt == null && ct == ConvertedType.DECIMAL);
    }

    private DataType decimal(SchemaElement e, LogicalType lt, String path) {
        int precision = lt != null && lt.isSetDECIMAL() ? lt.getDECIMAL().getPrecision() : e.getPrecision();
        int scale = lt != null && lt.isSetDECIMAL() ? lt.getDECIMAL().getScale() : e.getScale();
        if (precision < 1 || precision > DataType.MAX_DECIMAL_PRECISION || scale < 0 || scale > precision) {
            throw new DaftException(file + ": column '" + path + "' is DECIMAL(" + precision + ", " + scale
                    + "), outside what we support (precision 1.." + DataType.MAX_DECIMAL_PRECISION + ")");
        }
        return DataType.decimal(precision, scale);
    }

    // ------------------------------------------------------------------------------------------- assembly plan

    /**
     * How to build the vector of one (possibly nested) field from leaf levels. A slot (one value of this node)
     * is non-null when the definition level reaches {@link #nullDef} (-1: never null).
     */
    abstract static class OutNode {
        final Field field;
        final int nullDef;
        final int firstLeaf;

        OutNode(Field field, int nullDef, int firstLeaf) {
            this.field = field;
            this.nullDef = nullDef;
            this.firstLeaf = firstLeaf;
        }
    }

    static final class LeafOut extends OutNode {
        LeafOut(Field field, LeafColumn leaf) {
            super(field, leaf.maxDef(), leaf.index());
        }
    }

    static final class StructOut extends OutNode {
        final List<OutNode> children;

        StructOut(Field field, int nullDef, List<OutNode> children) {
            super(field, nullDef, children.get(0).firstLeaf);
            this.children = children;
        }
    }

    /** A list whose elements exist where the repetition level is at most {@link #elemRep} and def at least {@link #elemDef}. */
    static final class ListOut extends OutNode {
        final int elemRep;
        final int elemDef;
        final OutNode element;

        ListOut(Field field, int nullDef, int elemRep, int elemDef, OutNode element) {
            super(field, nullDef, element.firstLeaf);
            this.elemRep = elemRep;
            this.elemDef = elemDef;
            this.element = element;
        }
    }

    private OutNode convert(Node n, boolean forceRequired, String name) {
        boolean repeated = n.repetition == FieldRepetitionType.REPEATED;
        if (repeated && !forceRequired) {
            // An unannotated repeated field: a non-null list of required elements.
            OutNode element = convert(n, true, "element");
            return new ListOut(new Field(name, DataType.list(element.field), false), -1, n.repLevel, n.defLevel, element);
        }
        boolean nullable = !forceRequired && n.repetition == FieldRepetitionType.OPTIONAL;
        int nullDef = nullable ? n.defLevel : -1;
        if (n.leaf != null) {
            return new LeafOut(new Field(name, n.leaf.dataType(), nullable), n.leaf);
        }
        if (n.children.isEmpty()) {
            throw new DaftException(file + ": group '" + n.name + "' has no fields, which is not supported");
        }
        SchemaElement e = n.element;
        LogicalType lt = e.isSetLogicalType() ? e.getLogicalType() : null;
        ConvertedType ct = e.isSetConverted_type() ? e.getConverted_type() : null;
        boolean isList = (lt != null && lt.isSetLIST()) || ct == ConvertedType.LIST;
        boolean isMap = !repeated && ((lt != null && lt.isSetMAP()) || ct == ConvertedType.MAP || ct == ConvertedType.MAP_KEY_VALUE);
        if ((isList || isMap) && n.children.size() == 1 && n.children.get(0).repetition == FieldRepetitionType.REPEATED) {
            Node rep = n.children.get(0);
            OutNode element;
            if (isList && rep.leaf == null && rep.children.size() == 1 && !rep.name.equals("array")
                    && !rep.name.equals(n.name + "_tuple")) {
                // 3-level list: the repeated group wraps the element.
                element = convert(rep.children.get(0), false, "element");
            } else {
                // 2-level list (or a map's key_value group): the repeated field is the element.
                element = convert(rep, true, "element");
            }
            DataType type = DataType.list(element.field);
            List<Field> kv = element.field.dataType().children();
            if (isMap && element.field.dataType().id() == io.daft.core.TypeId.STRUCT && kv.size() == 2 && !kv.get(0).nullable()) {
                // a key_value group of a required key and a value is a map; other shapes stay a list of structs
                // (pyarrow refuses them, DuckDB too)
                type = DataType.map(kv.get(0).dataType(), kv.get(1));
            }
            return new ListOut(new Field(name, type, nullable), nullDef, rep.repLevel, rep.defLevel, element);
        }
        List<OutNode> children = new ArrayList<>();
        List<Field> fields = new ArrayList<>();
        for (Node c : n.children) {
            OutNode o = convert(c, false, c.name);
            children.add(o);
            fields.add(o.field);
        }
        return new StructOut(new Field(name, DataType.struct(fields), nullable), nullDef, children);
    }
}
