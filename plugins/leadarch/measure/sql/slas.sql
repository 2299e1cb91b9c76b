-- slas.<id>: one clock a visit to the SLA's stage. Start: the visit's start, or its first
-- assignment; stop: the first touch in the visit at or after the start (first_touch), or
-- the visit's end. Elapsed in business time (work_buckets of the SLA's calendar) or wall time.
CREATE OR REPLACE TEMP TABLE sla_clocks AS
WITH visits_of AS NOT MATERIALIZED (  -- read twice: a join is cheaper than a copy
    SELECT s.id, s.target_s, s.start_on, s.stop_on, s.calendar, v.rid, v.k, v.start_ts, v.end_ts
    FROM sla_defs s JOIN visits v ON v.stage = s.stage
    WHERE v.counted AND v.start_ts IS NOT NULL
),
marks AS (  -- assignments and touches up to as_of, the only events a clock looks at
    SELECT rid, ts, kind FROM events
    WHERE kind IN ('assign', 'touch') AND ts <= (SELECT as_of FROM params)
),
assigned AS (
    SELECT o.id, o.rid, o.k, min(m.ts) AS first_assign
    FROM visits_of o JOIN marks m ON m.rid = o.rid
    WHERE o.start_on = 'assignment' AND m.kind = 'assign'
      AND m.ts >= o.start_ts AND (o.end_ts IS NULL OR m.ts < o.end_ts)
    GROUP BY o.id, o.rid, o.k
),
started AS (
    SELECT o.*, CASE WHEN o.start_on = 'assignment' THEN a.first_assign ELSE o.start_ts END
             AS clock_start
    FROM visits_of o LEFT JOIN assigned a ON a.id = o.id AND a.rid = o.rid AND a.k = o.k
),
touched AS (
    SELECT s.id, s.rid, s.k, min(m.ts) AS first_touch
    FROM started s JOIN marks m ON m.rid = s.rid
    WHERE s.stop_on = 'first_touch' AND m.kind = 'touch'
      AND m.ts >= s.clock_start AND (s.end_ts IS NULL OR m.ts < s.end_ts)
    GROUP BY s.id, s.rid, s.k
),
ends AS (
    SELECT s.id, s.rid, s.target_s, s.calendar, s.clock_start,
           CASE WHEN s.stop_on = 'first_touch' THEN coalesce(t.first_touch, s.end_ts)
                ELSE s.end_ts END AS clock_stop
    FROM started s LEFT JOIN touched t ON t.id = s.id AND t.rid = s.rid AND t.k = s.k
    WHERE s.clock_start IS NOT NULL
),
closed AS (SELECT *, coalesce(clock_stop, (SELECT as_of FROM params)) AS clock_end FROM ends),
bucketed AS (  -- the buckets of a business-time clock's start and end
    SELECT *,
           CASE WHEN calendar IS NOT NULL
                THEN CAST(floor(epoch(clock_start) / (SELECT bucket_s FROM params)) AS BIGINT) END AS k0,
           CASE WHEN calendar IS NOT NULL
                THEN CAST(floor(epoch(clock_end) / (SELECT bucket_s FROM params)) AS BIGINT) END AS k1
    FROM closed
)
SELECT e.id, e.rid, e.target_s, e.clock_stop IS NOT NULL AS stopped,
       CASE WHEN e.calendar IS NULL THEN (epoch_us(e.clock_end) - epoch_us(e.clock_start)) / 1000000.0
            ELSE (b1.cum + least(greatest((epoch_us(e.clock_end) - epoch_us(b1.lo)) / 1000000.0, 0), b1.len_s))
               - (b0.cum + least(greatest((epoch_us(e.clock_start) - epoch_us(b0.lo)) / 1000000.0, 0), b0.len_s)) END AS elapsed_s
FROM bucketed e
LEFT JOIN work_buckets b0 ON b0.calendar = e.calendar AND b0.bucket = e.k0
LEFT JOIN work_buckets b1 ON b1.calendar = e.calendar AND b1.bucket = e.k1;

SELECT d.id,
       count(c.rid) AS measured,
       count(c.rid) FILTER (WHERE c.stopped AND c.elapsed_s <= c.target_s) AS met,
       count(c.rid) FILTER (WHERE c.elapsed_s > c.target_s) AS breached,
       count(c.rid) FILTER (WHERE NOT c.stopped AND c.elapsed_s <= c.target_s) AS open,
       quantile_cont(c.elapsed_s, 0.5) FILTER (WHERE c.stopped) AS median_s,
       quantile_cont(c.elapsed_s, 0.9) FILTER (WHERE c.stopped) AS p90_s
FROM sla_defs d LEFT JOIN sla_clocks c ON c.id = d.id
GROUP BY d.id
ORDER BY d.id;
