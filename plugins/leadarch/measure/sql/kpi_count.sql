-- kpis (count): records entering the stage per period (day, ISO week, month in the default
-- calendar's zone), averaged over the complete periods between the first event (or since)
-- and as_of (or until).
WITH bounds AS (
    SELECT coalesce((SELECT since FROM params), (SELECT min(ts) FROM events)) AS lo,
           least(coalesce((SELECT until FROM params), (SELECT as_of FROM params)),
                 (SELECT as_of FROM params)) AS hi
),
periods AS (
    SELECT d.id, d.stage, d.per,
           CASE WHEN date_trunc(d.per, b.lo) = b.lo THEN b.lo
                ELSE date_trunc(d.per, b.lo) + CAST('1 ' || d.per AS INTERVAL) END AS first_start,
           date_trunc(d.per, b.hi) AS last_end
    FROM kpi_count_defs d, bounds b
),
entries AS (
    SELECT id, sum(n) AS n FROM (
        SELECT p.id, date_trunc(p.per, v.start_ts) AS period, count(DISTINCT v.rid) AS n
        FROM periods p JOIN visits v ON v.stage = p.stage
        WHERE v.start_ts >= p.first_start AND v.start_ts < p.last_end
        GROUP BY p.id, period
    ) AS per_period GROUP BY id
)
SELECT p.id, coalesce(e.n, 0) AS entries,
       CASE WHEN p.last_end <= p.first_start THEN 0
            WHEN p.per = 'month' THEN
                 12 * (EXTRACT(year FROM p.last_end) - EXTRACT(year FROM p.first_start))
                 + EXTRACT(month FROM p.last_end) - EXTRACT(month FROM p.first_start)
            WHEN p.per = 'week' THEN round(epoch(p.last_end - p.first_start) / 604800)
            ELSE round(epoch(p.last_end - p.first_start) / 86400) END AS periods
FROM periods p LEFT JOIN entries e ON e.id = p.id
ORDER BY p.id;
