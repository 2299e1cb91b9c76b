-- conversion[]: cohort = records whose first visit to `from` is counted; reached = cohort
-- records entering `to` at or after that first entry (within the horizon, when set);
-- censored = not reached, and first entry + horizon lies after as_of.
WITH firsts AS (
    SELECT d.id, v.rid, min(v.k) AS k0, arg_min(v.start_ts, v.k) AS t0,
           arg_min(v.counted, v.k) AS counted
    FROM conversion_defs d JOIN visits v ON v.stage = d."from"
    GROUP BY d.id, v.rid
),
cohort AS (SELECT * FROM firsts WHERE counted),
outcome AS (
    SELECT c.id, c.rid, c.t0, d.horizon_s,
           EXISTS (
               SELECT 1 FROM visits r
               WHERE r.rid = c.rid AND r.stage = d."to" AND r.k >= c.k0
                 AND (d.horizon_s IS NULL
                      OR (c.t0 IS NOT NULL AND r.start_ts IS NOT NULL
                          AND epoch(r.start_ts - c.t0) <= d.horizon_s))
           ) AS reached
    FROM cohort c JOIN conversion_defs d ON d.id = c.id
)
SELECT d.id, d."from", d."to", d.horizon,
       count(o.rid) AS cohort,
       count(o.rid) FILTER (WHERE o.reached) AS reached,
       count(o.rid) FILTER (
           WHERE NOT o.reached AND d.horizon_s IS NOT NULL
             AND (o.t0 IS NULL OR o.t0 + to_seconds(d.horizon_s) > (SELECT as_of FROM params))
       ) AS censored
FROM conversion_defs d LEFT JOIN outcome o ON o.id = d.id
GROUP BY d.id, d."from", d."to", d.horizon, d.ord
ORDER BY d.ord;
