-- title: Processes that attached to or read another process
-- description: ptrace attach or seize, process_vm_readv or writev and pidfd_getfd of another process, with what the target ran at the time (from its exec, or the snapshot of a process already running when tracing started). A debugger on its own child says child; the tj-actions kind of theft says other, with Runner.Worker as the target.
SELECT a.ts, a.job, a.pid, a.comm, a.method, a.target_pid, coalesce(t.filename, a.target_comm) AS target, a.target_relation, t.snapshot AS target_was_running
FROM process_access a
ASOF LEFT JOIN process_exec t ON t.job = a.job AND t.pid = a.target_pid AND a.ts >= t.ts
WHERE a.target_relation IS DISTINCT FROM 'self'
ORDER BY a.ts
