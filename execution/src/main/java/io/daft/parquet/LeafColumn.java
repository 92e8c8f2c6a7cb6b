package io.daft.parquet;

import io.daft.core.DataType;
import org.apache.parquet.format.Type;

import static java.util.Objects.requireNonNull;

/**
 * A leaf (primitive) column of the file: where it sits (dotted path, levels), its physical type, and how its
 * values become our {@link DataType}.
 */
record LeafColumn(int index, String path, Type physicalType, int typeLength, int maxDef, int maxRep,
                  DataType dataType, Conversion conversion) {
    LeafColumn {
        requireNonNull(path, "path");
        requireNonNull(physicalType, "physicalType");
        requireNonNull(dataType, "dataType");
        requireNonNull(conversion, "conversion");
    }

    /** How values are laid out as decoded, before {@link #conversion}. */
    PhysicalLayout layout() {
        switch (physicalType) {
            case BOOLEAN: return PhysicalLayout.BOOLEAN;
            case INT32:
            case FLOAT: return PhysicalLayout.FIXED4;
            case INT64:
            case DOUBLE:
            case INT96: return PhysicalLayout.FIXED8;
            default: return PhysicalLayout.BINARY;
        }
    }

    /** Value conversions applied after decoding, when the physical layout is not already our vector's. */
    enum Conversion {
        NONE,
        INT32_TO_INT8,
        INT32_TO_INT16,
        UINT8_TO_INT16,
        UINT16_TO_INT32,
        UINT32_TO_INT64,
        UINT64_TO_DECIMAL,
        INT32_TO_DECIMAL,
        INT64_TO_DECIMAL,
        BINARY_TO_DECIMAL,
        FLOAT16_TO_FLOAT32
    }
}
