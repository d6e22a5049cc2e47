-- id: runner-memory-read
-- title: Runner process memory read
-- severity: high
-- description: A process opened /proc/<pid>/mem, maps, smaps or environ of the GitHub Actions runner (Runner.Worker
--   or Runner.Listener), whose memory holds the job's secrets, or attached to it or read it directly (ptrace attach or
--   seize, process_vm_readv or writev, pidfd_getfd). This is how the tj-actions/changed-files compromise (March 2025)
--   stole them. The runner counts as such whether the trace saw it start or found it running when tracing began
--   (--pid, --all), and a process it forked without exec holds the same memory. Opening another process's mem, and
--   attaching to or reading a process that is neither the actor's own child nor its descendant, are medium severity.
--   A process reading its own /proc/self (or its own pid) is not reported, nor a debugger attaching to what it started;
--   the target is the process that held the pid at the time. A process that read the command lines of ten or more
--   other processes (/proc/*/cmdline: looking for the runner, as memory dumpers do) and then read another process's
--   maps or mem is high whatever the target, since the runner it found may have started before the trace. The owners
--   the sensitive-path catalog names for process environments (ps, top, the runner) may read them.
-- technique: T1003.007
-- phase: memory read
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
),
accesses AS (
    SELECT a.ts, a.data, a.pid, a.exec_id,
           TRY_CAST(json_extract(a.data, '$.target_pid') AS BIGINT) AS target_pid,
           json_extract_string(a.data, '$.target_comm') AS target_comm,
           json_extract_string(a.data, '$.method') AS method,
           -- a tracer that does not say how they are related: judged as unrelated
           coalesce(json_extract_string(a.data, '$.target_relation'), 'other') AS relation
    FROM acts a
    WHERE a.type = 'process_access'
),
-- Processes that looked through other processes' command lines (ps does too, but never reads memory after).
scanners AS (
    SELECT a.exec_id, count(DISTINCT regexp_extract(json_extract_string(a.data, '$.path'), '^/proc/([0-9]+)/', 1)) AS scanned
    FROM acts a
    WHERE a.type = 'file_open' AND regexp_matches(json_extract_string(a.data, '$.path'), '^/proc/[0-9]+/cmdline$')
    GROUP BY a.exec_id
    HAVING scanned >= 10
),
-- What the target pid ran at the time: its exec (a snapshot one included), or for a process it forked without exec,
-- the exec whose image (and memory) it holds.
targets AS (
    SELECT r.ts, r.data, r.exec_id, r.target_pid, r.file, x.program
    FROM proc_reads r
    ASOF LEFT JOIN process_images i ON r.target_pid = i.pid AND r.ts >= i.ts
    LEFT JOIN execs x ON x.exec_id = i.exec_id
    LEFT JOIN execs actor ON actor.exec_id = r.exec_id
    LEFT JOIN sensitive_files f ON f.path = r.target
    WHERE r.target_pid <> r.pid
      -- ps e, top and the runner itself read every process's environment: the catalog names them its owners
      AND NOT (r.file = 'environ' AND coalesce(list_contains(f.owners, actor.program), false))
),
accessed AS (
    SELECT c.ts, c.data, c.exec_id, c.target_pid, c.method, c.relation, coalesce(x.program, c.target_comm) AS program
    FROM accesses c
    ASOF LEFT JOIN process_images i ON c.target_pid = i.pid AND c.ts >= i.ts
    LEFT JOIN execs x ON x.exec_id = i.exec_id
    WHERE c.target_pid IS DISTINCT FROM c.pid AND c.relation NOT IN ('self', 'child', 'descendant')
)
SELECT t.data,
       t.exec_id,
       CASE WHEN t.program IN ('Runner.Worker', 'Runner.Listener') OR (c.exec_id IS NOT NULL AND t.file IN ('maps', 'mem', 'smaps'))
            THEN 'high' ELSE 'medium' END AS severity,
       format('{}read /proc/{}/{} of {}', CASE WHEN c.exec_id IS NOT NULL THEN format('scanned {} processes'' command lines, then ', c.scanned) ELSE '' END,
              t.target_pid, t.file, CASE WHEN t.program IS NULL THEN 'a process outside the trace' ELSE t.program END) AS summary
FROM targets t
LEFT JOIN scanners c ON c.exec_id = t.exec_id
WHERE t.program IN ('Runner.Worker', 'Runner.Listener') OR t.file = 'mem' OR (c.exec_id IS NOT NULL AND t.file IN ('maps', 'smaps'))
UNION ALL
SELECT c.data,
       c.exec_id,
       CASE WHEN c.program IN ('Runner.Worker', 'Runner.Listener') THEN 'high' ELSE 'medium' END AS severity,
       format('{} of pid {} ({})', c.method, c.target_pid, coalesce(c.program, 'a process outside the trace')) AS summary
FROM accessed c
-- a debugger or profiler on something it started (descendant) is routine; only the runner is never fair game
WHERE c.program IN ('Runner.Worker', 'Runner.Listener') OR c.relation = 'other'
