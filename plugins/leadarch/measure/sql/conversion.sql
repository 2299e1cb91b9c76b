-- conversion[]: cohort = records whose first visit to `from` is counted; reached = cohort
-- records entering `to` at or after that first entry (within the horizon, when set);
-- censored = not reached, and first entry + horizon lies after as_of.
WITH first_k AS (  -- each record's first visit to each stage a cohort starts from
    SELECT rid, stage, min(k) AS k0
    FROM visits WHERE stage IN (SELECT "from" FROM conversion_defs)
    GROUP BY rid, stage
),
stage_firsts AS (
    SELECT f.rid, f.stage, f.k0, v.start_ts AS t0, v.counted
    FROM first_k f JOIN visits v ON v.rid = f.rid AND v.k = f.k0
),
cohort AS (
    SELECT d.id, f.rid, f.k0, f.t0
    FROM conversion_defs d JOIN stage_firsts f ON f.stage = d."from"
    WHERE f.counted
),
arrivals AS (  -- the first arrival at `to` at or after the cohort entry, per record
    SELECT c.id, c.rid, bool_or(true) AS arrived, min(r.start_ts) AS t1
    FROM cohort c
    JOIN conversion_defs d ON d.id = c.id
    JOIN visits r ON r.rid = c.rid AND r.stage = d."to" AND r.k >= c.k0
    GROUP BY c.id, c.rid
),
outcome AS (
    SELECT c.id, c.rid, c.t0,
           coalesce(a.arrived, false)
             AND (d.horizon_s IS NULL
                  OR (c.t0 IS NOT NULL AND a.t1 IS NOT NULL AND epoch(a.t1 - c.t0) <= d.horizon_s))
             AS reached
    FROM cohort c
    JOIN conversion_defs d ON d.id = c.id
    LEFT JOIN arrivals a ON a.id = c.id AND a.rid = c.rid
)
SELECT d.id, d."from", d."to", d.horizon,
       count(o.rid) AS cohort,
       count(o.rid) FILTER (WHERE o.reached) AS reached,
       count(o.rid) FILTER (
           WHERE NOT o.reached AND d.horizon_s IS NOT NULL
             AND (o.t0 IS NULL OR epoch((SELECT as_of FROM params) - o.t0) < d.horizon_s)
       ) AS censored
FROM conversion_defs d LEFT JOIN outcome o ON o.id = d.id
GROUP BY d.id, d."from", d."to", d.horizon, d.ord
ORDER BY d.ord;
