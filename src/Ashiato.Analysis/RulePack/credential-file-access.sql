-- id: credential-file-access
-- title: Credential file read
-- severity: medium
-- description: A process read a file that the sensitive-path catalog (sensitive-paths.txt) lists as a credential (SSH
--   and GnuPG private keys, the GitHub CLI's token, .git-credentials, .netrc, .npmrc, .pypirc, Cargo, Maven, Docker,
--   Kubernetes, AWS, Google Cloud and Azure credentials, in any home directory), the runner's own .credentials* or
--   .runner, the password hashes in /etc/shadow, or another process's /proc/<pid>/environ. The program that owns a
--   file may read it (git its .git-credentials, ssh a key, PAM and sudo /etc/shadow, ps and top every environment),
--   except from inside a package's install script. Each process gets one finding per catalog entry, with a count.
--   The runner's own credentials and anything under an install script are high; a python process reading .netrc and
--   then making its own connections is low (the requests library reads it by itself before every request: a later
--   connection outside the allow-list is exfiltration-upload's, at high severity); the rest is medium.
-- technique: T1552.001
-- phase: credential read
-- remediation: Check why the acting process (see its ancestry) needed the file. If it came from a dependency or an
--   action, rotate the credentials it could read, and give the job only the credentials it needs, for example
--   through short-lived tokens instead of files in the home directory. A tool of yours that owns such a file can be
--   named in the entry's owners in your own sensitive-paths.txt (given with --rules).
WITH reads AS (
    SELECT s.*, u.exec_id IS NOT NULL AS scripted,
           TRY_CAST(regexp_extract(s.target, '^/proc/([0-9]+)/', 1) AS BIGINT) AS target_pid
    FROM sensitive_acts s
    LEFT JOIN (SELECT DISTINCT exec_id FROM under_install_script) u ON u.exec_id = s.exec_id
    WHERE s.access = 'read'
      AND (s.category IN ('credential', 'runner-credential', 'system-secret') OR s.entry = 'process-environment')
      AND (u.exec_id IS NOT NULL OR NOT coalesce(list_contains(s.owners, s.program), false))
),
judged AS (
    SELECT r.*,
           CASE WHEN r.scripted OR r.category = 'runner-credential' THEN 'high'
                WHEN r.entry = 'netrc' AND r.program = 'python'
                     AND EXISTS (SELECT 1 FROM contacts c WHERE c.exec_id = r.exec_id AND c.ts >= r.ts) THEN 'low'
                ELSE 'medium' END AS severity
    FROM reads r
    -- a process's own environment, and the runner's (runner-memory-read's, at high severity), are not this rule's
    WHERE NOT (r.entry = 'process-environment' AND (r.target_pid IS NULL OR r.target_pid = r.pid))
      AND NOT (r.entry = 'process-environment' AND EXISTS (
            SELECT 1 FROM execs t
            WHERE t.pid = r.target_pid AND t.ts <= r.ts AND t.program IN ('Runner.Worker', 'Runner.Listener')))
)
SELECT j.data, j.exec_id, j.severity,
       format('{} read {} ({})', coalesce(j.program, format('pid {}', j.pid)), j.title, j.target) AS summary,
       j.entry AS reason
FROM judged j
