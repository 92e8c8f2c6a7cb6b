#!/usr/bin/env python3
"""Expected values of the parquet-testing corpus, as pyarrow reads it, for ParquetCorpusSqlTest.

Run from the repository root (pyarrow from the local wheelhouse):

    pip install --index-url file:///opt/pypi/simple pyarrow
    python3 calcite-adapter/src/test/python/corpus_expected.py ../shared/parquet-testing \
        > calcite-adapter/src/test/resources/parquet-corpus-expected.jsonl

One JSON line per corpus file (sorted by path): {"file", "columns": [[name, pyarrow type]], "rows": row count,
"digest": SHA-256 of the canonical rows joined by newlines, "sample": the first rows (all rows when there are at
most FULL_ROWS)}, or {"file", "pyarrow_error"} for a file pyarrow cannot read. A canonical row is the JSON array
(json.dumps, ASCII, no spaces) of its cells; a cell is null for NULL, else:
  - boolean "true"/"false"; integers in decimal;
  - floats (half, single, double) as the exact decimal value of the number, trailing zeros dropped ("0.1" is
    "0.1000000000000000055511151231257827021181583404541015625"), "-0", "NaN", "Infinity", "-Infinity";
  - decimals in plain digits with their scale ("1.50");
  - strings as they are; binary (also fixed-size) as lowercase hex;
  - dates "YYYY-MM-DD" (or "epochday:N" outside years 1..9999);
  - timestamps (int96 included, read as microseconds) "YYYY-MM-DDTHH:MM:SS[.fraction]" with the fraction's
    trailing zeros dropped ("epochsecond:N[.fraction]" outside years 1..9999), "Z" appended when the type has a
    time zone;
  - lists as arrays, structs as objects (fields in order), maps as arrays of [key, value] pairs.
The Java side (ParquetCorpusSqlTest.Canonical) writes the same form from SQL results.
"""
import datetime
import decimal
import hashlib
import json
import math
import os
import sys

import pyarrow as pa
import pyarrow.parquet as pq

FULL_ROWS = 50
SAMPLE_ROWS = 5
# 1 GiB map keys: only the schema and row count (the Java test does not read them either; the execution module's
# ParquetCorpusTest checks their values against DuckDB)
COUNT_ONLY = {"large_string_map.brotli.parquet"}


def canon_float(x):
    if x is None:
        return None
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0:
        return "-0" if math.copysign(1.0, x) < 0 else "0"
    d = decimal.Decimal(x)
    s = format(d, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


EPOCH = datetime.datetime(1970, 1, 1)


def canon_timestamp(ticks, per_second, zoned):
    if ticks is None:
        return None
    seconds, frac = divmod(ticks, per_second)
    days, secs = divmod(seconds, 86400)
    try:
        t = EPOCH + datetime.timedelta(days=days, seconds=secs)
        s = t.strftime("%Y-%m-%dT%H:%M:%S")
        if t.year < 1000:
            s = "%04d" % t.year + s[s.index("-"):]
    except OverflowError:
        s = "epochsecond:%d" % seconds
    if frac:
        digits = len(str(per_second)) - 1
        s += "." + ("%0*d" % (digits, frac)).rstrip("0")
    return s + ("Z" if zoned else "")


def canon_date(days):
    if days is None:
        return None
    try:
        d = datetime.date(1970, 1, 1) + datetime.timedelta(days=days)
        return "%04d-%02d-%02d" % (d.year, d.month, d.day)
    except OverflowError:
        return "epochday:%d" % days


def canon(arr):
    """The canonical cells of one array."""
    t = arr.type
    if pa.types.is_dictionary(t):
        return canon(arr.dictionary_decode())
    if pa.types.is_null(t):
        return [None] * len(arr)
    if pa.types.is_boolean(t):
        return [None if v is None else ("true" if v else "false") for v in arr.to_pylist()]
    if pa.types.is_integer(t):
        return [None if v is None else str(v) for v in arr.to_pylist()]
    if pa.types.is_floating(t):
        if pa.types.is_float16(t):
            vals = arr.cast(pa.float32()).to_pylist()
        else:
            vals = arr.to_pylist()
        return [canon_float(v) for v in vals]
    if pa.types.is_decimal(t):
        return [None if v is None else format(v, "f") for v in arr.to_pylist()]
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return arr.to_pylist()
    if pa.types.is_binary(t) or pa.types.is_large_binary(t) or pa.types.is_fixed_size_binary(t):
        return [None if v is None else v.hex() for v in arr.to_pylist()]
    if pa.types.is_date32(t):
        return [canon_date(v) for v in arr.cast(pa.int32()).to_pylist()]
    if pa.types.is_timestamp(t):
        per = {"s": 1, "ms": 1000, "us": 1000000, "ns": 1000000000}[t.unit]
        return [canon_timestamp(v, per, t.tz is not None) for v in arr.cast(pa.int64()).to_pylist()]
    if pa.types.is_map(t):
        keys = canon(arr.keys)
        items = canon(arr.items)
        offsets = arr.offsets.to_pylist()
        return [None if not arr[i].is_valid else [[keys[j], items[j]] for j in range(offsets[i], offsets[i + 1])]
                for i in range(len(arr))]
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        values = canon(arr.values)
        offsets = arr.offsets.to_pylist()
        return [None if not arr[i].is_valid else values[offsets[i]:offsets[i + 1]] for i in range(len(arr))]
    if pa.types.is_struct(t):
        children = [canon(c) for c in arr.flatten()]
        names = [t.field(k).name for k in range(t.num_fields)]
        return [None if not arr[i].is_valid else {names[k]: children[k][i] for k in range(len(names))}
                for i in range(len(arr))]
    raise ValueError("no canonical form for type %s" % t)


def entry(root, path):
    rel = os.path.relpath(path, root)
    try:
        # int96 as microseconds: at pyarrow's default (ns) values outside 1677..2262 wrap around (int96_from_spark's
        # 9999-12-31 03:00:00 would read as 1816-03-29 ...; DuckDB and we read 9999-12-31)
        table = (pq.read_table(path, coerce_int96_timestamp_unit="us")
                 if os.path.basename(path) not in COUNT_ONLY else None)
        meta = pq.ParquetFile(path)
    except Exception as e:  # encrypted, malformed: recorded, the test expects our error
        message = str(e).replace(os.path.abspath(path), rel).replace(path, rel).splitlines()[0]
        return {"file": rel, "pyarrow_error": message[:200]}
    schema = meta.schema_arrow
    # rows as read (repeated_no_annotation's footer says 0 rows for its 6)
    rows_read = table.num_rows if table is not None else meta.metadata.num_rows
    out = {"file": rel, "columns": [[f.name, str(f.type)] for f in schema], "rows": rows_read}
    if table is None:
        return out
    columns = [canon(c.combine_chunks()) if c.num_chunks != 1 else canon(c.chunk(0)) for c in table.columns]
    rows = [json.dumps([col[r] for col in columns], separators=(",", ":")) for r in range(table.num_rows)]
    out["digest"] = hashlib.sha256("\n".join(rows).encode("ascii")).hexdigest()
    out["sample"] = [json.loads(r) for r in rows[: (FULL_ROWS if len(rows) <= FULL_ROWS else SAMPLE_ROWS)]]
    return out


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "../shared/parquet-testing"
    files = []
    for d, _, names in os.walk(root):
        files += [os.path.join(d, n) for n in names if n.endswith(".parquet") or n.endswith(".parquet.encrypted")]
    for path in sorted(files, key=lambda p: os.path.relpath(p, root)):
        print(json.dumps(entry(root, path), separators=(",", ":")))


if __name__ == "__main__":
    main()
