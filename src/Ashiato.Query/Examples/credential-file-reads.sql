-- title: Credential file reads
-- description: Opens for reading of the files the sensitive-path catalog (sensitive_path_catalog) lists as credentials, the runner's own credentials and password hashes, by anyone but the program that owns the file, and of other processes' /proc/<pid>/environ.
SELECT o.ts, o.job, o.pid, o.comm, o.path, o.flags, c.name AS catalog_entry, c.title
FROM file_open o
JOIN sensitive_path_catalog c
  ON regexp_matches(o.path, c.paths) AND NOT coalesce(regexp_matches(o.path, c.excluded), false)
WHERE NOT starts_with(coalesce(o.flags, ''), 'O_WRONLY')
  AND NOT list_contains(c.owners, o.comm)
  AND (c.category IN ('credential', 'runner-credential', 'system-secret')
       OR (c.name = 'process-environment' AND o.path <> ('/proc/' || o.pid || '/environ')))
ORDER BY o.ts
