-- id: runner-memory-read
-- title: Runner process memory read
-- severity: high
-- description: A process opened /proc/<pid>/mem, maps, smaps or environ of the GitHub Actions runner (Runner.Worker
--   or Runner.Listener), whose memory holds the job's secrets. This is how the tj-actions/changed-files compromise
--   (March 2025) stole them. Opening another process's mem is reported at medium severity. A process reading its own
--   /proc/self (or its own pid) is not reported; the target is the process that held the pid at the time of the read.
-- technique: T1003.007
-- remediation: Treat every secret available to the job as leaked and rotate it. Find the step that started the
--   acting process from its ancestry, remove or pin the action or dependency to a reviewed commit, and restrict the
--   job's token permissions.
WITH opens AS (
    SELECT a.ts, a.data, a.pid, a.exec_id,
           json_extract_string(a.data, '$.path') AS path,
           json_extract_string(a.data, '$.resolved_path') AS resolved_path
    FROM acts a
    WHERE a.type = 'file_open'
),
proc_reads AS (
    SELECT *,
           TRY_CAST(regexp_extract(target, '^/proc/([0-9]+)/', 1) AS BIGINT) AS target_pid,
           regexp_extract(target, '/(mem|maps|smaps|environ)$', 1) AS file
    FROM (SELECT *, CASE WHEN regexp_matches(path, '^/proc/[0-9]+/(task/[0-9]+/)?(mem|maps|smaps|environ)$') THEN path
                         ELSE resolved_path END AS target
          FROM opens)
    WHERE regexp_matches(target, '^/proc/[0-9]+/(task/[0-9]+/)?(mem|maps|smaps|environ)$')
)
SELECT r.data,
       r.exec_id,
       CASE WHEN t.program IN ('Runner.Worker', 'Runner.Listener') THEN 'high' ELSE 'medium' END AS severity,
       format('read /proc/{}/{} of {}', r.target_pid, r.file,
              CASE WHEN t.program IS NULL THEN 'a process outside the trace' ELSE t.program END) AS summary
FROM proc_reads r
ASOF LEFT JOIN execs t ON r.target_pid = t.pid AND r.ts >= t.ts
WHERE r.target_pid <> r.pid
  AND (t.program IN ('Runner.Worker', 'Runner.Listener') OR r.file = 'mem')
