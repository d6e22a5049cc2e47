/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#include "shared.bpf.h"
#include "path.bpf.h"

/*
 * Absolute paths without bpf_d_path (not allowed from tracepoints): walk dentries up to the mount root, then
 * continue at the mountpoint in the parent mount, as Tracee, Falco and Tetragon do. Deviations from d_path:
 * no chroot awareness, no " (deleted)" suffix, and a path deeper than PATH_DEPTH_MAX is cut (and counted).
 *
 * The walk reads kernel objects through typed pointers (bpf_rdonly_cast), so each field is a plain load that
 * the verifier makes fault-safe, instead of a bpf_probe_read_kernel call per field: those calls were most of
 * what an open cost. The verifier replaces the cast with a move. Only this object may use it: libbpf 1.1's
 * static linker (Debian 12) fails when two objects declare the same kfunc.
 */
extern void *bpf_rdonly_cast(const void *obj__ign, __u32 btf_id) __ksym;
#define KERNEL_PTR(type, address) ((type *)bpf_rdonly_cast((const void *)(__u64)(address), bpf_core_type_id_kernel(type)))

#define PATH_DEPTH_MAX 64
#define NAME_MAX_BYTES 255

struct path_walk {
	__u64 dentry;
	__u64 mnt; /* struct mount, which embeds the vfsmount the path names */
	__u64 start;
	__u32 slot;
	bool reached_root;
	bool truncated;
};

/* One step up the tree. A bpf_loop callback, so the verifier checks one step instead of every depth. */
static long path_walk_step(__u32 index, struct path_walk *walk)
{
	__u8 *buf = scratch_path(walk->slot);
	struct dentry *dentry = KERNEL_PTR(struct dentry, walk->dentry);
	struct mount *mnt = KERNEL_PTR(struct mount, walk->mnt);
	struct dentry *parent = dentry->d_parent;

	if (!buf)
		return 1;
	if (dentry == mnt->mnt.mnt_root || dentry == parent) {
		struct mount *mnt_parent = mnt->mnt_parent;
		/* The root of a mount that is itself mounted somewhere: continue in the parent mount. */
		if (dentry == mnt->mnt.mnt_root && mnt != mnt_parent) {
			walk->dentry = (__u64)mnt->mnt_mountpoint;
			walk->mnt = (__u64)mnt_parent;
			return 0;
		}
		walk->reached_root = true;
		return 1;
	}

	/* Names are at most 255 bytes, so the mask only shows the verifier a bound. */
	__u64 len = dentry->d_name.len & NAME_MAX_BYTES;
	const unsigned char *name = dentry->d_name.name;
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
	walk->dentry = (__u64)parent;
	return 0;
}

/*
 * Builds the path right to left in path scratch `slot` so that it ends at ASHIATO_PATH_MAX. Returns the offset
 * where it starts; its length is ASHIATO_PATH_MAX minus that.
 */
static __always_inline __u32 build_path(__u64 path_address, __u32 slot, bool *truncated)
{
	struct path *path = KERNEL_PTR(struct path, path_address);
	struct path_walk walk = {
		.dentry = (__u64)path->dentry,
		.mnt = (__u64)path->mnt - bpf_core_field_offset(struct mount, mnt),
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


__noinline __u32 append_path(struct scratch_record *record, __u32 pos, __u64 path, __u32 slot)
{
	bool truncated = false;

	if (!record)
		return 0;
	__u32 start = build_path(path, slot, &truncated);
	if (truncated)
		count_stat(STAT_PATH_TRUNCATED);
	__u8 *buf = scratch_path(slot);
	if (!buf || start >= ASHIATO_PATH_MAX)
		return 0;
	__u32 len = ASHIATO_PATH_MAX - start;
	barrier_var(pos);
	if (pos > RECORD_BUF - ASHIATO_PATH_MAX)
		return 0;
	barrier_var(len);
	if (len > ASHIATO_PATH_MAX)
		return 0;
	bpf_probe_read_kernel(&record->data[pos], len, &buf[start]);
	return len;
}

__noinline __u32 append_named_path(struct scratch_record *record, __u32 pos, int dirfd, __u64 name,
				   struct named_path_lengths *lengths)
{
	if (!record || !lengths)
		return 0;
	barrier_var(pos);
	if (pos > RECORD_BUF - ASHIATO_PATH_MAX)
		return 0;
	__u8 *at = &record->data[pos];
	long name_len = bpf_probe_read_user_str(at, ASHIATO_PATH_MAX, (const char *)name);
	if (name_len <= 0) {
		count_stat(STAT_USER_READ_FAILED);
		name_len = 1;
		at[0] = 0;
	}
	bool relative = at[0] != '/';
	lengths->name = name_len - 1;
	lengths->base = 0;
	if (relative) {
		__u32 base_pos = pos + lengths->name;
		if (dirfd == AT_FDCWD) {
			struct fs_struct *fs = BPF_CORE_READ(bpf_get_current_task_btf(), fs);
			lengths->base = append_path(record, base_pos, (__u64)&fs->pwd, 0);
		} else {
			struct file *dir = current_fd_file(dirfd);
			if (dir)
				lengths->base = append_path(record, base_pos, (__u64)&dir->f_path, 0);
		}
	}
	return lengths->name + lengths->base;
}
