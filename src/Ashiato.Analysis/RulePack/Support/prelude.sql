-- Views every rule may use, created after the engine has loaded the trace and built these tables:
--   execs(exec_id, pid, ppid, parent_exec_id, ts, comm, filename, exe, cwd, uid, args, program, snapshot, env,
--         job_id, step, action, data)
--   exec_ancestors(exec_id, ancestor_exec_id, depth)   -- depth 0 is the exec itself
--   process_images(pid, ppid, ts, exec_id, forked)     -- what each pid ran from ts on: its exec, or for a process
--                                                      -- that forked without exec, the exec whose image it runs
--   egress_allowlist(pattern)                          -- 'host' or '*.domain', lower case
-- and the query engine's views, steps and runner_jobs among them.

-- Every event with the exec that performed it: what its pid ran at the time (pids are reused; a process_fork record
-- after the pid's last exec is a new process, running its parent's image), or, when the event's ppid says the pid
-- belongs to another process than that image's (a reused pid the trace has no fork record of), the image of its
-- parent. A ppid that is an ancestor of the image is the same process reparented (its parent exited; init or a
-- subreaper adopted it), so the image stays.
-- A file_write is dated a microsecond earlier for this: the tracer emits a process's write totals just before the
-- exec of its next program, possibly in the same microsecond, and they belong to the program that wrote.
-- Inside a GitHub Actions job, job_id and step are the event's own (the kernel tags a process at fork, so they are
-- its process's), and action that step's, resolved here once for every rule.
-- One multi-path extraction parses each line once for its four fields.
-- A table, not a view: every rule reads it, and the joins are worth doing once.
CREATE OR REPLACE TEMP TABLE acts AS
SELECT e.ts, e.type, e.data, e.pid, e.ppid,
       CASE WHEN x.exec_id IS NOT NULL AND (e.ppid IS NULL OR x.ppid IS NULL OR x.ppid = e.ppid OR a.exec_id IS NOT NULL)
            THEN x.exec_id ELSE coalesce(p.exec_id, x.exec_id) END AS exec_id,
       e.job_id, e.step, s.action
FROM (SELECT ts, type, data, job, acted_at,
             TRY_CAST(f[1] AS BIGINT) AS pid, TRY_CAST(f[2] AS BIGINT) AS ppid,
             f[3] ->> '$' AS job_id, TRY_CAST(f[4] AS INTEGER) AS step
      FROM (SELECT ts, type, data, job,
                   CASE WHEN type = 'file_write' THEN ts - INTERVAL 1 MICROSECOND ELSE ts END AS acted_at,
                   json_extract(data, ['$.pid', '$.ppid', '$.job_id', '$.step']) AS f
            FROM events
            WHERE type IN ('process_exec', 'process_fork', 'net_connect', 'dns_query', 'file_open', 'file_write',
                           'file_rename', 'file_delete', 'file_chmod', 'process_access'))) e
ASOF LEFT JOIN process_images x ON e.pid = x.pid AND e.acted_at >= x.ts
ASOF LEFT JOIN process_images p ON e.ppid = p.pid AND e.acted_at >= p.ts
LEFT JOIN exec_ancestors a ON a.exec_id = x.exec_id AND a.ancestor_exec_id = p.exec_id AND a.depth > 0
LEFT JOIN steps s ON s.job = e.job AND s.job_id = e.job_id AND s.step = e.step;

-- Package manager runs that install packages (and so run the packages' install scripts).
CREATE OR REPLACE TEMP VIEW package_installs AS
SELECT * FROM execs
WHERE (program IN ('npm', 'pnpm', 'bun') AND list_has_any(args, ['install', 'i', 'ci', 'add', 'isntall', 'update', 'rebuild']))
   OR (program = 'yarn' AND NOT list_has_any(args, ['run', 'test', 'build', 'start', 'exec', 'dlx', 'info', 'why', 'config', 'version']))
   OR (program = 'pip' AND list_has_any(args, ['install', 'download', 'wheel']));

-- Every exec in the process tree of a package install, with the install it belongs to.
CREATE OR REPLACE TEMP VIEW install_tree AS
SELECT DISTINCT a.exec_id, i.exec_id AS install_exec_id
FROM exec_ancestors a JOIN package_installs i ON a.ancestor_exec_id = i.exec_id;

-- The roots of packages' install scripts: what a package manager in an install tree starts to run a lifecycle
-- script (npm, yarn and pnpm run them through sh -c; pip runs setup.py or a PEP 517 hook in a new python).
CREATE OR REPLACE TEMP VIEW install_scripts AS
SELECT c.* FROM execs c JOIN execs p ON c.parent_exec_id = p.exec_id
WHERE p.exec_id IN (SELECT exec_id FROM install_tree)
  AND ((p.program IN ('npm', 'npx', 'yarn', 'pnpm', 'bun') AND c.program IN ('sh', 'bash', 'dash', 'zsh', 'node', 'python'))
    OR (p.program = 'pip' AND c.program IN ('python', 'setup', '_in_process', 'sh', 'bash')));

-- Every exec at or under an install script.
CREATE OR REPLACE TEMP VIEW under_install_script AS
SELECT DISTINCT a.exec_id, s.exec_id AS script_exec_id
FROM exec_ancestors a JOIN install_scripts s ON a.ancestor_exec_id = s.exec_id;
