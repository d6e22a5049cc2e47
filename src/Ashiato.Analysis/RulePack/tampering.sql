-- id: tampering
-- title: Tampering with persistence points, shell history or file permissions
-- severity: medium
-- description: A process wrote or renamed a file into a place that runs code later: .github/workflows/*,
--   .git/hooks/* (not the *.sample files git itself creates), a shell startup file (~/.bashrc, ~/.profile, ~/.zshrc and
--   their /etc counterparts), /etc/ld.so.preload, a cron schedule (/etc/crontab, /etc/cron.d/*, /etc/cron.daily/* and
--   the like, /var/spool/cron/**), ~/.ssh/authorized_keys, or a systemd unit folder (/etc/systemd/system,
--   /etc/systemd/user, ~/.config/systemd/user). These changes persist beyond the step, change later steps or future
--   runs, or inject code into every process. The system package manager (dpkg, rpm, apk) installing a package's cron
--   or unit files is not reported. Also reported: deleting, moving away or emptying a shell history file (.bash_history,
--   .zsh_history and the like), which hides what ran, and a chmod that sets the setuid or setgid bit (mode 4xxx, 2xxx;
--   setgid alone, common on shared folders, is low). The preload list, a setuid file in a temporary folder and
--   anything from a package's install script are high severity.
-- technique: T1546.004
-- remediation: Inspect the written file and restore it; for a setuid file, remove the bit (chmod u-s). Find which
--   step did it from the ancestry; if it is a dependency or an action, remove or pin it. Run jobs on ephemeral
--   runners so such changes cannot persist.
WITH placed AS (
    SELECT a.ts, a.data, a.exec_id, a.type, json_extract_string(a.data, '$.path') AS path, NULL AS moved_from
    FROM acts a
    WHERE a.type = 'file_write'
       OR (a.type = 'file_open' AND regexp_matches(json_extract_string(a.data, '$.flags'), '^O_(WRONLY|RDWR)|O_CREAT|O_TRUNC|O_APPEND'))
    UNION ALL
    -- A file renamed into place is written there: "mv payload ~/.bashrc", or an editor's or dpkg's atomic replace.
    SELECT a.ts, a.data, a.exec_id, a.type, json_extract_string(a.data, '$.new_path'), json_extract_string(a.data, '$.path')
    FROM acts a
    WHERE a.type = 'file_rename'
),
targets AS (
    SELECT p.*,
           CASE
               WHEN p.path = '/etc/ld.so.preload' THEN 'the dynamic linker preload list'
               WHEN regexp_matches(p.path, '/\.github/workflows/[^/]+$') THEN 'a GitHub Actions workflow'
               WHEN regexp_matches(p.path, '/\.git/hooks/[^/]+$') AND NOT ends_with(p.path, '.sample') THEN 'a git hook'
               WHEN regexp_matches(p.path, '/\.(bashrc|bash_profile|bash_login|bash_logout|profile|zshrc|zshenv|zprofile|zlogin)$')
                    OR p.path IN ('/etc/profile', '/etc/bash.bashrc', '/etc/environment', '/etc/zsh/zshrc', '/etc/zsh/zshenv')
                    OR regexp_matches(p.path, '^/etc/profile\.d/[^/]+$') THEN 'a shell startup file'
               WHEN regexp_matches(p.path, '/\.ssh/authorized_keys2?$') THEN 'SSH authorized keys'
               WHEN p.path = '/etc/crontab' OR regexp_matches(p.path, '^/etc/cron\.(d|hourly|daily|weekly|monthly)/[^/]+$')
                    OR starts_with(p.path, '/var/spool/cron/') THEN 'a cron schedule'
               WHEN regexp_matches(p.path, '^/etc/systemd/(system|user)/.+\.(service|timer|socket|path)$')
                    OR regexp_matches(p.path, '/\.config/systemd/user/.+\.(service|timer|socket|path)$') THEN 'a systemd unit'
           END AS what
    FROM placed p
),
persistence AS (
    SELECT t.data, t.exec_id,
           CASE WHEN t.what = 'the dynamic linker preload list' OR t.exec_id IN (SELECT exec_id FROM under_install_script)
                THEN 'high' ELSE 'medium' END AS severity,
           CASE WHEN t.type = 'file_rename' THEN format('renamed {} into {} ({})', t.moved_from, t.what, t.path)
                ELSE format('wrote {} ({})', t.what, t.path) END AS summary
    FROM targets t
    LEFT JOIN execs x ON x.exec_id = t.exec_id
    WHERE t.what IS NOT NULL
      AND NOT (t.what IN ('a cron schedule', 'a systemd unit') AND x.program IN ('dpkg', 'rpm', 'apk'))
),
history AS (
    SELECT a.data, a.exec_id, a.type, json_extract_string(a.data, '$.path') AS path
    FROM acts a
    WHERE (a.type IN ('file_delete', 'file_rename')
           OR (a.type = 'file_open' AND contains(json_extract_string(a.data, '$.flags'), 'O_TRUNC')))
      AND regexp_matches(json_extract_string(a.data, '$.path'),
                         '/\.(bash_history|zsh_history|zhistory|sh_history|history|ash_history|python_history|node_repl_history|psql_history|mysql_history|lesshst)$')
),
cleared AS (
    SELECT h.data, h.exec_id,
           CASE WHEN h.exec_id IN (SELECT exec_id FROM under_install_script) THEN 'high' ELSE 'medium' END AS severity,
           format('{} shell history ({})',
                  CASE h.type WHEN 'file_delete' THEN 'deleted' WHEN 'file_rename' THEN 'moved away' ELSE 'emptied' END, h.path) AS summary
    FROM history h
),
modes AS (
    -- The mode is the octal string chmod was given ('4755', '02775'): its fourth digit from the right holds the
    -- setuid (4) and setgid (2) bits.
    SELECT a.data, a.exec_id, json_extract_string(a.data, '$.path') AS path, json_extract_string(a.data, '$.mode') AS mode,
           left(right('0000' || json_extract_string(a.data, '$.mode'), 4), 1) AS special
    FROM acts a
    WHERE a.type = 'file_chmod'
),
special_bits AS (
    SELECT m.data, m.exec_id,
           CASE WHEN m.exec_id IN (SELECT exec_id FROM under_install_script)
                     OR (m.special IN ('4', '5', '6', '7') AND regexp_matches(m.path, '^/(tmp|var/tmp|dev/shm)/')) THEN 'high'
                WHEN m.special IN ('4', '5', '6', '7') THEN 'medium'
                ELSE 'low' END AS severity,
           format('made {} {} (chmod {})', m.path, CASE WHEN m.special IN ('4', '5', '6', '7') THEN 'setuid' ELSE 'setgid' END, m.mode) AS summary
    FROM modes m
    WHERE m.special IN ('2', '3', '4', '5', '6', '7')
)
SELECT data, exec_id, severity, summary FROM persistence
UNION ALL SELECT data, exec_id, severity, summary FROM cleared
UNION ALL SELECT data, exec_id, severity, summary FROM special_bits
