-- conformance.deviations[].examples: the first five record ids (sorted) of each deviation.
SELECT kind, "from", "to", stage, value, rid FROM (
    SELECT kind, "from", "to", stage, value, rid,
           row_number() OVER (PARTITION BY kind, "from", "to", stage, value ORDER BY rid) AS nth
    FROM (SELECT DISTINCT kind, "from", "to", stage, value, rid FROM (
              SELECT * FROM deviations UNION ALL SELECT * FROM out_of_order) AS found
         ) AS distinct_found
) AS ranked
WHERE nth <= 5
ORDER BY kind, "from", "to", stage, value, rid;
