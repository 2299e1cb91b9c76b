-- Paths: stage events in time order (ties: file, then row), consecutive events into the
-- same step merged; a step is a stage, or 'unknown:<value>'. A visit runs to the next step.
CREATE OR REPLACE TEMP TABLE visits AS
WITH ordered AS (
    SELECT *, coalesce(stage, 'unknown:' || value) AS step,
           row_number() OVER (PARTITION BY rid ORDER BY ts NULLS FIRST, src, seq, channel, value) AS n
    FROM stage_events
),
marked AS (
    SELECT *, step IS DISTINCT FROM lag(step) OVER (PARTITION BY rid ORDER BY n) AS starts
    FROM ordered
),
steps AS (SELECT rid, step, stage, value, converted, ts AS start_ts, n FROM marked WHERE starts)
SELECT rid, step, stage, value, converted, start_ts,
       lead(start_ts) OVER w AS end_ts,
       lead(step) OVER w AS next_step,
       row_number() OVER w AS k,
       epoch(lead(start_ts) OVER w - start_ts) AS duration_s,
       (SELECT since FROM params) IS NULL AND (SELECT until FROM params) IS NULL
         OR (start_ts >= coalesce((SELECT since FROM params), start_ts)
             AND start_ts <= coalesce((SELECT until FROM params), start_ts)) AS counted
FROM steps
WINDOW w AS (PARTITION BY rid ORDER BY n);
