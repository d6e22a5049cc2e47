-- title: Outbound connections during npm install / pip install
-- description: Network connections made by npm, yarn, pnpm or pip install commands and every process they started (followed through ppid), with the DNS name where the trace saw it. Install scripts that phone home show up here.
WITH RECURSIVE installer(job, pid, command_line) AS (
  SELECT DISTINCT job, pid, array_to_string(args, ' ')
  FROM process_exec
  WHERE regexp_matches(array_to_string(args, ' '), '(^|[/ ])(npm|pnpm|yarn)( [^ ]+)* (install|i|ci|add)( |$)')
     OR regexp_matches(array_to_string(args, ' '), '(^|[/ ])(pip|pip3)( [^ ]+)* install( |$)')
  UNION
  SELECT child.job, child.pid, installer.command_line
  FROM process_exec child
  JOIN installer ON child.job = installer.job AND child.ppid = installer.pid AND child.pid <> installer.pid
)
SELECT DISTINCT c.ts, c.job, i.command_line AS install, c.pid, c.comm, c.dst_addr, c.dst_port, c.protocol, c.hostname
FROM net_connect c
JOIN installer i ON c.job = i.job AND c.pid = i.pid
ORDER BY c.ts
