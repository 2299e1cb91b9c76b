-- stages.<id>: entered (distinct records with a visit), visits, open (last visits, still
-- running at as_of), time in stage over closed visits, and per record the sum of its
-- closed visits (cumulative), its median over records.
WITH per_stage AS (
    SELECT stage, count(DISTINCT rid) AS entered, count(*) AS visits,
           count(*) FILTER (WHERE next_step IS NULL) AS open,
           quantile_cont(duration_s, 0.5) AS median_s,
           quantile_cont(duration_s, 0.9) AS p90_s
    FROM visits WHERE counted AND stage IS NOT NULL
    GROUP BY stage
),
per_record AS (
    SELECT stage, rid, sum(duration_s) AS total
    FROM visits WHERE counted AND stage IS NOT NULL AND duration_s IS NOT NULL
    GROUP BY stage, rid
),
cumulative AS (SELECT stage, quantile_cont(total, 0.5) AS median_s FROM per_record GROUP BY stage)
SELECT d.id, coalesce(p.entered, 0) AS entered, coalesce(p.visits, 0) AS visits,
       coalesce(p.open, 0) AS open, p.median_s, p.p90_s, c.median_s AS cumulative_median_s
FROM stage_defs d
LEFT JOIN per_stage p ON p.stage = d.id
LEFT JOIN cumulative c ON c.stage = d.id
ORDER BY d.ord;
