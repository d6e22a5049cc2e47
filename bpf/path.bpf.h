/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Absolute paths without bpf_d_path (not allowed from tracepoints): walk dentries up to the mount root, then
 * continue at the mountpoint in the parent mount, as Tracee, Falco and Tetragon do. Deviations from d_path:
 * no chroot awareness, no " (deleted)" suffix, and a path deeper than PATH_DEPTH_MAX is cut (and counted).
 */
#ifndef ASHIATO_PATH_BPF_H
#define ASHIATO_PATH_BPF_H

#include "shared.bpf.h"

#define PATH_DEPTH_MAX 64
#define NAME_MAX_BYTES 255

struct path_walk {
	struct dentry *dentry;
	struct vfsmount *vfsmnt;
	struct mount *mnt;
	__u64 start;
	__u32 slot;
	bool reached_root;
	bool truncated;
};

/* One step up the tree. A bpf_loop callback, so the verifier checks one step instead of every depth. */
static long path_walk_step(__u32 index, struct path_walk *walk)
{
	__u8 *buf = scratch_path(walk->slot);
	/* Locals, not walk->field: BPF_CORE_READ would relocate our own struct's fields too. */
	struct dentry *dentry = walk->dentry;
	struct vfsmount *vfsmnt = walk->vfsmnt;
	struct mount *mnt = walk->mnt;
	struct dentry *mnt_root = BPF_CORE_READ(vfsmnt, mnt_root);
	struct dentry *parent = BPF_CORE_READ(dentry, d_parent);

	if (!buf)
		return 1;
	if (dentry == mnt_root || dentry == parent) {
		struct mount *mnt_parent = BPF_CORE_READ(mnt, mnt_parent);
		/* The root of a mount that is itself mounted somewhere: continue in the parent mount. */
		if (dentry == mnt_root && mnt != mnt_parent) {
			walk->dentry = BPF_CORE_READ(mnt, mnt_mountpoint);
			walk->mnt = mnt_parent;
			walk->vfsmnt = &mnt_parent->mnt;
			return 0;
		}
		walk->reached_root = true;
		return 1;
	}

	/* Names are at most 255 bytes, so the mask only shows the verifier a bound. */
	__u64 len = BPF_CORE_READ(dentry, d_name.len) & NAME_MAX_BYTES;
	const unsigned char *name = BPF_CORE_READ(dentry, d_name.name);
	__u64 start = walk->start;
	if (len + 1 > start) {
		walk->truncated = true;
		return 1;
	}
	start -= len + 1;
	start &= ASHIATO_PATH_MAX - 1;
	bpf_probe_read_kernel(&buf[start + 1], len, name);
	buf[start] = '/';
	walk->start = start;
	walk->dentry = parent;
	return 0;
}

/*
 * Builds the path right to left in path scratch `slot` so that it ends at ASHIATO_PATH_MAX. Returns the offset
 * where it starts; its length is ASHIATO_PATH_MAX minus that.
 */
static __always_inline __u32 build_path(const struct path *path, __u32 slot, bool *truncated)
{
	struct vfsmount *vfsmnt = BPF_CORE_READ(path, mnt);
	struct path_walk walk = {
		.dentry = BPF_CORE_READ(path, dentry),
		.vfsmnt = vfsmnt,
		.mnt = container_of(vfsmnt, struct mount, mnt),
		.start = ASHIATO_PATH_MAX,
		.slot = slot,
	};

	bpf_loop(PATH_DEPTH_MAX, path_walk_step, &walk, 0);
	*truncated = walk.truncated || !walk.reached_root;
	if (walk.start == ASHIATO_PATH_MAX) {
		__u8 *buf = scratch_path(slot);
		if (buf)
			buf[ASHIATO_PATH_MAX - 1] = '/';
		return ASHIATO_PATH_MAX - 1;
	}
	return walk.start;
}

/*
 * Builds the path of the kernel `struct path *` at `path` and appends it at record->data[pos]; returns the bytes
 * appended (0 when it does not fit). A global function, defined once in path.bpf.c: the verifier checks it once
 * per program rather than at every call site, which keeps the tracer's start-up short.
 */
extern __u32 append_path(struct scratch_record *record, __u32 pos, __u64 path, __u32 slot);

#endif
