-- id: tampering
-- title: Tampering with persistence points, shell history or file permissions
-- severity: medium
-- description: A process wrote, emptied or renamed a file into a place the sensitive-path catalog (sensitive-paths.txt)
--   lists as a persistence point, where code runs later: .github/workflows/*, .git/hooks/* (not the *.sample files git
--   itself creates), shell startup files (~/.bashrc, ~/.profile, /etc/profile.d/* and the like), /etc/ld.so.preload, cron
--   schedules (/etc/cron.d/*, /var/spool/cron/**, a rename into them included), systemd units and timers,
--   ~/.ssh/authorized_keys, the sudo rules, the runner's .env and .path (which every later job inherits), and a
--   downloaded action's code under the runner's _work/_actions (action poisoning, as in the Cacheract attack: only the
--   runner itself, step 0 of a job, installs actions there). These changes persist beyond the step, change later steps or
--   future runs, or inject code into every process. The owners the catalog names (dpkg, rpm and apk installing a
--   package's cron or unit files, git checking out workflows) are not reported. Also reported: deleting, moving away or
--   emptying a shell history file, which hides what ran, and a chmod that sets the setuid or setgid bit (mode 4xxx,
--   2xxx; setgid alone, common on shared folders, is low). The preload list, the runner's environment, the actions
--   cache, a setuid file in a temporary folder and anything from a package's install script are high severity.
-- technique: T1546.004
-- phase: persistence
-- remediation: Inspect the written file and restore it; for a setuid file, remove the bit (chmod u-s). Find which
--   step did it from the ancestry; if it is a dependency or an action, remove or pin it. Run jobs on ephemeral
--   runners so such changes cannot persist; on a self-hosted runner, reinstall the poisoned actions (delete
--   _work/_actions) and check the runner's .env and .path.
WITH persistence AS (
    SELECT t.data, t.exec_id,
           CASE WHEN t.entry IN ('ld-preload', 'runner-environment', 'action-cache') OR t.exec_id IN (SELECT exec_id FROM under_install_script)
                THEN 'high' ELSE 'medium' END AS severity,
           CASE WHEN t.access = 'rename-into' THEN format('renamed {} into {} ({})', json_extract_string(t.data, '$.path'), t.title, t.target)
                ELSE format('wrote {} ({})', t.title, t.target) END AS summary,
           t.entry AS reason
    FROM sensitive_acts t
    -- an open that truncates also writes: 'write' covers it
    WHERE t.category = 'persistence' AND t.access IN ('write', 'rename-into')
      -- the actions cache is the runner's (step 0) to fill, whichever program it runs; other entries name their owners
      AND NOT (t.entry = 'action-cache' AND t.job_id IS NOT NULL AND t.step = 0)
      AND NOT (t.entry <> 'action-cache' AND coalesce(list_contains(t.owners, t.program), false))
),
cleared AS (
    SELECT h.data, h.exec_id,
           CASE WHEN h.exec_id IN (SELECT exec_id FROM under_install_script) THEN 'high' ELSE 'medium' END AS severity,
           format('{} shell history ({})',
                  CASE h.access WHEN 'delete' THEN 'deleted' WHEN 'rename-away' THEN 'moved away' ELSE 'emptied' END, h.target) AS summary,
           'history' AS reason
    FROM sensitive_acts h
    WHERE h.category = 'history' AND h.access IN ('delete', 'rename-away', 'truncate')
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
SELECT data, exec_id, severity, summary, reason FROM persistence
UNION ALL SELECT data, exec_id, severity, summary, reason FROM cleared
UNION ALL SELECT data, exec_id, severity, summary, NULL AS reason FROM special_bits
