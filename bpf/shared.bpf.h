/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * What every program shares: the maps (defined once in shared.bpf.c and resolved by the BPF static linker),
 * the configuration set by user space before load, and the small helpers every handler starts with.
 */
#ifndef ASHIATO_SHARED_BPF_H
#define ASHIATO_SHARED_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_endian.h>
#include "ashiato.h"

#ifdef ASHIATO_DEFINE_SHARED
#define SHARED
#else
#define SHARED extern
#endif

#define S_IFMT 00170000
#define S_IFREG 0100000
#define S_IFSOCK 0140000
#define AF_INET 2
#define AF_INET6 10

/* Record assembly space: large enough for an exec record with every string at its maximum (env.bpf.h checks). */
#define RECORD_BUF 32768
/* A path is built right to left; the slack lets the verifier see that one name always fits. */
#define PATH_BUF (ASHIATO_PATH_MAX + 256)

struct scratch_record {
	__u8 data[RECORD_BUF];
};

struct scratch_path {
	__u8 data[PATH_BUF];
};

/*
 * All records, submitted without wake-ups: user space drains on a timer (wake-ups cost ~20% on builds). 16 MiB
 * holds a 1 s burst of 200k records/s beyond what the consumer drains (about 8 MB); libbpf maps it twice, so
 * a larger ring costs resident memory.
 */
SHARED struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16 << 20);
} events SEC(".maps");

/* Processes in scope, by tgid. Children inherit the entry at fork. */
SHARED struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__type(key, __u32);
	__type(value, struct tracked);
} tracked_tgids SEC(".maps");

/* The job and step of every process inside a GitHub Actions job, by tgid (struct job_tag). */
SHARED struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__type(key, __u32);
	__type(value, struct job_tag);
} job_tags SEC(".maps");

/* Records lost because the ring buffer was full, by record_kind. */
SHARED struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, RECORD_KIND_MAX);
	__type(key, __u32);
	__type(value, __u64);
} drops SEC(".maps");

/* Truncations and failed reads, by stat_slot. */
SHARED struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, STAT_SLOT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} stats SEC(".maps");

SHARED struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct scratch_record);
} scratch_records SEC(".maps");

SHARED struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, struct scratch_path);
} scratch_paths SEC(".maps");

/* Bytes written per (process, open file), summed in the kernel and emitted once. Not LRU: an eviction
 * would lose bytes silently, while a failed insert is counted as a drop. */
SHARED struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__type(key, struct write_key);
	__type(value, struct write_totals);
} write_totals SEC(".maps");

/*
 * The open file behind each (tgid << 32 | fd) that started write totals, so a close is handled at syscall exit,
 * when the descriptor no longer names the file: an enter tracepoint would cost every syscall of every process
 * on the machine about 45 ns more, whatever it is (the kernel runs the enter probes for all of them).
 */
SHARED struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__type(key, __u64);
	__type(value, __u64);
} write_fds SEC(".maps");

static __always_inline __u64 write_fd_key(__u32 tgid, int fd)
{
	return ((__u64)tgid << 32) | (__u32)fd;
}

/* How many write_totals entries each process has, so an exit only scans the map when it must. */
SHARED struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__type(key, __u32);
	__type(value, __u32);
} pending_writes SEC(".maps");

/*
 * Files each process image already reported, per access mode: one file_open each unless --every-open. A fixed
 * pool of tables of 64-bit fingerprints in sets of eight (32 KiB each), picked by pid: a lookup touches one cache
 * line and nothing is allocated per process (task storage allocated and zeroed a 32 KiB table in each of a
 * build's 900 processes, in the middle of its first open). The fingerprint mixes in which image opened the file
 * (pid, start time, exec count), so a table that two live processes share, or that an ended process left full,
 * never answers for another, and a program started by exec begins afresh. A full set evicts its oldest entry,
 * so a file may be reported twice, never missed.
 */
#define OPEN_TABLES 256
#define OPEN_SLOTS 4096
#define OPEN_WAYS 8

struct open_fingerprints {
	__u64 slot[OPEN_SLOTS];
};

SHARED struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, OPEN_TABLES);
	__type(key, __u32);
	__type(value, struct open_fingerprints);
} opens_seen SEC(".maps");

/* Configuration, written by user space into .rodata before load. */
SHARED const volatile struct ashiato_config cfg;

#ifndef barrier_var
#define barrier_var(var) asm volatile("" : "+r"(var))
#endif

static __always_inline void count_stat(__u32 slot)
{
	__u64 *value = bpf_map_lookup_elem(&stats, &slot);
	if (value)
		*value += 1;
}

static __always_inline void count_drop(__u32 kind)
{
	__u64 *value = bpf_map_lookup_elem(&drops, &kind);
	if (value)
		*value += 1;
}

static __always_inline bool tgid_in_scope(__u32 tgid)
{
	if (cfg.scope_all)
		return tgid != cfg.tracer_tgid;
	struct tracked *entry = bpf_map_lookup_elem(&tracked_tgids, &tgid);
	/* The tracer's own entry only makes its children tracked; its own activity is not the job's. */
	return entry && !(entry->flags & TRACKED_SPAWNER);
}

static __always_inline bool current_in_scope(void)
{
	return tgid_in_scope(bpf_get_current_pid_tgid() >> 32);
}

/* One hash lookup per record (~20 ns); outside a runner the map is empty and every record says job 0. */
static __always_inline void fill_job(struct record_header *header, __u32 tgid)
{
	struct job_tag *tag = bpf_map_lookup_elem(&job_tags, &tgid);

	header->job = tag ? tag->job : 0;
	header->step = tag ? tag->step : 0;
}

static __always_inline void fill_header(struct record_header *header, __u16 kind, __u32 size)
{
	struct task_struct *task = bpf_get_current_task_btf();
	__u64 pid_tgid = bpf_get_current_pid_tgid();

	header->kind = kind;
	header->flags = 0;
	header->size = size;
	header->ktime_ns = bpf_ktime_get_ns();
	header->tgid = pid_tgid >> 32;
	header->tid = (__u32)pid_tgid;
	header->ppid = task->real_parent->tgid;
	header->uid = (__u32)bpf_get_current_uid_gid();
	/*
	 * The leader's name, not the current thread's: a resolver or an npm worker thread is called isc-net-0000 or
	 * "npm install tin", and a record must name the program. Same cost as bpf_get_current_comm (one copy).
	 */
	bpf_probe_read_kernel(header->comm, sizeof(header->comm), task->group_leader->comm);
	fill_job(header, header->tgid);
}

/* Copies an assembled record into the ring buffer; a full ring is counted, never waited on. */
static __always_inline void emit(void *record, __u32 size, __u32 kind)
{
	barrier_var(size);
	if (size > RECORD_BUF)
		size = RECORD_BUF;
	if (bpf_ringbuf_output(&events, record, size, BPF_RB_NO_WAKEUP))
		count_drop(kind);
}

static __always_inline void *scratch_record(void)
{
	__u32 zero = 0;
	return bpf_map_lookup_elem(&scratch_records, &zero);
}

static __always_inline __u8 *scratch_path(__u32 slot)
{
	struct scratch_path *path = bpf_map_lookup_elem(&scratch_paths, &slot);
	return path ? path->data : NULL;
}

/*
 * The user registers saved at syscall entry: at exit they still hold the syscall's arguments. Like
 * bpf_get_current_task_btf(), bpf_task_pt_regs() returns a typed pointer: its fields are plain loads, not
 * bpf_probe_read_kernel calls (which cost tens of ns each on the hot open, read, write and close paths).
 */
static __always_inline struct pt_regs *syscall_regs(void)
{
	return (struct pt_regs *)bpf_task_pt_regs(bpf_get_current_task_btf());
}

/* The open file behind fd in the current task, or NULL. */
static __always_inline struct file *current_fd_file(int fd)
{
	struct fdtable *fdt = bpf_get_current_task_btf()->files->fdt;
	struct file **fds = fdt->fd;
	unsigned int max_fds = fdt->max_fds;
	struct file *file = NULL;

	if (fd < 0 || (unsigned int)fd >= max_fds)
		return NULL;
	/* The slot itself is an array element the verifier has no type for: one helper call. */
	bpf_probe_read_kernel(&file, sizeof(file), &fds[fd]);
	return file;
}

#endif
