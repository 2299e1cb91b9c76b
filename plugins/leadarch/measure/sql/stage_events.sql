-- Stage events, each with the stage its CRM value means (NULL: an unknown value), up to
-- as_of. An unknown value of a field marked pii is never shown: it becomes one placeholder.
CREATE OR REPLACE TEMP VIEW stage_events AS
SELECT e.rid, e.ts, e.src, e.seq, e.channel,
       CASE WHEN coalesce(m.stage, g.stage) IS NULL AND p.channel IS NOT NULL
            THEN '(personal data)' ELSE e.value END AS value,
       coalesce(m.stage, g.stage) AS stage, coalesce(m.converted, false) AS converted
FROM events e
LEFT JOIN pii_channels p ON p.system = e.system AND p.channel = e.channel
LEFT JOIN value_map m
       ON e.system <> '' AND m.system = e.system AND m.channel = e.channel AND m.value = e.value
LEFT JOIN generic_map g
       ON e.system = '' AND g.value = e.value
WHERE e.kind = 'stage' AND e.value IS NOT NULL AND e.value <> ''
  AND (e.ts IS NULL OR e.ts <= (SELECT as_of FROM params));
