/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The records the kernel side writes into the ring buffer: plain C, fixed-width types, no pointers.
 * Shared with user space, where src/Ashiato.Tracer/Abi/ mirrors every struct and a test checks each size
 * and offset against the BTF of the compiled object.
 *
 * Every record starts with struct record_header. Variable-length records put their strings after the
 * fixed part, in the order the fixed part lists their lengths, with no terminators and no padding.
 */
#ifndef ASHIATO_H
#define ASHIATO_H

#define ASHIATO_COMM_LEN 16
#define ASHIATO_PATH_MAX 4096   /* bytes kept of one path; longer ones are cut and counted */
#define ASHIATO_ARGS_MAX 8192   /* bytes of argv kept; past that args_truncated is set */
#define ASHIATO_DNS_MAX 512     /* bytes of a DNS message copied */
#define ASHIATO_ENV_VALUE_MAX 256 /* bytes of an allow-listed environment variable's value kept */
#define ASHIATO_ENV_MAX 8192    /* bytes of "NAME=value" entries per exec: every allow-listed one at full length fits */

enum record_kind {
	RECORD_EXEC = 1,
	RECORD_EXIT = 2,
	RECORD_FILE_OPEN = 3,
	RECORD_WRITE_OPEN = 4,  /* first write through a file: its path, once */
	RECORD_WRITE_CLOSE = 5, /* totals for that file: on close, on process exit, or swept at the end */
	RECORD_NET_CONNECT = 6,
	RECORD_DNS_PACKET = 7,
	RECORD_FORK = 8,        /* a new process (not a thread); user space reports it only if it never execs */
	RECORD_FILE_RENAME = 9,    /* struct file_change_record */
	RECORD_FILE_DELETE = 10,   /* struct file_change_record */
	RECORD_FILE_CHMOD = 11,    /* struct file_change_record */
	RECORD_PROCESS_ACCESS = 12,
	RECORD_SIGNAL = 13,     /* struct signal_record: a signal sent to the tracer (the agent) by another process */
	RECORD_BPF_CALL = 14,   /* struct bpf_call_record: another process detached or replaced BPF programs */
	RECORD_KIND_MAX = 16,
};

/* Counters indexed by record_kind (drops) and by these slots (everything else). */
enum stat_slot {
	STAT_ARGS_TRUNCATED = 0,
	STAT_PATH_TRUNCATED = 1,
	STAT_USER_READ_FAILED = 2,
	STAT_ENV_TRUNCATED = 3, /* execs whose environment was not examined to its end */
	STAT_SLOT_MAX = 8,
};

struct record_header {
	__u16 kind;      /* enum record_kind */
	__u16 flags;     /* per kind */
	__u32 size;      /* whole record, header included */
	__u64 ktime_ns;  /* CLOCK_MONOTONIC */
	__u32 tgid;      /* pid as the host sees it */
	__u32 tid;
	__u32 ppid;      /* tgid of the real parent */
	__u32 uid;
	char comm[ASHIATO_COMM_LEN]; /* the thread-group leader's: the program's name, never a thread's */
	__u32 job;       /* the id of the job the process belongs to (struct job_tag); 0 outside any job */
	__u32 step;      /* tgid of the step's root (a direct child of the worker); 0 for the worker itself */
};

#define EXEC_FLAG_ARGS_TRUNCATED 0x1
#define EXEC_FLAG_PATH_TRUNCATED 0x2
#define EXEC_FLAG_ENV_TRUNCATED 0x4 /* the environment was larger than the scan bound or could not be read to its end */

/*
 * Followed by: args (NUL-separated argv), filename (as passed), exe (absolute), cwd (absolute), env (the
 * allow-listed variables of bpf/env_names.h found in the new image's environment, as NUL-terminated "NAME=value"
 * entries in the environment's order, each value cut at ASHIATO_ENV_VALUE_MAX bytes).
 */
struct exec_record {
	struct record_header header;
	__u32 args_len;
	__u16 filename_len;
	__u16 exe_len;
	__u16 cwd_len;
	__u16 env_len;
	__u32 reserved2;
};

/*
 * A new process. The header describes the child: its tgid, the tgid of the process that forked it as ppid (kept
 * for lineage even after the child is reparented), and its comm (inherited from the forking thread).
 */
struct fork_record {
	struct record_header header;
	__u32 parent_tid; /* the thread that forked: a worker thread of a multi-threaded parent, say */
	__u32 reserved;
};

struct exit_record {
	struct record_header header;
	__s32 exit_code; /* the wait status as the kernel keeps it */
	__u32 reserved;
};

#define OPEN_FLAG_NAME_TRUNCATED 0x1
#define OPEN_FLAG_PATH_TRUNCATED 0x2

/*
 * Followed by: name (the user's string), base (the directory a relative name is joined to: the dirfd's
 * directory or the cwd; empty for an absolute name), resolved (the path the kernel opened).
 */
struct file_open_record {
	struct record_header header;
	__u32 open_flags;
	__s32 dirfd;
	__s32 fd;
	__u16 name_len;
	__u16 base_len;
	__u16 resolved_len;
	__u16 reserved;
	__u32 reserved2;
};

/* Followed by: the path of the file. `file_id` pairs it with its write_close_record. */
struct write_open_record {
	struct record_header header;
	__u64 file_id;
	__u16 path_len;
	__u16 reserved;
	__u32 reserved2;
};

struct write_close_record {
	struct record_header header;
	__u64 file_id;
	__u64 bytes;
	__u64 calls;
};

#define NET_PROTO_TCP 6
#define NET_PROTO_UDP 17

struct net_connect_record {
	struct record_header header;
	__u16 family;   /* AF_INET or AF_INET6 */
	__u16 port;     /* host byte order */
	__u8 protocol;  /* NET_PROTO_* */
	__u8 via_sendmsg; /* 1: an unconnected UDP send, not a connect */
	__u16 reserved;
	__u8 addr[16];  /* 4 bytes for AF_INET */
};

#define DNS_DIR_QUERY 0
#define DNS_DIR_REPLY 1

/* Followed by: payload_len bytes of what one syscall sent or received (for TCP, a piece of the stream). */
struct dns_packet_record {
	struct record_header header;
	__u16 family;
	__u16 port;        /* the server's port, host byte order; 0 when not known */
	__u8 direction;    /* DNS_DIR_* */
	__u8 protocol;     /* NET_PROTO_* */
	__u16 payload_len; /* bytes captured, at most ASHIATO_DNS_MAX */
	__u32 total_len;   /* bytes the syscall moved; more than payload_len when the capture was cut */
	__u32 reserved;
	__u8 addr[16];     /* the server's address */
	__u64 socket_id;   /* identifies the socket (and so a TCP stream) */
};

#define FILE_CHANGE_FLAG_DIRECTORY 0x1 /* file_delete: rmdir, or unlinkat with AT_REMOVEDIR */

/*
 * file_rename, file_delete and file_chmod (the header's kind tells which). Followed by: name (the user's string;
 * for fchmod, the path of the descriptor's file), base (the directory a relative name is joined to: the dirfd's
 * directory or the cwd; empty for an absolute name), then for a rename new_name and new_base likewise.
 */
struct file_change_record {
	struct record_header header;
	__u32 mode;          /* file_chmod: the mode asked for, 07777 bits */
	__u16 name_len;
	__u16 base_len;
	__u16 new_name_len;
	__u16 new_base_len;
	__u32 reserved;
};

/* How a process_access record's accessor reached the target. */
enum access_method {
	ACCESS_PTRACE_ATTACH = 1,
	ACCESS_PTRACE_SEIZE = 2,
	ACCESS_PROCESS_VM_READV = 3,
	ACCESS_PROCESS_VM_WRITEV = 4,
	ACCESS_PIDFD_GETFD = 5,
};

/* Where the target sits relative to the accessor, from real_parent links walked in the kernel. */
enum access_relation {
	ACCESS_RELATION_SELF = 1,
	ACCESS_RELATION_CHILD = 2,
	ACCESS_RELATION_DESCENDANT = 3,
	ACCESS_RELATION_ANCESTOR = 4,
	ACCESS_RELATION_OTHER = 5,
};

struct process_access_record {
	struct record_header header;
	__u32 target_tgid;    /* host pid of the target process */
	__u32 target_ppid;    /* tgid of its real parent */
	__u8 method;          /* enum access_method */
	__u8 relation;        /* enum access_relation */
	__u16 reserved;
	__u32 reserved2;
	char target_comm[ASHIATO_COMM_LEN]; /* the target's thread-group leader's */
};

/*
 * A signal generated for the tracer's process by another one (signal:signal_generate, in the sender's context, so
 * the header names the sender: pid, comm, job and step). SIGKILL gives the tracer no time to drain it; the agent's
 * console sees the stream stop, and a SIGTERM, SIGINT or SIGSTOP is recorded before the agent ends.
 */
struct signal_record {
	struct record_header header;
	__u32 target_tgid;    /* the tracer */
	__s32 signal;
	__s32 result;         /* enum TRACE_SIGNAL_*: 0 delivered, 1 ignored, 2 already pending, ... */
	__u32 group;          /* 1: sent to the thread group, 0: to one thread */
};

/* A bpf() command that takes programs off the kernel's hooks or swaps them, by a process other than the tracer. */
struct bpf_call_record {
	struct record_header header;
	__s32 cmd;            /* BPF_PROG_DETACH, BPF_LINK_UPDATE or BPF_LINK_DETACH */
	__s32 result;         /* the syscall's return value */
};

/* Key of the write aggregation map; user space reads leftovers from it when the trace ends. */
struct write_key {
	__u32 tgid;
	__u32 reserved;
	__u64 file_id;
};

struct write_totals {
	__u64 bytes;
	__u64 calls;
	__u64 inode_id; /* detects a struct file reused for another file after an implicit close */
	__s32 fd;       /* the descriptor of the first write, whose close emits the totals */
	__u32 reserved;
};

/*
 * A process's GitHub Actions job and step, tagged at fork and inherited by every descendant (daemons, setsid and
 * sudo included): never guessed from time windows, since background steps run at once.
 */
struct job_tag {
	__u32 job;  /* the job's id: one per worker exec, never the worker's pid, which a later worker may get while
	             * the first one's orphans still run */
	__u32 step; /* the step root's tgid; 0 for the worker itself, and only for it */
};

/*
 * Job ids: the kernel numbers the workers it sees exec 1, 2, ... below JOB_ID_ATTACHED; user space gives a job found
 * running when the tracer attaches JOB_ID_ATTACHED | the worker's pid (pids stay below 2^22).
 */
#define JOB_ID_ATTACHED 0x40000000u

/* Values of the scope map. */
#define TRACKED_SPAWNER 0x1 /* the tracer itself: its children are tracked, it is not */

struct tracked {
	__u32 flags;
	__u32 reserved;
};

/* The tracer's settings: the only variable in .rodata, written by user space before load. */
struct ashiato_config {
	__u32 tracer_tgid;   /* never traced: the tracer's own activity is not the job's */
	__u8 scope_all;      /* 1: every process on the machine; 0: the tracked_tgids map decides */
	__u8 every_open;     /* 1: a file_open per open; 0: one per process, file and access mode */
	__u16 reserved;
	__u64 open_seed;     /* random per trace: keys the fingerprints of opened files, so none can be made to collide */
};

#endif
