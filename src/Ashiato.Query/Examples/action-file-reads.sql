-- title: Files read by each action
-- description: Which action read what: per step of a GitHub Actions job (an action's owner/repo@ref, or a run step's name), every file its processes opened for reading, sensitive ones first, named by the sensitive-path catalog (sensitive_path_catalog): other processes' memory and environment (the worker's /proc/<pid>/mem is how secrets are stolen), credential files, the runner's own credentials, SSH keys and password hashes.
WITH reads AS (
  SELECT job, job_id, step, action, pid, comm, ts, path
  FROM file_open
  WHERE job_id IS NOT NULL AND NOT starts_with(coalesce(flags, ''), 'O_WRONLY')
), named AS (
  SELECT r.*,
         (SELECT arg_min(c.title, c.ord) FROM sensitive_path_catalog c
          WHERE c.category IN ('credential', 'runner-credential', 'system-secret', 'process-memory')
            AND regexp_matches(r.path, c.paths) AND NOT coalesce(regexp_matches(r.path, c.excluded), false)
            AND NOT starts_with(r.path, '/proc/' || r.pid || '/')) AS sensitive
  FROM reads r
)
SELECT r.job, r.job_id, r.step, s.kind, r.action, s.name, r.path, r.sensitive,
       count(*) AS opens,
       string_agg(DISTINCT r.comm, ', ' ORDER BY r.comm) AS processes,
       min(r.ts) AS first_seen
FROM named r
LEFT JOIN steps s ON s.job = r.job AND s.job_id = r.job_id AND s.step = r.step
GROUP BY r.job, r.job_id, r.step, s.kind, r.action, s.name, r.path, r.sensitive
ORDER BY r.job, r.job_id, r.step, r.sensitive IS NULL, r.sensitive, r.path
