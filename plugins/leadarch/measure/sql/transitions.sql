-- transitions[]: consecutive step pairs over all paths, counted when the second step starts
-- in the window; allowed when the catalog has the transition.
SELECT v.step AS "from", v.next_step AS "to", count(*) AS count,
       (a."from" IS NOT NULL) AS allowed
FROM visits v
LEFT JOIN allowed_transitions a ON a."from" = v.step AND a."to" = v.next_step
WHERE v.next_step IS NOT NULL
  AND ((SELECT since FROM params) IS NULL AND (SELECT until FROM params) IS NULL
       OR (v.end_ts >= coalesce((SELECT since FROM params), v.end_ts)
           AND v.end_ts <= coalesce((SELECT until FROM params), v.end_ts)))
GROUP BY v.step, v.next_step, a."from"
ORDER BY count DESC, "from", "to";
