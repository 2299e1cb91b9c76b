-- slas.<id>: one clock a visit to the SLA's stage. Start: the visit's start, or its first
-- assignment; stop: the first touch in the visit at or after the start (first_touch), or
-- the visit's end. Elapsed in business time (work_spans of the SLA's calendar) or wall time.
CREATE OR REPLACE TEMP TABLE sla_clocks AS
WITH visits_of AS (
    SELECT s.id, s.target_s, s.start_on, s.stop_on, s.calendar, v.rid, v.start_ts, v.end_ts
    FROM sla_defs s JOIN visits v ON v.stage = s.stage
    WHERE v.counted AND v.start_ts IS NOT NULL
),
started AS (
    SELECT o.*,
           CASE WHEN o.start_on = 'assignment' THEN (
               SELECT min(e.ts) FROM events e
               WHERE e.rid = o.rid AND e.kind = 'assign' AND e.ts >= o.start_ts
                 AND e.ts < coalesce(o.end_ts, (SELECT as_of FROM params) + INTERVAL 1 MICROSECOND))
           ELSE o.start_ts END AS clock_start
    FROM visits_of o
),
stopped AS (
    SELECT s.*,
           CASE WHEN s.stop_on = 'first_touch' THEN coalesce((
               SELECT min(e.ts) FROM events e
               WHERE e.rid = s.rid AND e.kind = 'touch' AND e.ts >= s.clock_start
                 AND e.ts < coalesce(s.end_ts, (SELECT as_of FROM params) + INTERVAL 1 MICROSECOND)),
               s.end_ts)
           ELSE s.end_ts END AS clock_stop
    FROM started s WHERE s.clock_start IS NOT NULL
),
ends AS (
    SELECT *, coalesce(clock_stop, (SELECT as_of FROM params)) AS clock_end FROM stopped
)
SELECT e.id, e.rid, e.target_s, e.clock_stop IS NOT NULL AS stopped,
       CASE WHEN e.calendar IS NULL THEN epoch(e.clock_end - e.clock_start)
            ELSE (coalesce(b1.cum, 0) + least(greatest(epoch(e.clock_end - b1.lo), 0), epoch(b1.hi - b1.lo)))
               - (coalesce(b0.cum, 0) + least(greatest(epoch(e.clock_start - b0.lo), 0), epoch(b0.hi - b0.lo)))
       END AS elapsed_s
FROM ends e
ASOF LEFT JOIN work_spans b0 ON b0.calendar = e.calendar AND e.clock_start >= b0.lo
ASOF LEFT JOIN work_spans b1 ON b1.calendar = e.calendar AND e.clock_end >= b1.lo;

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
