-- conversion[]: cohort = records whose first visit to `from` is counted; reached = cohort
-- records entering `to` at or after that first entry (within the horizon, when set);
-- censored = not reached, and first entry + horizon lies after as_of.
WITH cohort AS (
    SELECT d.id, d."to", d.horizon_s, v.rid, v.k AS k0, v.start_ts AS t0
    FROM visits v JOIN conversion_defs d ON d."from" = v.stage
    WHERE v.prior_k IS NULL AND v.counted
),
outcome AS (  -- the first visit to `to` at or after the cohort entry: one at most
    SELECT c.id, c.rid, c.t0, c.horizon_s,
           CASE WHEN r.rid IS NULL THEN false
                WHEN c.horizon_s IS NULL THEN true
                ELSE c.t0 IS NOT NULL AND r.start_ts IS NOT NULL
                     AND (epoch_us(r.start_ts) - epoch_us(c.t0)) / 1000000.0 <= c.horizon_s END AS reached
    FROM cohort c
    LEFT JOIN visits r ON r.rid = c.rid AND r.stage = c."to" AND r.k >= c.k0
                      AND (r.prior_k IS NULL OR r.prior_k < c.k0)
)
SELECT d.id, d."from", d."to", d.horizon,
       count(o.rid) AS cohort,
       count(o.rid) FILTER (WHERE o.reached) AS reached,
       count(o.rid) FILTER (
           WHERE NOT o.reached AND o.horizon_s IS NOT NULL
             AND (o.t0 IS NULL OR (epoch_us((SELECT as_of FROM params)) - epoch_us(o.t0)) / 1000000.0 < o.horizon_s)
       ) AS censored
FROM conversion_defs d LEFT JOIN outcome o ON o.id = d.id
GROUP BY d.id, d."from", d."to", d.horizon, d.ord
ORDER BY d.ord;
