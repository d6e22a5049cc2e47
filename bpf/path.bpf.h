/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Absolute paths without bpf_d_path (not allowed from tracepoints), built by path.bpf.c.
 */
#ifndef ASHIATO_PATH_BPF_H
#define ASHIATO_PATH_BPF_H

#include "shared.bpf.h"

/*
 * Builds the path of the kernel `struct path *` at `path` and appends it at record->data[pos]; returns the bytes
 * appended (0 when it does not fit). A global function, defined once in path.bpf.c: the verifier checks it once
 * per program rather than at every call site, which keeps the tracer's start-up short.
 */
extern __u32 append_path(struct scratch_record *record, __u32 pos, __u64 path, __u32 slot);

#define AT_FDCWD -100

struct named_path_lengths {
	__u16 name;
	__u16 base;
};

/*
 * Appends a path as the process named it: the user's string at `name`, then, when it is relative, the directory it
 * is relative to (dirfd's, or the cwd for AT_FDCWD), which user space joins to it. For a file that a rename or
 * unlink has just moved away this is all there is to walk. Returns the bytes appended; `lengths` gets each part's.
 */
extern __u32 append_named_path(struct scratch_record *record, __u32 pos, int dirfd, __u64 name,
			       struct named_path_lengths *lengths);

#endif
