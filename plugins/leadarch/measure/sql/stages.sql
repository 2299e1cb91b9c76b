-- stages.<id>: entered (distinct records with a counted visit), visits, open (last visits,
-- still running at as_of), time in stage over closed visits, and per record the sum of its
-- closed visits (cumulative), its median over records.
WITH per_stage AS (
    SELECT stage, count(*) FILTER (WHERE last_counted) AS entered, count(*) AS visits,
           count(*) FILTER (WHERE next_step IS NULL) AS open,
           quantile_cont(duration_s, 0.5) AS median_s,
           quantile_cont(duration_s, 0.9) AS p90_s,
           quantile_cont(step_total_s, 0.5) FILTER (WHERE last_counted) AS cumulative_median_s
    FROM visits WHERE counted AND stage IS NOT NULL
    GROUP BY stage
)
SELECT d.id, coalesce(p.entered, 0) AS entered, coalesce(p.visits, 0) AS visits,
       coalesce(p.open, 0) AS open, p.median_s, p.p90_s, p.cumulative_median_s
FROM stage_defs d
LEFT JOIN per_stage p ON p.stage = d.id
ORDER BY d.ord;
