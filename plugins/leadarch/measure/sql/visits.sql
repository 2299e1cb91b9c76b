-- Paths: stage events in time order (ties: file, then row — `seq`, a record's own order
-- within a file), consecutive events into the same step merged; a step is a stage, or
-- 'unknown:<value>'. A visit runs to the next step;
-- k numbers a record's visits, prior_k is the k of its previous visit to the same step.
CREATE OR REPLACE TEMP TABLE visits AS
WITH marked AS (
    SELECT rid, ts, src, seq, stage, value, converted,
           coalesce(stage, 'unknown:' || value) IS DISTINCT FROM lag(coalesce(stage, 'unknown:' || value))
             OVER (PARTITION BY rid ORDER BY ts NULLS FIRST, src, seq) AS starts
    FROM stage_events
),
steps AS (  -- the first event of each step keeps its place in the order
    SELECT rid, coalesce(stage, 'unknown:' || value) AS step, stage, value, converted,
           ts AS start_ts, src, seq
    FROM marked WHERE starts
),
paths AS (
    SELECT rid, step, stage, value, converted, start_ts,
           lead(start_ts) OVER w AS end_ts,
           lead(step) OVER w AS next_step,
           row_number() OVER w AS k,
           (epoch_us(lead(start_ts) OVER w) - epoch_us(start_ts)) / 1000000.0 AS duration_s,
           (SELECT since FROM params) IS NULL AND (SELECT until FROM params) IS NULL
             OR (start_ts >= coalesce((SELECT since FROM params), start_ts)
                 AND start_ts <= coalesce((SELECT until FROM params), start_ts)) AS counted
    FROM steps
    WINDOW w AS (PARTITION BY rid ORDER BY start_ts NULLS FIRST, src, seq)
)
SELECT *,
       lag(k) OVER same AS prior_k,
       -- the record's last counted visit to the step (counted visits follow each other),
       -- carrying the sum of its closed counted visits to the step
       counted AND NOT coalesce(lead(counted) OVER same, false) AS last_counted,
       sum(CASE WHEN counted THEN duration_s END) OVER (
           same ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS step_total_s
FROM paths
WINDOW same AS (PARTITION BY rid, step ORDER BY k);
