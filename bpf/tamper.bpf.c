/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Evidence of tampering: file_rename, file_delete, file_chmod and process_access. As in file.bpf.c every program
 * runs at syscall exit and reads the arguments from the saved user registers, and a failed call returns before any
 * helper: an exit tracepoint costs only the syscall it is attached to, while one enter tracepoint would make every
 * syscall of every process on the machine pay (see docs/benchmarks.md, "New hooks (issue 13)").
 *
 * Two programs, each attached by the tracer to several syscall exits (KernelTracer's table) and told them apart by
 * the syscall number: the kernel verifies a program that builds paths in about 75 ms, so one program per syscall
 * would have added most of a second to every trace's start.
 */
#include "shared.bpf.h"
#include "path.bpf.h"

/* x86-64 syscall numbers (the tracer is built for x86-64 only: the arguments are read from its pt_regs). */
#define NR_RENAME 82
#define NR_RMDIR 84
#define NR_UNLINK 87
#define NR_CHMOD 90
#define NR_FCHMOD 91
#define NR_PTRACE 101
#define NR_UNLINKAT 263
#define NR_RENAMEAT 264
#define NR_FCHMODAT 268
#define NR_PROCESS_VM_READV 310
#define NR_PROCESS_VM_WRITEV 311
#define NR_RENAMEAT2 316
#define NR_PIDFD_GETFD 438
#define NR_FCHMODAT2 452

#define AT_REMOVEDIR 0x200
#define PTRACE_ATTACH 16
#define PTRACE_SEIZE 0x4206
#define MODE_BITS 07777
#define PIDFS_MAGIC 0x50494446
#define ANON_INODE_FS_MAGIC 0x09041934 /* pidfds before pidfs (Linux 6.9) */
/* Parent links walked to tell a child or descendant from an unrelated process; CI trees are about ten deep. */
#define ANCESTRY_DEPTH 32

/* What one successful syscall changed, gathered by its program for the shared handler. */
struct file_change {
	__u64 name;      /* user pointer; 0 for fchmod, whose descriptor names the file */
	__u64 new_name;  /* rename: the new name */
	__s32 dirfd;
	__s32 new_dirfd;
	__s32 fd;        /* fchmod */
	__u32 mode;      /* chmod */
	__u16 kind;      /* RECORD_FILE_RENAME, RECORD_FILE_DELETE or RECORD_FILE_CHMOD */
	__u16 flags;     /* FILE_CHANGE_FLAG_* */
	__u32 reserved;
};

/*
 * Paths are the names the process gave, made absolute in user space from the base directory appended here: after a
 * rename or an unlink the old name no longer leads anywhere, so there is nothing else to walk. A global function,
 * verified once on its own rather than at each of the program's cases.
 */
__noinline int handle_file_change(struct file_change *change)
{
	if (!change || !current_in_scope())
		return 0;
	__u8 *record = scratch_record();
	if (!record)
		return 0;
	struct file_change_record *out = (void *)record;
	struct named_path_lengths named = {};
	__u32 pos = sizeof(*out);
	__u16 kind = change->kind;

	out->mode = change->mode & MODE_BITS;
	out->new_name_len = 0;
	out->new_base_len = 0;
	out->reserved = 0;
	if (change->name) {
		pos += append_named_path((struct scratch_record *)record, pos, change->dirfd, change->name, &named);
	} else {
		struct file *file = current_fd_file(change->fd);
		if (!file)
			return 0;
		named.name = append_path((struct scratch_record *)record, pos, (__u64)&file->f_path, 0);
		pos += named.name;
	}
	out->name_len = named.name;
	out->base_len = named.base;
	if (kind == RECORD_FILE_RENAME) {
		pos += append_named_path((struct scratch_record *)record, pos, change->new_dirfd, change->new_name, &named);
		out->new_name_len = named.name;
		out->new_base_len = named.base;
	}
	fill_header(&out->header, kind, pos);
	out->header.flags = change->flags;
	emit(record, pos, kind);
	return 0;
}

/*
 * The exits of rename, renameat, renameat2, unlink, unlinkat, rmdir, chmod, fchmod, fchmodat and fchmodat2. A
 * syscall's fourth argument is in r10. fchmod names no path: the descriptor's file is walked instead. With
 * fchmodat2's AT_EMPTY_PATH the name is empty and joining it to dirfd's path gives dirfd's own.
 */
SEC("tp")
int on_file_change_exit(struct trace_event_raw_sys_exit *ctx)
{
	if (ctx->ret < 0)
		return 0;
	struct pt_regs *regs = syscall_regs();
	struct file_change change = { .dirfd = AT_FDCWD, .new_dirfd = AT_FDCWD };

	/* The syscall number is an int; the padding after it in the tracepoint's record is not cleared. */
	switch ((int)ctx->id) {
	case NR_RENAME:
		change.kind = RECORD_FILE_RENAME;
		change.name = regs->di;
		change.new_name = regs->si;
		break;
	case NR_RENAMEAT:
	case NR_RENAMEAT2:
		change.kind = RECORD_FILE_RENAME;
		change.dirfd = regs->di;
		change.name = regs->si;
		change.new_dirfd = regs->dx;
		change.new_name = regs->r10;
		break;
	case NR_UNLINK:
	case NR_RMDIR:
		change.kind = RECORD_FILE_DELETE;
		change.name = regs->di;
		change.flags = (int)ctx->id == NR_RMDIR ? FILE_CHANGE_FLAG_DIRECTORY : 0;
		break;
	case NR_UNLINKAT:
		change.kind = RECORD_FILE_DELETE;
		change.dirfd = regs->di;
		change.name = regs->si;
		change.flags = (regs->dx & AT_REMOVEDIR) ? FILE_CHANGE_FLAG_DIRECTORY : 0;
		break;
	case NR_CHMOD:
		change.kind = RECORD_FILE_CHMOD;
		change.name = regs->di;
		change.mode = regs->si;
		break;
	case NR_FCHMOD:
		change.kind = RECORD_FILE_CHMOD;
		change.fd = regs->di;
		change.mode = regs->si;
		break;
	case NR_FCHMODAT:
	case NR_FCHMODAT2:
		change.kind = RECORD_FILE_CHMOD;
		change.dirfd = regs->di;
		change.name = regs->si;
		change.mode = regs->dx;
		break;
	default:
		return 0;
	}
	return handle_file_change(&change);
}

/*
 * Accesses already reported, per (accessor process image, target process, method): a process reading another's
 * memory thousands of times is reported once. The image is the leader's pid, start time and exec count, so a later
 * process that reuses the pid, or the program an exec starts, is a new accessor; the target's start time likewise
 * tells a new process behind a reused pid. LRU: when full the oldest is forgotten and reported again if repeated.
 */
struct access_key {
	__u64 accessor_start;
	__u64 accessor_exec_id;
	__u64 target_start;
	__u32 accessor_tgid;
	__u32 target_tgid;
	__u32 method;
	__u32 reserved;
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 4096);
	__type(key, struct access_key);
	__type(value, __u8);
} accesses_seen SEC(".maps");

extern struct task_struct *bpf_task_from_pid(s32 pid) __ksym;
extern struct task_struct *bpf_task_from_vpid(s32 vpid) __ksym;
extern void bpf_task_release(struct task_struct *task) __ksym;

/* Whether `descendant`'s real_parent chain reaches the process `tgid`: the number of links, or 0. */
static __always_inline int generations_between(struct task_struct *descendant, __u32 tgid)
{
	struct task_struct *task = descendant;

	for (int level = 1; level <= ANCESTRY_DEPTH; level++) {
		struct task_struct *parent = task->real_parent;
		if (!parent || parent == task)
			return 0; /* the idle task is its own parent */
		if (parent->tgid == tgid)
			return level;
		task = parent;
	}
	return 0;
}

static __always_inline __u8 relation_of(struct task_struct *accessor, struct task_struct *target)
{
	if (accessor->tgid == target->tgid)
		return ACCESS_RELATION_SELF;
	int below = generations_between(target, accessor->tgid);
	if (below)
		return below == 1 ? ACCESS_RELATION_CHILD : ACCESS_RELATION_DESCENDANT;
	return generations_between(accessor, target->tgid) ? ACCESS_RELATION_ANCESTOR : ACCESS_RELATION_OTHER;
}

/*
 * `pid` names the target as the accessor sees it (in its own pid namespace) unless `host_pid`. The target is looked
 * up again here, after the call: it succeeded, so the process existed a moment ago; one that has exited since is not
 * reported.
 */
__noinline int handle_process_access(__u32 method, __s32 pid, __u32 host_pid)
{
	if (!current_in_scope())
		return 0;
	struct task_struct *target = host_pid ? bpf_task_from_pid(pid) : bpf_task_from_vpid(pid);
	if (!target)
		return 0;
	struct task_struct *accessor = bpf_get_current_task_btf();
	struct task_struct *leader = accessor->group_leader;
	struct task_struct *target_leader = target->group_leader;
	struct access_key key = {
		.accessor_start = leader->start_time,
		.accessor_exec_id = leader->self_exec_id,
		.target_start = target_leader->start_time,
		.accessor_tgid = leader->tgid,
		.target_tgid = target->tgid,
		.method = method,
	};
	__u8 seen = 1;

	/*
	 * A lookup first: an LRU map's insert takes a free node (and its lock) before it finds the key present, which
	 * the thief's thousandth read would pay for nothing. The insert then settles a race between two threads.
	 */
	if (bpf_map_lookup_elem(&accesses_seen, &key) ||
	    bpf_map_update_elem(&accesses_seen, &key, &seen, BPF_NOEXIST)) {
		bpf_task_release(target);
		return 0;
	}
	struct process_access_record *out = bpf_ringbuf_reserve(&events, sizeof(*out), 0);
	if (!out) {
		/* Forgotten again, so that the next access of the kind is reported. */
		bpf_map_delete_elem(&accesses_seen, &key);
		bpf_task_release(target);
		count_drop(RECORD_PROCESS_ACCESS);
		return 0;
	}
	fill_header(&out->header, RECORD_PROCESS_ACCESS, sizeof(*out));
	out->target_tgid = target->tgid;
	out->target_ppid = target->real_parent->tgid;
	out->method = method;
	out->relation = relation_of(accessor, target);
	out->reserved = 0;
	out->reserved2 = 0;
	bpf_probe_read_kernel(out->target_comm, sizeof(out->target_comm), target_leader->comm);
	bpf_task_release(target);
	bpf_ringbuf_submit(out, BPF_RB_NO_WAKEUP);
	return 0;
}

/*
 * The exits of ptrace (PTRACE_ATTACH and PTRACE_SEIZE only: the requests that take hold of a process),
 * process_vm_readv, process_vm_writev (which return the bytes moved, so 0 moved nothing) and pidfd_getfd. For
 * pidfd_getfd the target is the struct pid behind the pidfd, whose first number is the pid in the initial namespace:
 * the pidfs inode's i_private (Linux 6.9 and later; file->private_data no longer holds it there), or the file's
 * private_data when pidfds were anonymous inodes. Checking the file system first keeps a descriptor that another
 * thread replaced in the meantime from being read as a pidfd.
 */
SEC("tp")
int on_process_access_exit(struct trace_event_raw_sys_exit *ctx)
{
	long ret = ctx->ret;
	int nr = (int)ctx->id;

	if (ret < 0 || (ret == 0 && (nr == NR_PROCESS_VM_READV || nr == NR_PROCESS_VM_WRITEV)))
		return 0;
	struct pt_regs *regs = syscall_regs();
	switch (nr) {
	case NR_PTRACE:
		if (regs->di == PTRACE_ATTACH)
			return handle_process_access(ACCESS_PTRACE_ATTACH, regs->si, 0);
		if (regs->di == PTRACE_SEIZE)
			return handle_process_access(ACCESS_PTRACE_SEIZE, regs->si, 0);
		return 0;
	case NR_PROCESS_VM_READV:
		return handle_process_access(ACCESS_PROCESS_VM_READV, regs->di, 0);
	case NR_PROCESS_VM_WRITEV:
		return handle_process_access(ACCESS_PROCESS_VM_WRITEV, regs->di, 0);
	case NR_PIDFD_GETFD: {
		struct file *pidfd = current_fd_file((int)regs->di);
		if (!pidfd)
			return 0;
		struct inode *inode = BPF_CORE_READ(pidfd, f_inode);
		unsigned long magic = BPF_CORE_READ(inode, i_sb, s_magic);
		struct pid *pid;
		if (magic == PIDFS_MAGIC)
			pid = BPF_CORE_READ(inode, i_private);
		else if (magic == ANON_INODE_FS_MAGIC)
			pid = BPF_CORE_READ(pidfd, private_data);
		else
			return 0;
		return handle_process_access(ACCESS_PIDFD_GETFD, BPF_CORE_READ(pid, numbers[0].nr), 1);
	}
	default:
		return 0;
	}
}
