-- id: written-then-executed
-- title: File written and then executed in the same job
-- severity: low
-- description: A file written (or renamed into place) during the job was later executed, directly or as the script
--   of an interpreter (sh, bash, python, node, perl). Builds do this with what they compile; a dropped payload looks
--   the same. It is high severity when the writer or the executor runs under a package's install script. The
--   GitHub Actions runner installing an action that a step then runs is not reported (its writes are step 0 of the
--   job); a step writing a file that a later step runs is.
-- technique: T1204.002
-- phase: execute
-- remediation: Check that the executed file is a build output you expect. A file dropped and run by an install
--   script or a downloaded tool is a payload: find its origin from the writer's ancestry and remove that dependency.
WITH writes AS (
    SELECT * FROM (
        SELECT a.ts, a.type, a.data, a.exec_id, a.job_id, a.step, json_extract_string(a.data, '$.path') AS path
        FROM acts a
        WHERE a.type = 'file_write'
           OR (a.type = 'file_open' AND regexp_matches(json_extract_string(a.data, '$.flags'), '^O_(WRONLY|RDWR)|O_CREAT|O_TRUNC'))
        UNION ALL
        -- a file renamed into place counts as written there (curl -o x.part && mv x.part x)
        SELECT a.ts, a.type, a.data, a.exec_id, a.job_id, a.step, json_extract_string(a.data, '$.new_path')
        FROM acts a
        WHERE a.type = 'file_rename')
    -- The GitHub Actions runner's own writes (step 0: the worker and its housekeeping) install the actions the job's
    -- steps then run; an action written by a step is still reported.
    WHERE NOT (job_id IS NOT NULL AND step = 0)
),
runs AS (
    SELECT x.*, regexp_replace(CASE WHEN starts_with(candidate, '/') THEN candidate ELSE coalesce(x.cwd, '') || '/' || candidate END,
                               '/(\./)+', '/', 'g') AS run_path
    FROM (SELECT *, unnest(CASE WHEN regexp_matches(filename, '(^|/)(sh|bash|dash|zsh|python[0-9.]*|node|perl)$') AND len(args) >= 2
                                THEN [filename, args[2]] ELSE [filename] END) AS candidate
          FROM execs) x
),
pairs AS (
    -- file_write is emitted when the file is closed, which the tracer may see after the exec: the open for writing
    -- dates the write, and the file_write events of that path are kept as evidence (they carry the byte count).
    SELECT r.exec_id, r.data AS exec_data, w.data AS write_data, w.path,
           bool_or(r.exec_id IN (SELECT exec_id FROM under_install_script) OR w.exec_id IN (SELECT exec_id FROM under_install_script))
               OVER (PARTITION BY r.exec_id, w.path) AS scripted
    FROM runs r
    JOIN (SELECT path, min(ts) AS first_write FROM writes GROUP BY path) f ON f.path = r.run_path AND f.first_write <= r.ts
    JOIN writes w ON w.path = r.run_path AND (w.ts <= r.ts OR w.type = 'file_write')
)
SELECT unnest([p.write_data, p.exec_data]) AS data,
       p.exec_id,
       CASE WHEN p.scripted THEN 'high' ELSE 'low' END AS severity,
       format('ran {}, written earlier in the job', p.path) AS summary
FROM pairs p
