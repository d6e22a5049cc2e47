/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * file_open and file_write. Everything runs at syscall exit: the original arguments are still in the task's
 * saved user registers (bpf_task_pt_regs), so no enter program or per-thread map is needed, and with no enter
 * program attached the kernel skips the enter probes of every syscall on the machine (about 45 ns each). A failed call
 * returns before any helper or map lookup: most opens of a build fail (the compiler's include search), and that
 * early return saves about 90 ns each.
 */
#include "shared.bpf.h"
#include "path.bpf.h"
#include "writes.bpf.h"
#include "dns.bpf.h"

#define O_WRONLY_CREAT_TRUNC 0x241
#define EBADF 9

/* splitmix64's finalizer: every input bit moves every output bit. */
static __always_inline __u64 mix64(__u64 x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

/*
 * The first report of this (process image, file, access mode)? Records it as reported. The fingerprint is keyed
 * with a per-trace random seed, so a process cannot pick an inode (a FUSE file system it serves, say) whose
 * fingerprint equals that of a file it wants to open unreported; by chance, two files share one with probability
 * 2^-63 per pair.
 */
static __always_inline bool first_open(struct file *file, __u32 flags)
{
	if (cfg.every_open)
		return true;
	/*
	 * The leader's start time and exec count: a pid reused by a later process is a new image, and so is the
	 * program an exec starts. A shell that execs its last command (dash does), env, nice or timeout opened libc
	 * and friends under the same pid, and the program's own opens of them must still show under its name.
	 */
	struct task_struct *leader = bpf_get_current_task_btf()->group_leader;
	__u32 tgid = leader->tgid;
	__u64 image = mix64(mix64(leader->start_time ^ cfg.open_seed) ^ ((__u64)tgid << 32) ^ leader->self_exec_id);
	struct inode *inode = BPF_CORE_READ(file, f_inode);
	__u64 dev_and_mode = ((__u64)BPF_CORE_READ(inode, i_sb, s_dev) << 2) | (flags & 3);
	__u64 fingerprint = mix64(mix64(BPF_CORE_READ(inode, i_ino) ^ image) ^ dev_and_mode) | 1;
	__u32 table = tgid % OPEN_TABLES;
	struct open_fingerprints *seen = bpf_map_lookup_elem(&opens_seen, &table);

	if (!seen)
		return true;
	/* A set is one cache line; the newest entry goes first and the oldest falls out. */
	__u64 *set = &seen->slot[fingerprint & (OPEN_SLOTS - OPEN_WAYS)];
#pragma unroll
	for (int way = 0; way < OPEN_WAYS; way++) {
		if (set[way] == fingerprint)
			return false;
	}
#pragma unroll
	for (int way = OPEN_WAYS - 1; way > 0; way--)
		set[way] = set[way - 1];
	set[0] = fingerprint;
	return true;
}

/*
 * A global function: one copy for the four open handlers, checked by the verifier on its own. `ret` is the new
 * descriptor: the handlers return before calling it when the open failed.
 */
__noinline int handle_open_exit(long ret, int dirfd, __u64 name_ptr, __u32 flags)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;

	if (!tgid_in_scope(tgid))
		return 0;
	struct file *file = current_fd_file(ret);
	if (!file || !first_open(file, flags))
		return 0;

	__u8 *record = scratch_record();
	if (!record)
		return 0;
	struct file_open_record *open = (void *)record;
	__u32 pos = sizeof(*open);

	open->open_flags = flags;
	open->dirfd = dirfd;
	open->fd = ret;

	/* A relative name is joined in user space to the directory it was relative to, as the process named it. */
	struct named_path_lengths named = {};
	pos += append_named_path((struct scratch_record *)record, pos, dirfd, name_ptr, &named);
	open->name_len = named.name;
	open->base_len = named.base;

	open->resolved_len = append_path((struct scratch_record *)record, pos, (__u64)&file->f_path, 1);
	pos += open->resolved_len;

	fill_header(&open->header, RECORD_FILE_OPEN, pos);
	emit(record, pos, RECORD_FILE_OPEN);
	return 0;
}

SEC("tp/syscalls/sys_exit_openat")
int on_openat_exit(struct trace_event_raw_sys_exit *ctx)
{
	if (ctx->ret < 0)
		return 0;
	struct pt_regs *regs = syscall_regs();

	return handle_open_exit(ctx->ret, (int)regs->di, regs->si, (__u32)regs->dx);
}

SEC("tp/syscalls/sys_exit_open")
int on_plain_open_exit(struct trace_event_raw_sys_exit *ctx)
{
	if (ctx->ret < 0)
		return 0;
	struct pt_regs *regs = syscall_regs();

	return handle_open_exit(ctx->ret, AT_FDCWD, regs->di, (__u32)regs->si);
}

SEC("tp/syscalls/sys_exit_creat")
int on_creat_exit(struct trace_event_raw_sys_exit *ctx)
{
	if (ctx->ret < 0)
		return 0;
	struct pt_regs *regs = syscall_regs();

	return handle_open_exit(ctx->ret, AT_FDCWD, regs->di, O_WRONLY_CREAT_TRUNC);
}

SEC("tp/syscalls/sys_exit_openat2")
int on_openat2_exit(struct trace_event_raw_sys_exit *ctx)
{
	long ret = ctx->ret;
	__u64 flags = 0;

	if (ret < 0)
		return 0;
	struct pt_regs *regs = syscall_regs();
	struct open_how *how = (struct open_how *)regs->dx;
	bpf_probe_read_user(&flags, sizeof(flags), &how->flags);
	return handle_open_exit(ret, (int)regs->di, regs->si, (__u32)flags);
}

/* Emits the path once, on the first write through a file, and starts its totals. */
static __always_inline void start_totals(struct write_key *key, struct file *file, int fd, long bytes, __u64 inode_id)
{
	struct write_totals totals = { .bytes = bytes, .calls = 1, .inode_id = inode_id, .fd = fd };
	__u64 fd_key = write_fd_key(key->tgid, fd);
	__u32 one = 1;

	if (bpf_map_update_elem(&write_totals, key, &totals, BPF_NOEXIST)) {
		/* Another thread of the process won the race, or the map is full: then the bytes are lost, say so. */
		struct write_totals *existing = bpf_map_lookup_elem(&write_totals, key);
		if (existing) {
			__sync_fetch_and_add(&existing->bytes, bytes);
			__sync_fetch_and_add(&existing->calls, 1);
		} else {
			count_drop(RECORD_WRITE_CLOSE);
		}
		return;
	}
	__u32 *pending = bpf_map_lookup_elem(&pending_writes, &key->tgid);
	if (pending)
		__sync_fetch_and_add(pending, 1);
	else
		bpf_map_update_elem(&pending_writes, &key->tgid, &one, BPF_ANY);
	/* A full map only delays these totals to the process's exit. */
	bpf_map_update_elem(&write_fds, &fd_key, &key->file_id, BPF_ANY);

	__u8 *record = scratch_record();
	if (!record)
		return;
	struct write_open_record *open = (void *)record;
	__u32 pos = sizeof(*open);
	open->file_id = key->file_id;
	open->path_len = append_path((struct scratch_record *)record, pos, (__u64)&file->f_path, 0);
	pos += open->path_len;
	fill_header(&open->header, RECORD_WRITE_OPEN, pos);
	emit(record, pos, RECORD_WRITE_OPEN);
}

/*
 * Bytes written through fd: summed per (process, open file) for regular files. A write to a socket may be a DNS
 * query (`buffer` is then the data or, with iov_count, an iovec array; 0 when the syscall copies between files).
 */
static __always_inline int on_write_exit(long ret, int fd, __u64 buffer, __u32 iov_count)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;

	if (ret <= 0 || !tgid_in_scope(tgid))
		return 0;
	struct file *file = current_fd_file(fd);
	if (!file)
		return 0;
	struct inode *inode = BPF_CORE_READ(file, f_inode);
	umode_t mode = BPF_CORE_READ(inode, i_mode) & S_IFMT;
	if (mode == S_IFSOCK && buffer) {
		/* A resolver writing its query to a connected socket (Go's, glibc over TCP). */
		struct dns_capture capture = {
			.file = (__u64)file,
			.buffer = buffer,
			.total = ret,
			.iov_count = iov_count,
			.direction = DNS_DIR_QUERY,
		};
		return capture_dns(&capture);
	}
	if (mode != S_IFREG)
		return 0;

	struct write_key key = { .tgid = tgid, .file_id = (__u64)file };
	struct write_totals *totals = bpf_map_lookup_elem(&write_totals, &key);
	if (totals && totals->inode_id == (__u64)inode) {
		__sync_fetch_and_add(&totals->bytes, ret);
		__sync_fetch_and_add(&totals->calls, 1);
		return 0;
	}
	if (totals) {
		/* The struct file was freed and reused for another file without a close we saw (exec, dup2). */
		__u64 stale_fd_key = write_fd_key(tgid, totals->fd);
		__u64 *stale_file_id = bpf_map_lookup_elem(&write_fds, &stale_fd_key);
		if (stale_file_id && *stale_file_id == key.file_id)
			bpf_map_delete_elem(&write_fds, &stale_fd_key);
		emit_write_close(&key, totals);
		bpf_map_delete_elem(&write_totals, &key);
		forget_pending_write(tgid);
	}
	start_totals(&key, file, fd, ret, (__u64)inode);
	return 0;
}

/* write(fd, buf, count) and pwrite64(fd, buf, count, pos) */
static __always_inline int on_flat_write(long ret)
{
	struct pt_regs *regs = syscall_regs();

	return on_write_exit(ret, (int)regs->di, regs->si, 0);
}

/* writev(fd, iov, iovcnt), pwritev(...), pwritev2(...) */
static __always_inline int on_vectored_write(long ret)
{
	struct pt_regs *regs = syscall_regs();

	return on_write_exit(ret, (int)regs->di, regs->si, (__u32)regs->dx);
}

SEC("tp/syscalls/sys_exit_write")
int on_write(struct trace_event_raw_sys_exit *ctx)
{
	return on_flat_write(ctx->ret);
}

SEC("tp/syscalls/sys_exit_pwrite64")
int on_pwrite64(struct trace_event_raw_sys_exit *ctx)
{
	return on_flat_write(ctx->ret);
}

SEC("tp/syscalls/sys_exit_writev")
int on_writev(struct trace_event_raw_sys_exit *ctx)
{
	return on_vectored_write(ctx->ret);
}

SEC("tp/syscalls/sys_exit_pwritev")
int on_pwritev(struct trace_event_raw_sys_exit *ctx)
{
	return on_vectored_write(ctx->ret);
}

SEC("tp/syscalls/sys_exit_pwritev2")
int on_pwritev2(struct trace_event_raw_sys_exit *ctx)
{
	return on_vectored_write(ctx->ret);
}

/* copy_file_range(fd_in, off_in, fd_out, off_out, len, flags): how cp and .NET's File.Copy write. */
SEC("tp/syscalls/sys_exit_copy_file_range")
int on_copy_file_range(struct trace_event_raw_sys_exit *ctx)
{
	long ret = ctx->ret;
	struct pt_regs *regs = syscall_regs();

	return on_write_exit(ret, (int)regs->dx, 0, 0);
}

/* sendfile(out_fd, in_fd, offset, count) */
SEC("tp/syscalls/sys_exit_sendfile64")
int on_sendfile(struct trace_event_raw_sys_exit *ctx)
{
	long ret = ctx->ret;
	struct pt_regs *regs = syscall_regs();

	return on_write_exit(ret, (int)regs->di, 0, 0);
}

/*
 * close(fd) at exit: the totals of the file whose first write went through fd. A failed close (-EBADF) closed
 * nothing. dup2 and dup3 over fd drop its entry (below); close_range and close-on-exec leave it until that fd
 * is closed again, which then emits the totals of a file closed earlier: late, never lost.
 */
SEC("tp/syscalls/sys_exit_close")
int on_close(struct trace_event_raw_sys_exit *ctx)
{
	if (ctx->ret == -EBADF)
		return 0;
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	__u64 fd_key = write_fd_key(tgid, (int)syscall_regs()->di);
	__u64 *file_id = bpf_map_lookup_elem(&write_fds, &fd_key);
	if (!file_id)
		return 0; /* most closes: nothing was written through this descriptor */
	struct write_key key = { .tgid = tgid, .file_id = *file_id };
	bpf_map_delete_elem(&write_fds, &fd_key);
	struct write_totals *totals = bpf_map_lookup_elem(&write_totals, &key);
	if (!totals)
		return 0;
	emit_write_close(&key, totals);
	bpf_map_delete_elem(&write_totals, &key);
	forget_pending_write(tgid);
	return 0;
}

/*
 * dup2(oldfd, newfd) and dup3 put another file at newfd. Shells do it around every redirected builtin
 * (`printf x >&3`: save fd 1, dup2(3, 1), write, dup2(saved, 1), close(saved)), so an entry left for newfd
 * would let the next close(1), of the terminal, emit the totals of the file still open at fd 3 and split them.
 * Its totals stay and go out when the process exits.
 */
static __always_inline int forget_replaced_fd(long newfd)
{
	if (newfd < 0)
		return 0;
	__u64 fd_key = write_fd_key(bpf_get_current_pid_tgid() >> 32, (int)newfd);
	__u64 *file_id = bpf_map_lookup_elem(&write_fds, &fd_key);
	if (file_id && *file_id != (__u64)current_fd_file((int)newfd))
		bpf_map_delete_elem(&write_fds, &fd_key);
	return 0;
}

SEC("tp/syscalls/sys_exit_dup2")
int on_dup2(struct trace_event_raw_sys_exit *ctx)
{
	return forget_replaced_fd(ctx->ret);
}

SEC("tp/syscalls/sys_exit_dup3")
int on_dup3(struct trace_event_raw_sys_exit *ctx)
{
	return forget_replaced_fd(ctx->ret);
}
