-- title: Connections by step and action
-- description: Which steps of a GitHub Actions job made network connections, and to which hosts: per step (its number, kind, action owner/repo@ref or step name), each host with its ports, how often, when first and by which commands. Connections of processes outside any job come last, with no step.
SELECT c.job, c.job_id, c.step, s.kind, c.action, s.name,
       coalesce(c.hostname, c.dst_addr) AS host,
       string_agg(DISTINCT c.dst_port || '/' || c.protocol, ', ' ORDER BY c.dst_port || '/' || c.protocol) AS ports,
       count(*) AS connections,
       min(c.ts) AS first_seen,
       string_agg(DISTINCT c.comm, ', ' ORDER BY c.comm) AS processes
FROM net_connect c
LEFT JOIN steps s ON s.job = c.job AND s.job_id = c.job_id AND s.step = c.step
GROUP BY c.job, c.job_id, c.step, s.kind, c.action, s.name, host
ORDER BY c.job, c.job_id NULLS LAST, c.step, first_seen, host
