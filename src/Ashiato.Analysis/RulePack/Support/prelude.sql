-- Views every rule may use, created after the engine has loaded the trace and built these tables:
--   execs(exec_id, pid, ppid, parent_exec_id, ts, comm, filename, exe, cwd, uid, args, program, snapshot, env,
--         job_id, step, action, data)
--   exec_ancestors(exec_id, ancestor_exec_id, depth)   -- depth 0 is the exec itself
--   process_images(pid, ppid, ts, exec_id, forked)     -- what each pid ran from ts on: its exec, or for a process
--                                                      -- that forked without exec, the exec whose image it runs
--   egress_allowlist(pattern), webhook_hosts(pattern)  -- 'host' or '*.domain', lower case
--   sensitive_files(path, entry, category, title, owners) -- the trace's paths the sensitive-path catalog names
--   runner_roots(root)                                 -- the GitHub Actions runners' folders
-- and the query engine's views, steps and runner_jobs among them.

-- Whether a host (a DNS name or an address, lower case) is on a host list: equal to a pattern, or under '*.domain'.
CREATE OR REPLACE TEMP MACRO allowed_host(h) AS EXISTS (
    SELECT 1 FROM egress_allowlist w
    WHERE h = w.pattern OR (starts_with(w.pattern, '*.') AND (h = w.pattern[3:] OR ends_with(h, w.pattern[2:]))));
CREATE OR REPLACE TEMP MACRO webhook_host(h) AS EXISTS (
    SELECT 1 FROM webhook_hosts w
    WHERE h = w.pattern OR (starts_with(w.pattern, '*.') AND (h = w.pattern[3:] OR ends_with(h, w.pattern[2:]))));

-- What "the same step" means for every exec: inside a GitHub Actions job its job and step; outside, the subtree of the
-- trace root's child it runs under (one command of the traced script), so that a read and a later upload of one
-- workload meet and two unrelated commands do not.
CREATE OR REPLACE TEMP TABLE exec_scope AS
WITH tops AS (SELECT exec_id, max(depth) AS top FROM exec_ancestors GROUP BY exec_id)
SELECT x.exec_id,
       CASE WHEN x.job_id IS NOT NULL AND x.step IS NOT NULL THEN format('job {} step {}', x.job_id, x.step)
            ELSE format('tree {}', coalesce(a.ancestor_exec_id, x.exec_id)) END AS scope
FROM execs x
LEFT JOIN tops t ON t.exec_id = x.exec_id
LEFT JOIN exec_ancestors a ON a.exec_id = x.exec_id AND a.depth = t.top - 1;

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
-- scope is the step (exec_scope) the event belongs to: its own job and step inside a job.
-- A table, not a view: every rule reads it, and the joins are worth doing once.
CREATE OR REPLACE TEMP TABLE acts AS
SELECT r.*,
       CASE WHEN r.job_id IS NOT NULL AND r.step IS NOT NULL THEN format('job {} step {}', r.job_id, r.step)
            ELSE coalesce(c.scope, format('pid {}', r.pid)) END AS scope
FROM (
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
LEFT JOIN steps s ON s.job = e.job AND s.job_id = e.job_id AND s.step = e.step) r
LEFT JOIN exec_scope c ON c.exec_id = r.exec_id;

-- Every access to a file of the sensitive-path catalog, one row per (event, file, access): read, write, truncate,
-- rename-into (the file a rename put in place), rename-away (the name a rename took away), delete, chmod. A read is
-- matched by the name the process gave and by the file the kernel opened (a symlink to a key). program is the acting
-- exec's (ProgramNames: through interpreters).
CREATE OR REPLACE TEMP TABLE sensitive_acts AS
WITH touched AS (
    SELECT t.ts, t.type, t.data, t.pid, t.exec_id, t.job_id, t.step, t.action, t.scope,
           f[1] AS path, f[2] AS resolved_path, f[3] AS new_path, coalesce(f[4], '') AS flags
    FROM (SELECT *, json_extract_string(data, ['$.path', '$.resolved_path', '$.new_path', '$.flags']) AS f
          FROM acts WHERE type IN ('file_open', 'file_write', 'file_rename', 'file_delete', 'file_chmod')) t
), accesses AS (
    SELECT * EXCLUDE (accesses), unnest(accesses) AS access FROM (
        SELECT t.*, t.path AS target, CASE
                   WHEN t.type = 'file_open' THEN [v FOR v IN [
                       CASE WHEN NOT starts_with(t.flags, 'O_WRONLY') THEN 'read' END,
                       CASE WHEN regexp_matches(t.flags, '^O_(WRONLY|RDWR)|O_CREAT|O_APPEND') THEN 'write' END,
                       CASE WHEN contains(t.flags, 'O_TRUNC') THEN 'truncate' END] IF v IS NOT NULL]
                   WHEN t.type = 'file_write' THEN ['write']
                   WHEN t.type = 'file_rename' THEN ['rename-away']
                   WHEN t.type = 'file_delete' THEN ['delete']
                   ELSE ['chmod'] END AS accesses
        FROM touched t
        WHERE t.path IN (SELECT path FROM sensitive_files))
    UNION ALL
    SELECT t.*, t.new_path AS target, 'rename-into' AS access FROM touched t
    WHERE t.type = 'file_rename' AND t.new_path IN (SELECT path FROM sensitive_files)
    UNION ALL
    SELECT t.*, t.resolved_path AS target, 'read' AS access FROM touched t
    WHERE t.type = 'file_open' AND NOT starts_with(t.flags, 'O_WRONLY') AND t.resolved_path IS NOT NULL
      AND t.resolved_path IN (SELECT path FROM sensitive_files) AND t.path NOT IN (SELECT path FROM sensitive_files)
)
SELECT c.ts, c.type, c.data, c.pid, c.exec_id, c.job_id, c.step, c.action, c.scope, c.target, c.access,
       s.entry, s.category, s.title, s.owners,
       coalesce(x.program, json_extract_string(c.data, '$.comm')) AS program
FROM accesses c
JOIN sensitive_files s ON s.path = c.target
LEFT JOIN execs x ON x.exec_id = c.exec_id;

-- The hosts each process reached: the names it looked up and the connections it made (by the name whose answer gave
-- the address, else by address). DNS traffic itself (port 53) is judged by its queries, not as a connection.
CREATE OR REPLACE TEMP TABLE contacts AS
SELECT a.ts, a.type, a.data, a.pid, a.exec_id, a.job_id, a.step, a.scope,
       lower(coalesce(f[1], f[2])) AS host, f[2] AS address, TRY_CAST(f[3] AS INTEGER) AS port
FROM (SELECT *, json_extract_string(data, ['$.hostname', '$.dst_addr', '$.dst_port']) AS f
      FROM acts WHERE type IN ('dns_query', 'net_connect')) a
WHERE coalesce(f[1], f[2]) IS NOT NULL
  AND NOT (a.type = 'net_connect' AND TRY_CAST(f[3] AS INTEGER) = 53);

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
