-- id: env-injection
-- title: Code injected through environment variables
-- severity: medium
-- description: A process started with an environment variable that makes it, and every program it starts, load code
--   it was not asked to run: LD_PRELOAD or LD_AUDIT naming a library in a folder the job can write (/tmp, /var/tmp,
--   /dev/shm, a home directory, the job's workspace: high; a system library such as jemalloc is not reported), NODE_OPTIONS with --require, -r, --import or
--   --loader (medium, high for a module in a temporary folder; Yarn's own .pnp.cjs and .pnp.loader.mjs are not
--   reported), or BASH_ENV, which every non-interactive bash runs first, each run step included (medium, high for a
--   file in a temporary folder). A value written to $GITHUB_ENV reaches every later step this way. Only the process
--   where the value first appears is reported, not each descendant that inherits it. Under a package's install
--   script it is high.
-- technique: T1574.006
-- phase: injection
-- remediation: Find who set the variable: the parent in the ancestry, or an earlier step that wrote it to
--   $GITHUB_ENV. Inspect the named library, module or script, remove the action or dependency that put it there, and
--   treat the job's secrets as exposed to it.
WITH valued AS (
    SELECT x.exec_id, x.data, x.cwd, v.name, x.env[v.name] AS value, p.env[v.name] AS inherited
    FROM execs x
    CROSS JOIN (VALUES ('LD_PRELOAD'), ('LD_AUDIT'), ('NODE_OPTIONS'), ('BASH_ENV')) v(name)
    LEFT JOIN execs p ON p.exec_id = x.parent_exec_id
    WHERE x.env IS NOT NULL AND x.env[v.name] IS NOT NULL AND x.env[v.name] <> ''
),
introduced AS (
    -- set here, not inherited unchanged from the exec above
    SELECT * FROM valued WHERE value IS DISTINCT FROM inherited
),
items AS (
    -- What each variable names: the libraries of LD_PRELOAD and LD_AUDIT (separated by colons or spaces), the modules
    -- NODE_OPTIONS preloads, the script BASH_ENV runs.
    SELECT i.*, trim(unnest(CASE
               WHEN i.name IN ('LD_PRELOAD', 'LD_AUDIT') THEN regexp_split_to_array(i.value, '[: ]+')
               WHEN i.name = 'NODE_OPTIONS' THEN regexp_extract_all(i.value,
                   '(?:^|\s)(?:--require|-r|--import|--loader|--experimental-loader)(?:=|\s+)("[^"]*"|''[^'']*''|\S+)', 1)
               ELSE [i.value] END), '"''') AS item
    FROM introduced i
),
placed AS (
    SELECT *,
           CASE WHEN regexp_matches(item, '^/(tmp|var/tmp|dev/shm)/') THEN 'temp'
                WHEN NOT starts_with(item, '/')
                     OR regexp_matches(item, '^(/home/[^/]+/|/root/|/__w/|/github/workspace/|/run/user/)|/_work/')
                     OR (cwd IS NOT NULL AND cwd <> '/' AND starts_with(item, cwd || '/')) THEN 'workspace'
                ELSE 'system' END AS place,
           regexp_matches(item, '(^|/)\.pnp\.(c?js|loader\.mjs)$') AS yarn_pnp
    FROM items
    WHERE item <> ''
),
judged AS (
    SELECT exec_id, data, name, value,
           CASE name
               WHEN 'NODE_OPTIONS' THEN CASE WHEN bool_and(yarn_pnp) THEN NULL WHEN bool_or(place = 'temp') THEN 'high' ELSE 'medium' END
               WHEN 'BASH_ENV' THEN CASE WHEN bool_or(place = 'temp') THEN 'high' ELSE 'medium' END
               ELSE CASE WHEN bool_or(place IN ('temp', 'workspace')) THEN 'high' END
           END AS severity
    FROM placed
    GROUP BY exec_id, data, name, value
)
SELECT j.data,
       j.exec_id,
       CASE WHEN j.exec_id IN (SELECT exec_id FROM under_install_script) THEN 'high' ELSE j.severity END AS severity,
       format('started with {}={}', j.name, left(j.value, 160)) AS summary
FROM judged j
WHERE j.severity IS NOT NULL
