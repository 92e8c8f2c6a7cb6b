-- Datasets of the sqllogictest suite. Run on DuckDB only (SltData): every table created here is written as
-- <data dir>/<table>.parquet, and our engine reads the tables from those files. Regenerate the expected results
-- (SltGenerator) after changing anything here.

-- every type, with a row of nulls and duplicates
CREATE TABLE alltypes (
    id BIGINT,
    i INTEGER,
    si SMALLINT,
    ti TINYINT,
    d DOUBLE,
    r REAL,
    amt DECIMAL(10, 2),
    wide DECIMAL(18, 4),
    s VARCHAR,
    b BOOLEAN,
    dt DATE,
    ts TIMESTAMP
);
INSERT INTO alltypes VALUES
    (1, 10, 100, 1, 1.5, 0.5, 12.34, 1234.5678, 'alpha', true, DATE '2024-01-15', TIMESTAMP '2024-01-15 08:30:00'),
    (2, -20, -200, -2, -2.25, 1.25, -5.00, -0.0001, 'Beta', false, DATE '2023-12-31', TIMESTAMP '2023-12-31 23:59:59'),
    (3, 0, 0, 0, 0.0, 0.0, 0.00, 0.0000, '', true, DATE '2024-02-29', TIMESTAMP '2024-02-29 12:00:00'),
    (4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
    (5, 2147483647, 32767, 127, 1e10, 3.75, 99999999.99, 99999999999999.9999, 'gamma delta', false, DATE '1970-01-01', TIMESTAMP '1970-01-01 00:00:00'),
    (6, -2147483648, -32768, -128, -1e-3, -8.5, -99999999.99, -12.5, '  padded  ', true, DATE '1999-12-31', TIMESTAMP '2000-01-01 00:00:00.5'),
    (7, 10, 100, 1, 1.5, 0.5, 12.34, 1234.5678, 'alpha', true, DATE '2024-01-15', TIMESTAMP '2024-01-15 08:30:00'),
    (8, 7, 7, 7, 7.125, 7.0, 7.77, 7.0007, 'ALPHA', NULL, DATE '2024-03-01', TIMESTAMP '2024-03-01 06:07:08'),
    (9, NULL, 3, NULL, 3.5, NULL, 3.00, NULL, 'x', false, NULL, TIMESTAMP '2024-06-30 18:45:30'),
    (10, 42, NULL, 42, NULL, 2.0, NULL, 42.4242, NULL, true, DATE '2025-07-04', NULL);

-- employees: null departments, a department missing from dept, duplicate names, null salaries
CREATE TABLE emp (
    emp_id INTEGER,
    name VARCHAR,
    dept_id INTEGER,
    salary DECIMAL(10, 2),
    bonus DOUBLE,
    hired DATE,
    manager_id INTEGER,
    active BOOLEAN
);
INSERT INTO emp VALUES
    (1, 'Alice', 10, 5000.00, 500.0, DATE '2015-03-01', NULL, true),
    (2, 'Bob', 10, 4000.00, NULL, DATE '2016-07-15', 1, true),
    (3, 'Carol', 20, 4500.00, 250.5, DATE '2017-01-10', 1, false),
    (4, 'Dave', 20, 4500.00, 100.0, DATE '2018-11-30', 3, true),
    (5, 'Eve', 30, 6000.00, 1000.0, DATE '2014-05-20', 1, true),
    (6, 'Frank', NULL, 3000.00, NULL, DATE '2020-02-29', 2, false),
    (7, 'Grace', 40, NULL, 50.0, DATE '2021-09-01', 5, true),
    (8, 'Heidi', 10, 5500.00, 0.0, DATE '2019-12-31', 1, NULL),
    (9, 'Bob', 30, 3500.00, 75.25, DATE '2022-04-04', 5, true),
    (10, 'Ivan', 50, 2500.00, NULL, DATE '2023-01-01', 9, false);

-- departments: 20 and 30 have employees, 60 has none, 40/50 are missing from here
CREATE TABLE dept (
    dept_id INTEGER,
    dept_name VARCHAR,
    region VARCHAR,
    budget BIGINT
);
INSERT INTO dept VALUES
    (10, 'Engineering', 'EU', 100000),
    (20, 'Sales', 'US', 50000),
    (30, 'Marketing', 'EU', 30000),
    (60, 'Legal', NULL, 20000),
    (NULL, 'Unassigned', 'US', NULL);

-- skewed keys: k = 1 for most rows, a few other keys, some nulls
CREATE TABLE skew AS
SELECT
    CAST(i AS BIGINT) AS id,
    CAST(CASE WHEN i % 10 < 7 THEN 1 WHEN i % 10 = 7 THEN NULL ELSE i % 7 END AS INTEGER) AS k,
    CAST(i % 13 AS INTEGER) AS v,
    CAST((i * 37) % 101 AS DOUBLE) / 4 AS x,
    CASE WHEN i % 3 = 0 THEN 'a' WHEN i % 3 = 1 THEN 'b' ELSE NULL END AS tag
FROM range(0, 300) AS r(i);

-- small tables for set operations: duplicates and nulls
CREATE TABLE set_a (x INTEGER, y VARCHAR);
INSERT INTO set_a VALUES (1, 'a'), (1, 'a'), (2, 'b'), (3, NULL), (NULL, 'n'), (NULL, 'n'), (4, 'd');
CREATE TABLE set_b (x INTEGER, y VARCHAR);
INSERT INTO set_b VALUES (1, 'a'), (3, NULL), (NULL, 'n'), (5, 'e'), (5, 'e'), (2, 'x');

-- strings
CREATE TABLE strs (id INTEGER, s VARCHAR, t VARCHAR);
INSERT INTO strs VALUES
    (1, 'Hello World', 'hello'),
    (2, 'hello', 'HELLO'),
    (3, '', 'empty'),
    (4, NULL, 'null'),
    (5, '  trim me  ', 'x'),
    (6, 'a%b_c', 'like'),
    (7, 'abcabc', 'abc'),
    (8, 'xxhixx', 'x'),
    (9, 'Zebra', NULL),
    (10, 'apple', 'APPLE');

-- dates and timestamps
CREATE TABLE events (id INTEGER, d DATE, ts TIMESTAMP, n INTEGER);
INSERT INTO events VALUES
    (1, DATE '2024-01-31', TIMESTAMP '2024-01-31 10:15:30', 1),
    (2, DATE '2024-02-29', TIMESTAMP '2024-02-29 23:59:59', 2),
    (3, DATE '2023-03-15', TIMESTAMP '2023-03-15 00:00:00', 3),
    (4, DATE '1999-12-31', TIMESTAMP '1999-12-31 12:30:45', NULL),
    (5, NULL, NULL, 5),
    (6, DATE '2000-01-01', TIMESTAMP '2000-01-01 00:00:01', 6),
    (7, DATE '2024-12-31', TIMESTAMP '2024-12-31 18:00:00', 7),
    (8, DATE '2024-01-31', TIMESTAMP '2024-01-31 10:15:30', 8);

-- time series for window functions: per group, ordered by t, with ties and nulls
CREATE TABLE series (g VARCHAR, t INTEGER, v DOUBLE, w INTEGER);
INSERT INTO series VALUES
    ('a', 1, 10.0, 1), ('a', 2, 20.0, 2), ('a', 3, NULL, 2), ('a', 4, 40.0, 3), ('a', 5, 50.0, 5),
    ('b', 1, 5.0, 1), ('b', 2, 5.0, 1), ('b', 3, 7.5, 4),
    ('c', 1, 100.0, 9),
    (NULL, 1, 1.0, 1), (NULL, 2, 2.0, 1);

-- empty tables
CREATE TABLE empty_t (id BIGINT, v INTEGER, s VARCHAR, d DOUBLE);
CREATE TABLE empty_dec (k INTEGER, m DECIMAL(12, 3));

-- a column that is entirely null, and a single-row table
CREATE TABLE allnull (id INTEGER, n INTEGER, s VARCHAR);
INSERT INTO allnull VALUES (1, NULL, NULL), (2, NULL, NULL), (3, NULL, NULL);
CREATE TABLE single_row (x INTEGER);
INSERT INTO single_row VALUES (1);

-- issue 8's wrong-answer shapes: sales with null keys, regions and notes; customers with nulls in either key column
CREATE TABLE wa_sales AS
SELECT
    CAST(i AS BIGINT) AS id,
    CAST(i % 12 AS INTEGER) AS cust_id,
    CASE i % 4 WHEN 0 THEN 'EU' WHEN 1 THEN 'US' WHEN 2 THEN 'APAC' ELSE NULL END AS region,
    CAST(i % 7 AS INTEGER) AS qty,
    CASE WHEN i % 5 = 0 THEN NULL ELSE 'n' || CAST(i % 3 AS VARCHAR) END AS note,
    CAST(DATE '2024-01-01' + CAST(i % 45 AS INTEGER) AS DATE) AS d
FROM range(0, 40) AS r(i);
INSERT INTO wa_sales VALUES (40, NULL, 'EU', 3, 'n1', NULL), (41, NULL, NULL, NULL, NULL, NULL);
CREATE TABLE wa_cust (cust_id INTEGER, region VARCHAR);
INSERT INTO wa_cust VALUES
    (0, 'EU'), (1, 'US'), (2, 'APAC'), (3, NULL), (5, 'US'), (NULL, 'EU'), (7, NULL), (8, 'EU'), (NULL, NULL), (20, 'US');
CREATE TABLE wa_cust_nn AS SELECT * FROM wa_cust WHERE cust_id IS NOT NULL AND region IS NOT NULL;

-- window frames over dates and timestamps: ties, month ends, leap day, sub-day spreads, null keys
CREATE TABLE wa_times (id INTEGER, g VARCHAR, d DATE, ts TIMESTAMP, v INTEGER);
INSERT INTO wa_times VALUES
    (1, 'a', DATE '2024-01-01', TIMESTAMP '2024-01-01 00:00:00', 1),
    (2, 'a', DATE '2024-01-02', TIMESTAMP '2024-01-01 06:00:00', 2),
    (3, 'a', DATE '2024-01-02', TIMESTAMP '2024-01-01 18:30:00', 3),
    (4, 'a', DATE '2024-01-05', TIMESTAMP '2024-01-02 12:00:00', 4),
    (5, 'a', DATE '2024-01-31', TIMESTAMP '2024-01-31 23:59:59', 5),
    (6, 'a', DATE '2024-02-29', TIMESTAMP '2024-02-29 00:00:00', 6),
    (7, 'a', DATE '2024-03-31', TIMESTAMP '2024-03-30 12:00:00', 7),
    (8, 'a', NULL, NULL, 8),
    (9, 'b', DATE '2023-12-31', TIMESTAMP '2023-12-31 23:00:00', 9),
    (10, 'b', DATE '2024-01-01', TIMESTAMP '2024-01-01 01:00:00', 10),
    (11, 'b', NULL, NULL, 11),
    (12, 'b', DATE '2025-01-01', TIMESTAMP '2025-01-01 00:00:00.5', 12);

-- columns named with words users pick (keywords in the SQL standard; DuckDB takes them as names)
CREATE TABLE readings (year INTEGER, month INTEGER, day INTEGER, value DOUBLE, count BIGINT, position INTEGER,
    "user" VARCHAR, level INTEGER, type VARCHAR, name VARCHAR, status VARCHAR, result DECIMAL(6, 2), data VARCHAR,
    one INTEGER, dec INTEGER, "date" DATE);
INSERT INTO readings VALUES
    (2023, 12, 31, 1.5, 10, 1, 'ann', 1, 'a', 'x', 'ok', 1.25, 'd1', 1, 10, DATE '2023-12-31'),
    (2024, 1, 1, 2.5, 20, 2, 'bob', 2, 'b', 'y', 'ok', 2.50, 'd2', 1, 20, DATE '2024-01-01'),
    (2024, 1, 2, NULL, 30, 3, 'ann', 1, 'a', NULL, 'failed', NULL, NULL, 1, 30, DATE '2024-01-02'),
    (2024, 2, 29, 4.0, NULL, 4, NULL, 3, 'c', 'z', 'ok', 4.00, 'd4', 1, NULL, NULL);

-- timestamps at millisecond, microsecond and nanosecond precision, with a time zone, before 1970 and BC
CREATE TABLE stamps (id INTEGER, ts_us TIMESTAMP, ts_ns TIMESTAMP_NS, ts_ms TIMESTAMP_MS, tz TIMESTAMPTZ);
INSERT INTO stamps VALUES
    (1, TIMESTAMP '2024-01-02 03:04:05.123456', TIMESTAMP_NS '2024-01-02 03:04:05.123456789',
        TIMESTAMP_MS '2024-01-02 03:04:05.123', TIMESTAMPTZ '2024-01-02 03:04:05.123456+00'),
    (2, TIMESTAMP '1969-12-31 23:59:59.999999', TIMESTAMP_NS '1969-12-31 23:59:59.000000001',
        TIMESTAMP_MS '1969-12-31 23:59:59.5', TIMESTAMPTZ '1900-01-01 00:00:00.000001+00'),
    (3, TIMESTAMP '0044-03-15 (BC) 12:00:00.25', TIMESTAMP_NS '1677-09-22 00:00:00.000000001',
        TIMESTAMP_MS '0001-01-01 00:00:00.001', NULL),
    (4, TIMESTAMP '2024-01-02 03:04:05.123457', TIMESTAMP_NS '2024-01-02 03:04:05.12345679',
        TIMESTAMP_MS '2024-01-02 03:04:05.124', TIMESTAMPTZ '2024-01-02 03:04:05.123457+00'),
    (5, NULL, NULL, NULL, NULL);

-- nested values: lists (with NULL and empty lists, NULL elements), a map, a struct
CREATE TABLE nested (id INTEGER, xs INTEGER[], names VARCHAR[], m MAP(VARCHAR, INTEGER), s STRUCT(a INTEGER, b VARCHAR));
INSERT INTO nested VALUES
    (1, [1, 2, 3], ['a', 'b'], MAP(['k1', 'k2'], [10, 20]), {'a': 1, 'b': 'x'}),
    (2, [4, NULL], ['c'], MAP(['k1'], [30]), {'a': NULL, 'b': 'y'}),
    (3, [], [], MAP([], []::INTEGER[]), NULL),
    (4, NULL, NULL, NULL, {'a': 4, 'b': NULL}),
    (5, [5], [NULL, 'e', 'f'], MAP(['k3'], [NULL]), {'a': 5, 'b': 'z'});

-- more nested shapes: lists of structs (NULL structs, NULL fields), lists of lists, maps with integer keys,
-- structs holding structs and lists, doubles; NULL and empty everywhere; duplicate values for grouping
CREATE TABLE nested2 (id INTEGER, grp VARCHAR, ps STRUCT(a INTEGER, b VARCHAR)[], ll INTEGER[][], mi MAP(INTEGER, VARCHAR),
    st STRUCT(x INTEGER, sub STRUCT(y VARCHAR, zs INTEGER[])), ds DOUBLE[]);
INSERT INTO nested2 VALUES
    (1, 'a', [{'a': 1, 'b': 'p'}, {'a': 2, 'b': NULL}], [[1, 2], [3]], MAP([1, 2], ['one', 'two']), {'x': 1, 'sub': {'y': 'u', 'zs': [1, 2]}}, [1.5, -0.0]),
    (2, 'a', [NULL, {'a': NULL, 'b': 'q'}], [[], NULL, [NULL]], MAP([3], [NULL]), {'x': NULL, 'sub': NULL}, [0.0, NULL]),
    (3, 'b', [], [], MAP([], []::VARCHAR[]), NULL, []),
    (4, 'b', NULL, NULL, NULL, {'x': 4, 'sub': {'y': NULL, 'zs': []}}, NULL),
    (5, NULL, [{'a': 1, 'b': 'p'}, {'a': 2, 'b': NULL}], [[1, 2], [3]], MAP([1, 2], ['one', 'two']), {'x': 1, 'sub': {'y': 'u', 'zs': [1, 2]}}, [1.5, 0.0]),
    (6, 'c', [{'a': 3, 'b': 'r'}], [[1, 2, 3]], MAP([2], ['deux']), {'x': 6, 'sub': {'y': 'w', 'zs': NULL}}, [-2.5, 1e300]),
    (7, 'c', [{'a': 1, 'b': 'p'}], [[1], [2, 3]], MAP([1], ['uno']), {'x': NULL, 'sub': {'y': NULL, 'zs': [NULL]}}, [NULL]);
