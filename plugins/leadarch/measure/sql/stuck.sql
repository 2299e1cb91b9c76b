-- stuck[]: records whose last visit is open at as_of in a non-terminal stage for longer
-- than the stage's SLA target (in that SLA's time), or than the stage's p90 without one.
-- A lead whose last step is its conversion is not stuck: its history goes on in the
-- contact and the opportunity it became, not in the lead.
WITH p90 AS (
    SELECT stage, quantile_cont(duration_s, 0.9) AS p90_s FROM visits
    WHERE counted AND stage IS NOT NULL GROUP BY stage
),
last AS (
    SELECT v.rid, v.stage, v.start_ts, s.target_s, s.calendar, p.p90_s,
           (SELECT as_of FROM params) AS as_of
    FROM visits v
    JOIN stage_defs d ON d.id = v.stage AND NOT d.terminal
    LEFT JOIN sla_defs s ON s.id = d.sla
    LEFT JOIN p90 p ON p.stage = v.stage
    WHERE v.next_step IS NULL AND v.counted AND v.start_ts IS NOT NULL AND NOT v.converted
),
aged AS (
    SELECT l.rid, l.stage, l.start_ts, coalesce(l.target_s, l.p90_s) AS limit_s,
           CASE WHEN l.target_s IS NULL OR l.calendar IS NULL THEN (epoch_us(l.as_of) - epoch_us(l.start_ts)) / 1000000.0
                ELSE (b1.cum + least(greatest((epoch_us(l.as_of) - epoch_us(b1.lo)) / 1000000.0, 0), b1.len_s))
                   - (b0.cum + least(greatest((epoch_us(l.start_ts) - epoch_us(b0.lo)) / 1000000.0, 0), b0.len_s))
           END AS age_s
    FROM last l
    LEFT JOIN work_buckets b0 ON b0.calendar = l.calendar AND b0.bucket = CAST(floor(epoch(l.start_ts) / (SELECT bucket_s FROM params)) AS BIGINT)
    LEFT JOIN work_buckets b1 ON b1.calendar = l.calendar AND b1.bucket = CAST(floor(epoch(l.as_of) / (SELECT bucket_s FROM params)) AS BIGINT)
)
SELECT a.rid, a.stage, epoch_us(a.start_ts) AS since_us, a.age_s, a.limit_s
FROM aged a JOIN stage_defs d ON d.id = a.stage
WHERE a.limit_s IS NOT NULL AND a.age_s > a.limit_s
ORDER BY d.ord, a.age_s DESC, a.rid;
