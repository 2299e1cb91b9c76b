-- kpis (time): per record, from its first entry to `from` until it first enters `to` at or
-- after that entry, or until its first touch at or after it; median / p90 over records.
WITH first_k AS (
    SELECT d.id, v.rid, min(v.k) AS k0
    FROM kpi_time_defs d JOIN visits v ON v.stage = d."from"
    GROUP BY d.id, v.rid
),
firsts AS (
    SELECT f.id, f.rid, f.k0, v.start_ts AS t0, v.counted
    FROM first_k f JOIN visits v ON v.rid = f.rid AND v.k = f.k0
),
stops AS (
    SELECT f.id, f.rid, f.t0, d.calendar,
           CASE WHEN d."to" IS NULL THEN (
                    SELECT min(e.ts) FROM events e
                    WHERE e.rid = f.rid AND e.kind = 'touch' AND e.ts >= f.t0
                      AND e.ts <= (SELECT as_of FROM params))
                ELSE (SELECT min(r.start_ts) FROM visits r
                      WHERE r.rid = f.rid AND r.stage = d."to" AND r.k > f.k0)
           END AS t1
    FROM firsts f JOIN kpi_time_defs d ON d.id = f.id
    WHERE f.counted AND f.t0 IS NOT NULL
),
elapsed AS (
    SELECT s.id,
           CASE WHEN s.calendar IS NULL THEN (epoch_us(s.t1) - epoch_us(s.t0)) / 1000000.0
                ELSE (b1.cum + least(greatest((epoch_us(s.t1) - epoch_us(b1.lo)) / 1000000.0, 0), b1.len_s))
                   - (b0.cum + least(greatest((epoch_us(s.t0) - epoch_us(b0.lo)) / 1000000.0, 0), b0.len_s))
           END AS elapsed_s
    FROM stops s
    LEFT JOIN work_buckets b0 ON b0.calendar = s.calendar AND b0.bucket = CAST(floor(epoch(s.t0) / (SELECT bucket_s FROM params)) AS BIGINT)
    LEFT JOIN work_buckets b1 ON b1.calendar = s.calendar AND b1.bucket = CAST(floor(epoch(s.t1) / (SELECT bucket_s FROM params)) AS BIGINT)
    WHERE s.t1 IS NOT NULL
)
SELECT d.id, count(e.elapsed_s) AS n,
       quantile_cont(e.elapsed_s, 0.5) AS median_s, quantile_cont(e.elapsed_s, 0.9) AS p90_s
FROM kpi_time_defs d LEFT JOIN elapsed e ON e.id = d.id
GROUP BY d.id ORDER BY d.id;
