-- One row per step of the traced jobs, for the job summary: what ran, what it reached, what it touched.
WITH procs AS (
    SELECT job_id, step, pid FROM process_exec WHERE job_id IS NOT NULL
    UNION SELECT job_id, step, pid FROM process_fork WHERE job_id IS NOT NULL
), hosts AS (
    SELECT job_id, step, coalesce(hostname, dst_addr) AS host FROM net_connect WHERE job_id IS NOT NULL
    UNION SELECT job_id, step, hostname FROM dns_query WHERE job_id IS NOT NULL AND hostname IS NOT NULL
)
SELECT s.job_id, s.step, s.kind, s.name, s.action, s.exit_code,
       CAST(epoch(s.duration) * 1000 AS BIGINT) AS duration_ms,
       (SELECT count(DISTINCT p.pid) FROM procs p WHERE p.job_id = s.job_id AND p.step = s.step) AS processes,
       (SELECT list_sort(list(DISTINCT h.host)) FROM hosts h WHERE h.job_id = s.job_id AND h.step = s.step) AS hosts,
       (SELECT count(DISTINCT f.path) FROM file_open f WHERE f.job_id = s.job_id AND f.step = s.step) AS files_opened,
       (SELECT count(DISTINCT w.path) FROM file_write w WHERE w.job_id = s.job_id AND w.step = s.step) AS files_written
FROM steps s
ORDER BY s.started, s.step
