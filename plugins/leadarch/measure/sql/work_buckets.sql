-- work_buckets: business time found by equality, not by a search. Time is cut into buckets
-- of params.bucket_s seconds, no wider than the shortest break between two working spans,
-- so a bucket holds at most one working part; each bucket keeps the last span starting
-- before its end (none: nothing worked yet). For an instant t in bucket
-- floor(epoch(t) / bucket_s), the business seconds before t are
--     cum + least(greatest((epoch_us(t) - epoch_us(lo)) / 1000000.0, 0), len_s)
-- The buckets run from the first event to as_of (or the last event).
CREATE OR REPLACE TEMP TABLE work_buckets AS
WITH bounds AS (
    SELECT CAST(floor(epoch(min(ts)) / (SELECT bucket_s FROM params)) AS BIGINT) AS first_bucket,
           CAST(floor(epoch(greatest(max(ts), (SELECT as_of FROM params)))
                      / (SELECT bucket_s FROM params)) AS BIGINT) AS last_bucket
    FROM events
),
spans AS (
    SELECT calendar, lo, hi, cum, row_number() OVER (PARTITION BY calendar ORDER BY lo) AS n,
           CAST(floor(epoch(lo) / (SELECT bucket_s FROM params)) AS BIGINT) AS start_bucket
    FROM work_spans
),
starts AS (  -- the last span starting in each bucket (spans before the first: in the first)
    SELECT s.calendar, greatest(s.start_bucket, b.first_bucket) AS bucket, max(s.n) AS n
    FROM spans s CROSS JOIN bounds b
    GROUP BY s.calendar, greatest(s.start_bucket, b.first_bucket)
),
buckets AS (
    SELECT c.calendar, g.bucket
    FROM (SELECT DISTINCT calendar FROM work_spans) c CROSS JOIN bounds b
    CROSS JOIN UNNEST(generate_series(b.first_bucket, b.last_bucket)) AS g(bucket)
),
latest AS (
    SELECT k.calendar, k.bucket,
           max(st.n) OVER (PARTITION BY k.calendar ORDER BY k.bucket
                           ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS n
    FROM buckets k LEFT JOIN starts st ON st.calendar = k.calendar AND st.bucket = k.bucket
)
SELECT l.calendar, l.bucket,
       coalesce(s.lo, to_timestamp(l.bucket * (SELECT bucket_s FROM params))) AS lo,
       coalesce((epoch_us(s.hi) - epoch_us(s.lo)) / 1000000.0, 0) AS len_s, coalesce(s.cum, 0) AS cum
FROM latest l LEFT JOIN spans s ON s.calendar = l.calendar AND s.n = l.n;
