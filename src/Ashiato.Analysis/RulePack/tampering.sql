-- id: tampering
-- title: Write to a workflow, git hook, shell startup file or the preload list
-- severity: medium
-- description: A process wrote to .github/workflows/*, .git/hooks/* (not the *.sample files git itself creates), a
--   shell startup file (~/.bashrc, ~/.profile, ~/.zshrc and their /etc counterparts) or /etc/ld.so.preload. These
--   changes persist beyond the step, change later steps or future runs, or inject code into every process.
--   The preload list and writes from a package's install script are high severity.
-- technique: T1546.004
-- remediation: Inspect the written file and restore it. Find which step wrote it from the ancestry; if it is a
--   dependency or an action, remove or pin it. Run jobs on ephemeral runners so such changes cannot persist.
WITH writes AS (
    SELECT a.ts, a.data, a.exec_id, json_extract_string(a.data, '$.path') AS path
    FROM acts a
    WHERE a.type = 'file_write'
       OR (a.type = 'file_open' AND regexp_matches(json_extract_string(a.data, '$.flags'), '^O_(WRONLY|RDWR)|O_CREAT|O_TRUNC|O_APPEND'))
),
targets AS (
    SELECT w.*,
           CASE
               WHEN w.path = '/etc/ld.so.preload' THEN 'the dynamic linker preload list'
               WHEN regexp_matches(w.path, '/\.github/workflows/[^/]+$') THEN 'a GitHub Actions workflow'
               WHEN regexp_matches(w.path, '/\.git/hooks/[^/]+$') AND NOT ends_with(w.path, '.sample') THEN 'a git hook'
               WHEN regexp_matches(w.path, '/\.(bashrc|bash_profile|bash_login|bash_logout|profile|zshrc|zshenv|zprofile|zlogin)$')
                    OR w.path IN ('/etc/profile', '/etc/bash.bashrc', '/etc/environment', '/etc/zsh/zshrc', '/etc/zsh/zshenv')
                    OR regexp_matches(w.path, '^/etc/profile\.d/[^/]+$') THEN 'a shell startup file'
           END AS what
    FROM writes w
)
SELECT t.data,
       t.exec_id,
       CASE WHEN t.what = 'the dynamic linker preload list' OR t.exec_id IN (SELECT exec_id FROM under_install_script)
            THEN 'high' ELSE 'medium' END AS severity,
       format('wrote {} ({})', t.what, t.path) AS summary
FROM targets t
WHERE t.what IS NOT NULL
