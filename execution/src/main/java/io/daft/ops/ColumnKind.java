package io.daft.ops;

import io.daft.core.DaftException;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;

/**
 * The physical layout of a flat column, decided once per column so kernels can branch once and then run a
 * type-specialised loop over the raw Arrow buffers.
 */
public enum ColumnKind {
    /** {@link NullVector}: every value is null. */
    NULL(0),
    /** {@link BitVector}: one bit per value. */
    BOOL(1),
    INT8(1),
    INT16(2),
    /** INT32 and DATE (days since the epoch). */
    INT32(4),
    /** INT64 and TIMESTAMP (any unit). */
    INT64(8),
    FLOAT32(4),
    FLOAT64(8),
    /** 128-bit two's complement little-endian unscaled value. */
    DECIMAL(16),
    /** UTF8 and BINARY: offsets + bytes. */
    VARBINARY(-1);

    private final int width;

    ColumnKind(int width) {
        this.width = width;
    }

    /** Bytes per value in the data buffer (BOOL: 1 in encodings; VARBINARY: -1). */
    public int width() {
        return width;
    }

    public static ColumnKind of(FieldVector v) {
        if (v instanceof BigIntVector || v instanceof TimeStampVector) {
            return INT64;
        }
        if (v instanceof IntVector || v instanceof DateDayVector) {
            return INT32;
        }
        if (v instanceof BaseVariableWidthVector) {
            return VARBINARY;
        }
        if (v instanceof Float8Vector) {
            return FLOAT64;
        }
        if (v instanceof Float4Vector) {
            return FLOAT32;
        }
        if (v instanceof DecimalVector) {
            return DECIMAL;
        }
        if (v instanceof BitVector) {
            return BOOL;
        }
        if (v instanceof SmallIntVector) {
            return INT16;
        }
        if (v instanceof TinyIntVector) {
            return INT8;
        }
        if (v instanceof NullVector) {
            return NULL;
        }
        throw new DaftException("column '" + v.getName() + "' of type " + v.getField().getType()
                + " cannot be used as a key or aggregate input (only flat types are supported)");
    }
}
