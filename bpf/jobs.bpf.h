/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * GitHub Actions jobs and steps, tagged in the kernel. A job is the process tree of a `Runner.Worker spawnclient
 * <fd> <fd>` (how Runner.Listener starts it: JobDispatcher.cs); each process the worker forks starts a step, and
 * every other process inherits its parent's tag at fork, so daemons, setsid and sudo stay in their step. Which
 * steps are housekeeping (tar, hashFiles) and what each step runs is decided in user space at the step's first exec.
 */
#ifndef ASHIATO_JOBS_BPF_H
#define ASHIATO_JOBS_BPF_H

#include "shared.bpf.h"

#define WORKER_ARG_MAX 4096

struct first_nul {
	const __u8 *args;
	__u32 len;
	__u32 found;
};

static long find_nul(__u32 index, struct first_nul *search)
{
	if (index >= search->len || index >= WORKER_ARG_MAX)
		return 1;
	if (search->args[index & (WORKER_ARG_MAX - 1)] == 0) {
		search->found = index;
		return 1;
	}
	return 0;
}

/*
 * An exec of the runner's worker: comm (the exec'd file's basename, cut at 15 bytes) is exactly Runner.Worker and
 * argv[1] is spawnclient. A program merely named Runner.Worker, run any other way, is not a job.
 * `args` is the argv just copied into the record (args_len bytes, NUL-separated).
 */
static __always_inline bool is_runner_worker(struct task_struct *task, const __u8 *args, __u32 args_len)
{
	/* "Runner.Worker\0" and "spawnclient\0" as little-endian words: no string constants, which would land in
	 * .rodata beside the configuration user space writes there. */
	const __u64 runner_w = 0x572e72656e6e7552ULL; /* "Runner.W" */
	const __u64 orker = 0x00000072656b726fULL;    /* "orker\0\0\0" */
	const __u64 spawncli = 0x696c636e77617073ULL; /* "spawncli" */
	const __u32 ent = 0x00746e65;                 /* "ent\0" */
	__u64 comm[2] = {};
	__u64 word = 0;
	__u32 tail = 0;

	bpf_probe_read_kernel(comm, sizeof(comm), task->comm);
	if (comm[0] != runner_w || comm[1] != orker)
		return false;
	struct first_nul search = { .args = args, .len = args_len, .found = WORKER_ARG_MAX };
	bpf_loop(WORKER_ARG_MAX, find_nul, &search, 0);
	__u32 start = search.found + 1;
	if (start >= WORKER_ARG_MAX || start + 12 > args_len)
		return false;
	__builtin_memcpy(&word, &args[start & (WORKER_ARG_MAX - 1)], sizeof(word));
	__builtin_memcpy(&tail, &args[(start & (WORKER_ARG_MAX - 1)) + 8], sizeof(tail));
	return word == spawncli && tail == ent;
}

/* The last job id handed out (ids are 1, 2, ... below JOB_ID_ATTACHED; see struct job_tag). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} last_job_id SEC(".maps");

/*
 * The worker itself: step 0 of a new job. An exec'ing step (a worker in a container?) starts a job of its own. The id
 * is a new number, not the worker's pid: orphans a job leaves keep its tag, and a later worker may get the same pid.
 */
static __always_inline void start_job(__u32 tgid)
{
	__u32 zero = 0;
	__u32 *last = bpf_map_lookup_elem(&last_job_id, &zero);

	if (!last)
		return;
	__u32 id = (__sync_fetch_and_add(last, 1) + 1) % JOB_ID_ATTACHED;
	struct job_tag tag = { .job = id ? id : 1, .step = 0 };

	bpf_map_update_elem(&job_tags, &tgid, &tag, BPF_ANY);
}

/* A step's root process: the worker's direct child (its exec says what the step is and reads its identity). */
static __always_inline bool is_step_root(__u32 tgid)
{
	struct job_tag *tag = bpf_map_lookup_elem(&job_tags, &tgid);

	return tag && tag->step == tgid;
}

/*
 * At fork: a child of the worker (the one process of a job in step 0) roots a new step; any other child of a tagged
 * process inherits its tag.
 */
static __always_inline void inherit_job(__u32 parent_tgid, __u32 child_tgid)
{
	struct job_tag *parent = bpf_map_lookup_elem(&job_tags, &parent_tgid);

	if (!parent)
		return;
	struct job_tag tag = *parent;
	if (parent->step == 0)
		tag.step = child_tgid;
	bpf_map_update_elem(&job_tags, &child_tgid, &tag, BPF_ANY);
}

#endif
