package io.daft.scan;

/** File formats a scan reads. */
public enum FileFormat {
    PARQUET, CSV
}
