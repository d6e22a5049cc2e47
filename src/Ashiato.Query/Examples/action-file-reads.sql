-- title: Files read by each action
-- description: Which action read what: per step of a GitHub Actions job (an action's owner/repo@ref, or a run step's name), every file its processes opened for reading, sensitive ones first: other processes' memory and environment (the worker's /proc/<pid>/mem is how secrets are stolen), credential files, the runner's own credentials, SSH keys and system secrets.
WITH reads AS (
  SELECT job, job_id, step, action, pid, comm, ts, path,
         CASE
           WHEN regexp_matches(path, '^/proc/[0-9]+/(task/[0-9]+/)?(mem|maps|smaps)$') AND NOT starts_with(path, '/proc/' || pid || '/')
             THEN 'another process''s memory'
           WHEN regexp_matches(path, '^/proc/[0-9]+/environ$') AND path <> '/proc/' || pid || '/environ'
             THEN 'another process''s environment'
           WHEN regexp_matches(path, '/(\.netrc|\.npmrc|\.pypirc|\.git-credentials|\.pgpass)$')
             OR regexp_matches(path, '/\.(aws/credentials|docker/config\.json|kube/config|config/gh/hosts\.yml)$')
             THEN 'credential file'
           WHEN regexp_matches(path, '/\.credentials(_rsaparams)?$') THEN 'runner credentials'
           WHEN regexp_matches(path, '/\.ssh/') THEN 'SSH key or configuration'
           WHEN path IN ('/etc/shadow', '/etc/gshadow', '/etc/sudoers') THEN 'system secret'
         END AS sensitive
  FROM file_open
  WHERE job_id IS NOT NULL AND NOT starts_with(coalesce(flags, ''), 'O_WRONLY')
)
SELECT r.job, r.job_id, r.step, s.kind, r.action, s.name, r.path, r.sensitive,
       count(*) AS opens,
       string_agg(DISTINCT r.comm, ', ' ORDER BY r.comm) AS processes,
       min(r.ts) AS first_seen
FROM reads r
LEFT JOIN steps s ON s.job = r.job AND s.job_id = r.job_id AND s.step = r.step
GROUP BY r.job, r.job_id, r.step, s.kind, r.action, s.name, r.path, r.sensitive
ORDER BY r.job, r.job_id, r.step, r.sensitive IS NULL, r.sensitive, r.path
