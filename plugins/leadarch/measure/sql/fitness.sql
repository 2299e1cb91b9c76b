-- conformance.fitness: share of the paths starting in the window that start at an entry
-- stage, use only allowed transitions, hold no unknown value and never leave a terminal stage.
SELECT count(*) AS records,
       count(*) FILTER (WHERE rid NOT IN (SELECT rid FROM deviations)) AS fitting
FROM visits WHERE k = 1 AND counted;
