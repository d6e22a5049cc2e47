-- id: credential-file-access
-- title: Credential file read
-- severity: medium
-- description: A process read a file that holds credentials (~/.netrc, ~/.npmrc, ~/.pypirc, ~/.docker/config.json,
--   ~/.git-credentials, ~/.ssh/*, ~/.aws/credentials, ~/.kube/config, in any home directory) or another process's
--   /proc/<pid>/environ. The tools that own a file may read it (git reading .git-credentials, npm reading .npmrc),
--   except from inside a package's install script, where any read is high severity.
-- technique: T1552.001
-- remediation: Check why the acting process (see its ancestry) needed the file. If it came from a dependency or an
--   action, rotate the credentials it could read, and give the job only the credentials it needs, for example
--   through short-lived tokens instead of files in the home directory.
WITH owners(kind, program) AS (
    VALUES ('netrc', 'curl'), ('netrc', 'wget'), ('netrc', 'git'), ('netrc', 'git-remote-http'),
           ('netrc', 'git-remote-https'), ('netrc', 'pip'), ('netrc', 'twine'), ('netrc', 'poetry'),
           ('npmrc', 'npm'), ('npmrc', 'npx'), ('npmrc', 'yarn'), ('npmrc', 'pnpm'),
           ('pypirc', 'twine'), ('pypirc', 'pip'), ('pypirc', 'poetry'),
           ('docker', 'docker'), ('docker', 'dockerd'), ('docker', 'buildx'), ('docker', 'docker-buildx'),
           ('docker', 'podman'), ('docker', 'skopeo'), ('docker', 'crane'),
           ('git-credentials', 'git'), ('git-credentials', 'git-credential-store'),
           ('git-credentials', 'git-remote-http'), ('git-credentials', 'git-remote-https'),
           ('ssh', 'ssh'), ('ssh', 'scp'), ('ssh', 'sftp'), ('ssh', 'ssh-add'), ('ssh', 'ssh-agent'),
           ('ssh', 'ssh-keygen'), ('ssh', 'ssh-keyscan'),
           ('aws', 'aws'), ('kube', 'kubectl'), ('kube', 'helm'), ('kube', 'kustomize')
),
reads AS (
    -- One constant pattern for every credential file: DuckDB compiles it once, so the scan stays fast on large traces.
    SELECT * FROM (
        SELECT o.*,
               CASE WHEN regexp_matches(o.path, '/\.(netrc|npmrc|pypirc|git-credentials)$|/\.docker/config\.json$|/\.ssh/[^/]+$|/\.aws/credentials$|/\.kube/config$|^/proc/[0-9]+/(task/[0-9]+/)?environ$') THEN o.path
                    WHEN regexp_matches(o.resolved_path, '/\.(netrc|npmrc|pypirc|git-credentials)$|/\.docker/config\.json$|/\.ssh/[^/]+$|/\.aws/credentials$|/\.kube/config$|^/proc/[0-9]+/(task/[0-9]+/)?environ$') THEN o.resolved_path END AS matched_path
        FROM (SELECT a.ts, a.data, a.pid, a.exec_id,
                     json_extract_string(a.data, '$.path') AS path,
                     coalesce(json_extract_string(a.data, '$.resolved_path'), '') AS resolved_path
              FROM acts a
              WHERE a.type = 'file_open' AND NOT starts_with(json_extract_string(a.data, '$.flags'), 'O_WRONLY')) o)
    WHERE matched_path IS NOT NULL
),
matched AS (
    SELECT r.*,
           CASE
               WHEN regexp_matches(r.matched_path, '/\.netrc$') THEN 'netrc'
               WHEN regexp_matches(r.matched_path, '/\.npmrc$') THEN 'npmrc'
               WHEN regexp_matches(r.matched_path, '/\.pypirc$') THEN 'pypirc'
               WHEN regexp_matches(r.matched_path, '/\.docker/config\.json$') THEN 'docker'
               WHEN regexp_matches(r.matched_path, '/\.git-credentials$') THEN 'git-credentials'
               WHEN regexp_matches(r.matched_path, '/\.ssh/[^/]+$') THEN 'ssh'
               WHEN regexp_matches(r.matched_path, '/\.aws/credentials$') THEN 'aws'
               WHEN regexp_matches(r.matched_path, '/\.kube/config$') THEN 'kube'
               ELSE 'environ'
           END AS kind
    FROM reads r
)
SELECT m.data,
       m.exec_id,
       CASE WHEN s.exec_id IS NOT NULL THEN 'high' ELSE 'medium' END AS severity,
       format('{} read {}', coalesce(x.program, json_extract_string(m.data, '$.comm'), format('pid {}', m.pid)), m.matched_path) AS summary
FROM matched m
LEFT JOIN execs x ON x.exec_id = m.exec_id
LEFT JOIN (SELECT DISTINCT exec_id FROM under_install_script) s ON s.exec_id = m.exec_id
WHERE NOT (s.exec_id IS NULL AND EXISTS (SELECT 1 FROM owners o WHERE o.kind = m.kind AND o.program = x.program))
  AND NOT (m.kind = 'environ' AND TRY_CAST(regexp_extract(m.matched_path, '^/proc/([0-9]+)/', 1) AS BIGINT) = m.pid)
  -- the runner's environ is runner-memory-read's, at high severity
  AND NOT (m.kind = 'environ' AND EXISTS (
        SELECT 1 FROM execs t
        WHERE t.pid = TRY_CAST(regexp_extract(m.matched_path, '^/proc/([0-9]+)/', 1) AS BIGINT)
          AND t.ts <= m.ts AND t.program IN ('Runner.Worker', 'Runner.Listener')))
