/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Process lifecycle: scope inheritance at fork, process_exec, and exit (which also flushes write totals). */
#include "shared.bpf.h"
#include "path.bpf.h"
#include "writes.bpf.h"
#include "jobs.bpf.h"
#include "env.bpf.h"

/*
 * A new process enters scope when its parent is in scope, and is reported as a fork record: user space writes it
 * out only for a process that never execs (a subshell, a forked worker), so every pid and ppid in a trace resolves
 * to its root. About one record per process; a build's 900 processes cost nothing measurable.
 */
SEC("tp_btf/sched_process_fork")
int BPF_PROG(on_fork, struct task_struct *parent, struct task_struct *child)
{
	__u32 parent_tgid = parent->tgid;
	__u32 child_tgid = child->tgid;
	struct tracked inherited = {};

	/* Threads share the tgid that is already tracked; only new processes need an entry. */
	if (parent_tgid == child_tgid)
		return 0;
	inherit_job(parent_tgid, child_tgid);
	if (!cfg.scope_all) {
		if (!bpf_map_lookup_elem(&tracked_tgids, &parent_tgid))
			return 0;
		bpf_map_update_elem(&tracked_tgids, &child_tgid, &inherited, BPF_ANY);
	} else if (child_tgid == cfg.tracer_tgid) {
		return 0;
	}

	struct fork_record *fork = bpf_ringbuf_reserve(&events, sizeof(*fork), 0);
	if (!fork) {
		count_drop(RECORD_FORK);
		return 0;
	}
	fork->header.kind = RECORD_FORK;
	fork->header.flags = 0;
	fork->header.size = sizeof(*fork);
	fork->header.ktime_ns = bpf_ktime_get_ns();
	fork->header.tgid = child_tgid;
	fork->header.tid = child->pid;
	/* The forking process, not child->real_parent: with CLONE_PARENT that is the forker's parent. */
	fork->header.ppid = parent_tgid;
	fork->header.uid = (__u32)bpf_get_current_uid_gid();
	bpf_probe_read_kernel(fork->header.comm, sizeof(fork->header.comm), child->comm);
	fill_job(&fork->header, child_tgid);
	fork->parent_tid = parent->pid;
	fork->reserved = 0;
	bpf_ringbuf_submit(fork, BPF_RB_NO_WAKEUP);
	return 0;
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(on_exec, struct task_struct *task, pid_t old_pid, struct linux_binprm *bprm)
{
	if (!tgid_in_scope(task->tgid))
		return 0;
	/*
	 * Write totals of the old program go out before the new one runs, so a file_write names the program that wrote
	 * it (`echo data > f; exec true` wrote f as bash, not as true). Files it left open start new totals if the new
	 * program writes to them.
	 */
	flush_writes_of(task->tgid);
	__u8 *record = scratch_record();
	if (!record)
		return 0;
	struct exec_record *exec = (void *)record;
	__u32 pos = sizeof(*exec);
	__u16 flags = 0;

	/* argv is contiguous and resident right after exec; of the environment, only env.bpf.h's allow-list leaves. */
	unsigned long arg_start = BPF_CORE_READ(task, mm, arg_start);
	unsigned long arg_end = BPF_CORE_READ(task, mm, arg_end);
	__u32 args_len = arg_end > arg_start ? arg_end - arg_start : 0;
	if (args_len > ASHIATO_ARGS_MAX) {
		args_len = ASHIATO_ARGS_MAX;
		flags |= EXEC_FLAG_ARGS_TRUNCATED;
		count_stat(STAT_ARGS_TRUNCATED);
	}
	barrier_var(args_len);
	if (args_len > ASHIATO_ARGS_MAX)
		return 0;
	if (bpf_probe_read_user(&record[pos], args_len, (void *)arg_start)) {
		count_stat(STAT_USER_READ_FAILED);
		args_len = 0;
	}
	exec->args_len = args_len;
	if (is_runner_worker(task, &record[pos], args_len))
		start_job(task->tgid);
	pos += args_len;

	barrier_var(pos);
	if (pos > RECORD_BUF - ASHIATO_PATH_MAX)
		return 0;
	long filename_len = bpf_probe_read_kernel_str(&record[pos], ASHIATO_PATH_MAX, BPF_CORE_READ(bprm, filename));
	filename_len = filename_len > 0 ? filename_len - 1 : 0;
	exec->filename_len = filename_len;
	pos += filename_len;

	/* For a script, bprm->file is already the interpreter, which is what `exe` promises. */
	struct file *file = BPF_CORE_READ(bprm, file);
	exec->exe_len = append_path((struct scratch_record *)record, pos, (__u64)&file->f_path, 0);
	pos += exec->exe_len;

	struct fs_struct *fs = BPF_CORE_READ(task, fs);
	exec->cwd_len = append_path((struct scratch_record *)record, pos, (__u64)&fs->pwd, 0);
	pos += exec->cwd_len;
	pos += append_env(exec, pos, task, bprm, &flags, is_step_root(task->tgid));

	fill_header(&exec->header, RECORD_EXEC, pos);
	exec->header.flags = flags;
	emit(record, pos, RECORD_EXEC);
	return 0;
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(on_exit, struct task_struct *task)
{
	__u32 tgid = task->tgid;

	/* Act once per process: when its last thread exits. */
	if (BPF_CORE_READ(task, signal, live.counter) != 0)
		return 0;
	if (!tgid_in_scope(tgid))
		return 0;

	flush_writes_of(tgid);

	struct exit_record *exit = bpf_ringbuf_reserve(&events, sizeof(*exit), 0);
	if (exit) {
		fill_header(&exit->header, RECORD_EXIT, sizeof(*exit));
		exit->exit_code = BPF_CORE_READ(task, exit_code);
		bpf_ringbuf_submit(exit, BPF_RB_NO_WAKEUP);
	} else {
		count_drop(RECORD_EXIT);
	}
	if (!cfg.scope_all)
		bpf_map_delete_elem(&tracked_tgids, &tgid);
	bpf_map_delete_elem(&job_tags, &tgid);
	return 0;
}
