-- title: curl and wget executions
-- description: Every run of curl or wget with its full command line, to see what was downloaded or sent during the job.
SELECT ts, job, pid, comm, filename, array_to_string(args, ' ') AS command_line
FROM process_exec
WHERE regexp_matches(filename, '(^|/)(curl|wget)$')
   OR regexp_matches(coalesce(args[1], ''), '(^|/)(curl|wget)$')
ORDER BY ts
