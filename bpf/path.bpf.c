/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#include "shared.bpf.h"
#include "path.bpf.h"

__noinline __u32 append_path(struct scratch_record *record, __u32 pos, __u64 path, __u32 slot)
{
	bool truncated = false;

	if (!record)
		return 0;
	__u32 start = build_path((const struct path *)path, slot, &truncated);
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
