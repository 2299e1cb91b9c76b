-- trend (for the wiki, not part of the measure JSON): records entering each stage per
-- calendar month of the default calendar's zone.
SELECT strftime(date_trunc('month', v.start_ts), '%Y-%m') AS month, v.stage,
       count(DISTINCT v.rid) AS entered
FROM visits v JOIN stage_defs d ON d.id = v.stage
WHERE v.counted AND v.start_ts IS NOT NULL
GROUP BY month, v.stage, d.ord
ORDER BY month, d.ord;
