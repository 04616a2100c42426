-- Writes small.parquet (the same table as small.csv, typed), groups.parquet (2,500 rows in three row groups) and
-- nested.parquet (a list column, which Ferry refuses).
-- An independent writer (DuckDB) on purpose: Ferry reads Parquet with Parquet.Net. Run: duckdb < make_small_parquet.sql
COPY (
    SELECT * FROM (VALUES
        (1, 1.5::DOUBLE, 'red', true, DATE '2024-01-31'),
        (2, NULL, 'blue', false, DATE '2024-02-29'),
        (3, -2.25, NULL, true, NULL),
        (4, 10, 'red', NULL, DATE '2023-12-01')
    ) AS people(id, height, colour, active, joined)
) TO 'small.parquet' (FORMAT parquet, COMPRESSION snappy);
COPY (
    SELECT i::BIGINT AS id, i * 0.5 AS x, 'c' || (i % 3) AS colour, (i % 7)::SMALLINT AS small,
           (i / 4)::DECIMAL(10, 2) AS price, TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (i) HOUR AS at
    FROM range(1, 2501) AS r(i)
) TO 'groups.parquet' (FORMAT parquet, ROW_GROUP_SIZE 1000, COMPRESSION zstd);
COPY (SELECT 1 AS id, [1, 2] AS tags) TO 'nested.parquet' (FORMAT parquet);
