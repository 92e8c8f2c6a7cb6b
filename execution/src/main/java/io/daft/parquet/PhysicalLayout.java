package io.daft.parquet;

/** How a leaf column's values sit in the Arrow vector the decoders write (before any logical conversion). */
enum PhysicalLayout {
    /** BitVector. */
    BOOLEAN,
    /** 4-byte little-endian values: INT32, FLOAT. */
    FIXED4,
    /** 8-byte little-endian values: INT64, DOUBLE, and INT96 converted to microseconds while decoding. */
    FIXED8,
    /** Offsets + bytes: BYTE_ARRAY and FIXED_LEN_BYTE_ARRAY. */
    BINARY
}
