-- id: trace-ended-abnormally
-- title: The agent's trace of a job ended abnormally
-- severity: high
-- description: A job's trace written by `ashiato agent` stops without its trace_end record: the agent was killed
--   (SIGKILL leaves it no time to close the trace), or its stream to the console was cut, while the job ran. A job
--   step running as root can do either to hide what it does next, so nothing the job did after the last record is
--   known. The signal records of the trace, when the kernel saw who sent the agent a fatal signal, name the sender.
-- technique: T1562.001
-- remediation: Treat the job as untrusted: find which step ran when the trace stopped (the last records name it),
--   compare with earlier runs of the job, and run jobs that need root on ephemeral runners. Check the agent's unit
--   (Restart=on-failure) and the console's stream faults for the job.
SELECT m.data,
       'high' AS severity,
       format('the trace of job {} stops at {} without trace_end: the agent was killed or its stream was cut while the job ran',
              json_extract_string(m.data, '$.job_id'),
              strftime((SELECT max(e.ts) FROM events e WHERE e.job = m.job), '%Y-%m-%dT%H:%M:%S.%fZ')) AS summary
FROM events m
WHERE m.type = 'trace_meta'
  AND json_extract_string(m.data, '$.job_id') IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM events t WHERE t.job = m.job AND t.type = 'trace_end')
