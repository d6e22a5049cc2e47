-- title: Runner.Worker memory read
-- description: Processes that opened /proc/<pid>/mem or /proc/<pid>/maps of the GitHub Actions Runner.Worker, the way the tj-actions/changed-files compromise stole secrets. Written as a join, so it also handles several Runner.Worker processes and pid reuse; the documented form errors when a trace holds more than one.
WITH runner AS (
  SELECT DISTINCT job, json_extract_string(data, '$.pid') AS pid
  FROM events
  WHERE json_extract_string(data, '$.type') = 'process_exec'
    AND json_extract_string(data, '$.filename') LIKE '%Runner.Worker%'
)
SELECT e.*
FROM events e
JOIN runner r
  ON e.job = r.job
 AND json_extract_string(e.data, '$.path') IN ('/proc/' || r.pid || '/mem', '/proc/' || r.pid || '/maps')
ORDER BY e.ts
