-- id: privilege-escalation
-- title: Privileges raised or granted
-- severity: medium
-- description: A job raised its privileges and used them, or left a way to raise them: a process started through sudo
--   (or su, doas, pkexec) that read a credential, the password hashes or another process's memory as root (high: a
--   root read the job's own user could not make); and setcap granting a program file capabilities (medium; high for
--   cap_setuid, cap_setgid, cap_sys_admin, cap_sys_ptrace, cap_dac_override, cap_dac_read_search or cap_sys_module, or
--   for a file in a temporary folder or the workspace). A setuid chmod is tampering's. sudo by itself is routine on CI
--   (sudo apt-get install) and is not reported.
-- technique: T1548
-- phase: privilege
-- remediation: Check why the step needed root for that file (see the ancestry). Remove the capability (setcap -r) and
--   the file; give jobs sudo only where they need it, and run them on ephemeral runners.
WITH elevated AS (
    -- every exec at or under a sudo-like exec, with that exec
    SELECT a.exec_id, a.ancestor_exec_id AS sudo_exec_id, s.program AS via
    FROM exec_ancestors a JOIN execs s ON s.exec_id = a.ancestor_exec_id
    WHERE s.program IN ('sudo', 'su', 'doas', 'pkexec', 'run0') AND a.depth >= 0
),
root_reads AS (
    SELECT r.data, r.exec_id, r.program, r.title, r.target, e.via, r.entry
    FROM sensitive_acts r
    JOIN (SELECT DISTINCT exec_id, via FROM elevated) e ON e.exec_id = r.exec_id
    JOIN execs x ON x.exec_id = r.exec_id
    WHERE r.access = 'read' AND coalesce(x.uid, 0) = 0
      AND (r.category IN ('credential', 'runner-credential', 'system-secret')
           OR (r.category = 'process-memory'
               AND coalesce(TRY_CAST(regexp_extract(r.target, '^/proc/([0-9]+)/', 1) AS BIGINT), r.pid) <> r.pid))
      AND NOT coalesce(list_contains(r.owners, r.program), false)
),
capabilities AS (
    SELECT x.exec_id, x.data, x.args,
           regexp_matches(lower(array_to_string(x.args, ' ')),
               'cap_(setuid|setgid|sys_admin|sys_ptrace|dac_override|dac_read_search|sys_module)|(^| )all[=+]') AS dangerous,
           list_bool_or([regexp_matches(a, '^(/tmp|/var/tmp|/dev/shm|/home/runner/work|/__w)/') OR (x.cwd IS NOT NULL AND starts_with(a, x.cwd || '/'))
                         FOR a IN x.args[2:]]) AS writable_target
    FROM execs x
    WHERE x.program = 'setcap' AND NOT list_contains(x.args, '-r') AND NOT list_contains(x.args, '-v')
)
SELECT r.data, r.exec_id, 'high' AS severity,
       format('{} read {} ({}) as root through {}', r.program, r.title, r.target, r.via) AS summary,
       'root-read:' || r.entry AS reason
FROM root_reads r
UNION ALL
SELECT c.data, c.exec_id,
       CASE WHEN c.dangerous OR c.writable_target THEN 'high' ELSE 'medium' END AS severity,
       format('granted file capabilities: {}', left(array_to_string(c.args, ' '), 200)) AS summary,
       'setcap' AS reason
FROM capabilities c
