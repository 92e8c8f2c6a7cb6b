package io.daft.ops.window;

/** Window functions. Ranking and offset functions ignore the frame; aggregates use it. */
public enum WindowOp {
    ROW_NUMBER, RANK, DENSE_RANK, PERCENT_RANK, CUME_DIST, NTILE,
    LAG, LEAD, FIRST_VALUE, LAST_VALUE, NTH_VALUE,
    SUM, MEAN, COUNT, COUNT_ALL, MIN, MAX
}
