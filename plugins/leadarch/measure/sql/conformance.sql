-- conformance: deviations of the paths that start in the window, each disallowed step
-- pair under one kind (left-terminal-stage when `from` is terminal), pairs touching an
-- unknown value reported as that unknown value only; fitness = share of records with none.
CREATE OR REPLACE TEMP TABLE deviations AS
WITH paths AS (SELECT rid FROM visits WHERE k = 1 AND counted),
pv AS (SELECT v.* FROM visits v JOIN paths USING (rid)),
pairs AS (
    SELECT v.rid, v.step, v.next_step, f.terminal AS from_terminal,
           a."from" IS NOT NULL AS allowed,
           v.stage IS NULL OR starts_with(v.next_step, 'unknown:') AS touches_unknown
    FROM pv v
    LEFT JOIN stage_defs f ON f.id = v.stage
    LEFT JOIN allowed_transitions a ON a."from" = v.step AND a."to" = v.next_step
    WHERE v.next_step IS NOT NULL
)
SELECT 'left-terminal-stage' AS kind, rid, step AS stage, next_step AS "to", NULL AS value,
       NULL AS "from"
FROM pairs WHERE from_terminal
UNION ALL
SELECT 'transition-not-allowed', rid, NULL, next_step, NULL, step
FROM pairs WHERE NOT allowed AND NOT coalesce(from_terminal, false) AND NOT touches_unknown
UNION ALL
SELECT 'entered-at-non-entry-stage', v.rid, v.stage, NULL, NULL, NULL
FROM pv v JOIN stage_defs d ON d.id = v.stage WHERE v.k = 1 AND NOT d.entry
UNION ALL
SELECT 'unknown-value', rid, NULL, NULL, value, NULL FROM pv WHERE stage IS NULL;

-- out-of-order: a stage event dated more than the tolerance before the record's creation,
-- or before an earlier row of the same field in the same export (file order).
CREATE OR REPLACE TEMP TABLE out_of_order AS
WITH created AS (SELECT rid, min(ts) AS created_ts FROM events WHERE kind = 'created' GROUP BY rid),
timed AS (
    SELECT e.rid, e.ts,
           max(e.ts) OVER (PARTITION BY e.rid, e.src, e.channel ORDER BY e.seq
                           ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS latest_before
    FROM events e
    WHERE e.kind = 'stage' AND e.ts IS NOT NULL
)
SELECT 'out-of-order' AS kind, t.rid, NULL AS stage, NULL AS "to", NULL AS value, NULL AS "from"
FROM timed t LEFT JOIN created c ON c.rid = t.rid
WHERE ((t.latest_before > t.ts  -- (a cheap test first: few events are early at all)
        AND (epoch_us(t.latest_before) - epoch_us(t.ts)) / 1000000.0 > (SELECT tolerance_s FROM params))
       OR (c.created_ts > t.ts AND (epoch_us(c.created_ts) - epoch_us(t.ts)) / 1000000.0 > (SELECT tolerance_s FROM params)))
  AND ((SELECT since FROM params) IS NULL AND (SELECT until FROM params) IS NULL
       OR t.rid IN (SELECT rid FROM visits WHERE k = 1 AND counted));

SELECT kind, "from", "to", stage, value, count(*) AS count, count(DISTINCT rid) AS records
FROM (SELECT * FROM deviations UNION ALL SELECT * FROM out_of_order) AS found
GROUP BY kind, "from", "to", stage, value
ORDER BY count DESC, kind, "from" NULLS FIRST, "to" NULLS FIRST, stage NULLS FIRST, value NULLS FIRST;
