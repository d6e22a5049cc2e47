-- title: Writes outside the workspace
-- description: Files written outside the job's workspace (/home/runner/work) and the usual scratch places (/tmp, /dev, /proc), e.g. a dropped binary or a modified system file.
SELECT ts, job, pid, comm, path, bytes
FROM file_write
WHERE NOT starts_with(path, '/home/runner/work/')
  AND NOT regexp_matches(path, '^/(tmp|dev|proc)/')
ORDER BY ts
