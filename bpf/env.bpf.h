/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * process_exec.env: the allow-listed variables of bpf/env_names.h, read at exec from the new image's environment
 * and filtered here, in the kernel, so that no other variable (tokens, cloud keys, INPUT_*) ever reaches the ring
 * buffer, let alone the tracer. Include from process.bpf.c only: it defines its scratch map.
 *
 * Right after exec, before the program runs an instruction, the stack holds argc, argv[], NULL, envp[], NULL, then
 * the strings; envp[i] points at the i-th "NAME=value" string in mm->env_start..env_end, all written by the kernel
 * a moment ago. So instead of scanning every byte for the NULs between entries (a word-at-a-time scan took about
 * 9 us against 2.5 us on a 15 KB CI environment; docs/benchmarks.md), the loop takes each entry's start from envp
 * and compares only its first 24 bytes, from one copy of the strings, against the list. The entry itself is
 * copied out only when its name matches. The pointers are checked before use (in the environment, increasing,
 * the first at env_start, each right after a NUL), so a layout other than this one stops the scan and sets
 * env_truncated: it can never make the scan copy out part of another variable's value.
 *
 * Bounds, so that a job cannot hide a variable behind padding without it showing: the entries that start in the
 * first ENV_SCAN_MAX bytes (1 MiB; exec accepts up to a quarter of the stack limit, 2 MiB by default, 6 MiB at
 * most), at most ENV_ENTRIES_MAX of them, and ASHIATO_ENV_MAX bytes of matches. Past any of them, or when user
 * memory cannot be read, the record says env_truncated and the exec is still recorded. A 32-bit program's envp
 * holds 4-byte pointers: its first one fails the check, so its execs say env_truncated rather than guess.
 */
#ifndef ASHIATO_ENV_BPF_H
#define ASHIATO_ENV_BPF_H

#include "shared.bpf.h"
#include "env_names.h"

/*
 * Bytes of strings copied at once: most CI environments (10-30 KB) take one read. With the pointers and the slack
 * it stays under the 32 KiB that a per-CPU map value may hold.
 */
#define ENV_WINDOW 28672
/* "NAME=" is compared as four words; the window keeps this many zeros after its end. */
#define ENV_KEY_BYTES 32
/* envp entries read at once (2 KiB). */
#define ENV_POINTERS 256
#define ENV_SCAN_MAX (1 << 20)
#define ENV_ENTRIES_MAX 32768
/* One copied entry: "NAME=", the cut value, the NUL. */
#define ENV_ENTRY_MAX (ENV_NAME_MAX + 1 + ASHIATO_ENV_VALUE_MAX + 1)

_Static_assert(ENV_NAME_MAX + 1 <= ENV_KEY_BYTES, "a name and its '=' must fit the compared words");
_Static_assert(sizeof(struct exec_record) + ASHIATO_ARGS_MAX + 3 * ASHIATO_PATH_MAX + ASHIATO_ENV_MAX <= RECORD_BUF,
	       "an exec record with every part at its maximum must fit the record buffer");

/*
 * The loop's state lives in the map value, not on the stack: the verifier then knows nothing precise about the
 * bytes appended so far, and checks the loop body once instead of once per possible record length.
 */
struct env_scan {
	__u64 envp;         /* user address of envp[0] */
	__u64 env_start;
	__u64 env_end;
	__u64 previous;     /* the last entry examined: each one must start after it */
	__u64 window_start; /* the user address the window's copy starts at */
	__u64 window_end;   /* and ends at; zeros follow it in the window */
	__u32 entries;      /* envp entries to examine */
	__u32 pos;          /* where the entries go in the record */
	__u32 len;          /* bytes of entries appended */
	bool truncated;
	bool read_failed;
	bool step_root;     /* also read the step-identity variables */
};

struct env_scratch {
	struct env_scan scan;
	__u64 pointers[ENV_POINTERS];
	__u8 window[ENV_WINDOW + ENV_KEY_BYTES];
};

/*
 * Per CPU, never read by user space (a per-CPU array cannot be mapped into it). It holds the last exec's strings
 * until the next one on that CPU: readable only through the bpf syscall by root, who can read /proc/<pid>/environ.
 */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct env_scratch);
} env_scratches SEC(".maps");

_Static_assert(sizeof(struct env_scratch) <= 32768, "a per-CPU map value holds at most 32 KiB");

/*
 * "NAME=" as little-endian words and masks, folded to constants by the compiler: byte i of the key, word w of the
 * key, and the mask of the bytes word w compares.
 */
#define ENV_KEY_LEN(key) (sizeof(key) - 1)
#define ENV_KEY_BYTE(key, i) \
	((i) < ENV_KEY_LEN(key) ? (__u64)(__u8)(key)[(i) < ENV_KEY_LEN(key) ? (i) : 0] << (8 * ((i) % 8)) : 0)
#define ENV_KEY_WORD(key, w)                                                                            \
	(ENV_KEY_BYTE(key, 8 * (w)) | ENV_KEY_BYTE(key, 8 * (w) + 1) | ENV_KEY_BYTE(key, 8 * (w) + 2) | \
	 ENV_KEY_BYTE(key, 8 * (w) + 3) | ENV_KEY_BYTE(key, 8 * (w) + 4) | ENV_KEY_BYTE(key, 8 * (w) + 5) | \
	 ENV_KEY_BYTE(key, 8 * (w) + 6) | ENV_KEY_BYTE(key, 8 * (w) + 7))
#define ENV_KEY_MASK(key, w)                                 \
	(ENV_KEY_LEN(key) >= 8 * ((w) + 1) ? ~0ULL :         \
	 ENV_KEY_LEN(key) <= 8 * (w)       ? 0ULL :          \
					     (1ULL << (8 * (ENV_KEY_LEN(key) - 8 * (w)))) - 1)
#define ENV_WORD_IS(word, key, w) ((((word) ^ ENV_KEY_WORD(key, w)) & ENV_KEY_MASK(key, w)) == 0)

/* The bytes of the key to copy with its value (sizeof counts the literal's NUL, which the copy ends with). */
#define ENV_MATCH(name)                                                                        \
	if (ENV_WORD_IS(w0, name "=", 0) && ENV_WORD_IS(w1, name "=", 1) && ENV_WORD_IS(w2, name "=", 2) && \
	    ENV_WORD_IS(w3, name "=", 3)) \
		return sizeof(name "=") + ASHIATO_ENV_VALUE_MAX;

/* Every allow-listed name starts with a capital; most of a CI environment's do not start like one of them. */
#define ENV_FIRST_LETTER(name) | (1U << ((name)[0] - 'A'))

/*
 * The bytes to copy for an entry that starts with w0..w3 when it is allow-listed, else 0: the injection list always,
 * the step-identity list only for a step root.
 */
static __always_inline __u32 env_allowed(__u64 w0, __u64 w1, __u64 w2, __u64 w3, bool step_root)
{
	__u32 first = (w0 & 0xff) - 'A';

	if (first > 'Z' - 'A')
		return 0;
	if (((0 ASHIATO_ENV_NAMES(ENV_FIRST_LETTER)) >> first) & 1) {
		ASHIATO_ENV_NAMES(ENV_MATCH)
	}
	if (step_root && (((0 ASHIATO_STEP_ENV_NAMES(ENV_FIRST_LETTER)) >> first) & 1)) {
		ASHIATO_STEP_ENV_NAMES(ENV_MATCH)
	}
	return 0;
}

/*
 * One 8-byte load or store at any offset of the window. Written through an integer so that clang does not inherit
 * the byte array's alignment and split it into eight byte loads; x86 needs no alignment, and the verifier allows
 * unaligned access to map values where the architecture does (CONFIG_HAVE_EFFICIENT_UNALIGNED_ACCESS).
 */
#define ENV_WORD(window, offset) (*(__u64 *)((__u64)(window) + (offset)))


/* Copies `len` bytes of user memory, at most `max` (a constant), in a way the verifier sees bounded; -1 on a fault. */
static __always_inline long env_copy(void *dst, __u64 len, __u64 max, __u64 src)
{
	if (len > max)
		len = max;
	barrier_var(len);
	if (len > max)
		return -1;
	return bpf_probe_read_user(dst, len, (void *)src) ? -1 : (long)len;
}

/* Copies envp[index .. index + ENV_POINTERS) (or up to the last entry). */
static __always_inline bool env_read_pointers(struct env_scratch *scratch, struct env_scan *scan, __u32 index)
{
	return env_copy(scratch->pointers, (__u64)(scan->entries - index) * sizeof(__u64), sizeof(scratch->pointers),
			scan->envp + index * sizeof(__u64)) >= 0;
}

/* Copies the strings from `start` on into the window, zeros after them. */
static __always_inline bool env_read_window(struct env_scratch *scratch, struct env_scan *scan, __u64 start)
{
	long len = env_copy(scratch->window, scan->env_end - start, ENV_WINDOW, start);

	if (len < 0 || len > ENV_WINDOW)
		return false;
	ENV_WORD(scratch->window, len) = 0;
	ENV_WORD(scratch->window, len + 8) = 0;
	ENV_WORD(scratch->window, len + 16) = 0;
	scan->window_start = start;
	scan->window_end = start + len;
	return true;
}

/* Appends the entry at `entry` ("NAME=value", the value cut) to the record; false when it did not fit or read. */
static __always_inline bool env_append(struct env_scan *scan, __u64 entry, __u32 size)
{
	__u8 *record = scratch_record();
	__u32 pos = scan->pos + scan->len;

	if (!record)
		return false;
	if (scan->len + size > ASHIATO_ENV_MAX) {
		scan->truncated = true;
		return false;
	}
	barrier_var(pos);
	if (pos > RECORD_BUF - ENV_ENTRY_MAX) {
		scan->truncated = true;
		return false;
	}
	barrier_var(size);
	if (size > ENV_ENTRY_MAX)
		return false;
	long copied = bpf_probe_read_user_str(&record[pos], size, (void *)entry);
	if (copied <= 0) {
		scan->read_failed = true;
		return false;
	}
	scan->len += copied;
	return true;
}

/* The callback's context: the scratch value, looked up once per exec rather than once per entry. */
struct env_loop {
	struct env_scratch *scratch;
};

/* One envp entry. A bpf_loop callback, so the verifier checks one entry instead of every one. */
static long env_scan_entry(__u32 index, struct env_loop *loop)
{
	struct env_scratch *scratch = loop->scratch;

	if (!scratch)
		return 1;
	struct env_scan *scan = &scratch->scan;
	__u32 slot = index & (ENV_POINTERS - 1);
	if (slot == 0 && !env_read_pointers(scratch, scan, index)) {
		scan->read_failed = true;
		return 1;
	}
	__u64 entry = scratch->pointers[slot];
	if (entry <= scan->previous || entry >= scan->env_end || (index == 0 && entry != scan->env_start)) {
		scan->truncated = true; /* not the layout described above */
		return 1;
	}
	if (entry - scan->env_start >= ENV_SCAN_MAX) {
		scan->truncated = true;
		return 1;
	}
	scan->previous = entry;

	/* The window must hold the byte before the entry (after the first) and its first ENV_KEY_BYTES. */
	if (entry < scan->window_start + (index != 0) ||
	    (entry + ENV_KEY_BYTES > scan->window_end && scan->window_end < scan->env_end)) {
		if (!env_read_window(scratch, scan, index ? entry - 1 : entry)) {
			scan->read_failed = true;
			return 1;
		}
	}
	__u64 offset = entry - scan->window_start;
	if (offset >= ENV_WINDOW || (index != 0 && (offset == 0 || scratch->window[offset - 1] != 0))) {
		scan->truncated = true; /* not the start of an entry */
		return 1;
	}
	__u32 size = env_allowed(ENV_WORD(scratch->window, offset), ENV_WORD(scratch->window, offset + 8),
				 ENV_WORD(scratch->window, offset + 16), ENV_WORD(scratch->window, offset + 24), scan->step_root);
	if (size && !env_append(scan, entry, size))
		return 1;
	return 0;
}

/*
 * Appends the allow-listed variables of the new image's environment to the exec record at `pos`, sets its
 * env_len and, when the environment was not examined to its end, EXEC_FLAG_ENV_TRUNCATED in `flags`. Returns the
 * bytes appended.
 */
static __always_inline __u32 append_env(struct exec_record *exec, __u32 pos, struct task_struct *task,
					struct linux_binprm *bprm, __u16 *flags, bool step_root)
{
	__u32 zero = 0;
	struct env_scratch *scratch = bpf_map_lookup_elem(&env_scratches, &zero);
	struct mm_struct *mm = task->mm;

	exec->env_len = 0;
	if (!scratch || bprm->envc <= 0 || mm->env_end <= mm->env_start)
		return 0;
	struct env_scan *scan = &scratch->scan;
	*scan = (struct env_scan){
		.envp = mm->start_stack + (bprm->argc + 2) * sizeof(__u64),
		.env_start = mm->env_start,
		.env_end = mm->env_end,
		.previous = mm->env_start - 1,
		.entries = bprm->envc,
		.pos = pos,
		.step_root = step_root,
	};
	if (scan->entries > ENV_ENTRIES_MAX) {
		scan->entries = ENV_ENTRIES_MAX;
		scan->truncated = true;
	}
	struct env_loop loop = { .scratch = scratch };
	bpf_loop(scan->entries, env_scan_entry, &loop, 0);
	if (scan->read_failed)
		count_stat(STAT_USER_READ_FAILED);
	if (scan->truncated || scan->read_failed) {
		*flags |= EXEC_FLAG_ENV_TRUNCATED;
		count_stat(STAT_ENV_TRUNCATED);
	}
	exec->env_len = scan->len;
	return scan->len;
}

#endif
