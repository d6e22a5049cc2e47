/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Emitting write totals: on close, on process exit, and (from user space) when the trace ends. */
#ifndef ASHIATO_WRITES_BPF_H
#define ASHIATO_WRITES_BPF_H

#include "shared.bpf.h"

static __always_inline void emit_write_close(const struct write_key *key, const struct write_totals *totals)
{
	struct write_close_record *close = bpf_ringbuf_reserve(&events, sizeof(*close), 0);

	if (!close) {
		count_drop(RECORD_WRITE_CLOSE);
		return;
	}
	fill_header(&close->header, RECORD_WRITE_CLOSE, sizeof(*close));
	close->file_id = key->file_id;
	close->bytes = totals->bytes;
	close->calls = totals->calls;
	bpf_ringbuf_submit(close, BPF_RB_NO_WAKEUP);
}

static __always_inline void forget_pending_write(__u32 tgid)
{
	__u32 *pending = bpf_map_lookup_elem(&pending_writes, &tgid);

	if (pending && __sync_fetch_and_add(pending, -1) == 1)
		bpf_map_delete_elem(&pending_writes, &tgid);
}

struct flush_context {
	__u32 tgid;
};

static long flush_one(struct bpf_map *map, struct write_key *key, struct write_totals *totals,
		      struct flush_context *context)
{
	__u64 fd_key;

	if (key->tgid != context->tgid)
		return 0;
	fd_key = write_fd_key(key->tgid, totals->fd);
	emit_write_close(key, totals);
	bpf_map_delete_elem(map, key);
	bpf_map_delete_elem(&write_fds, &fd_key);
	return 0;
}

/* Emits and removes every total of an exiting process; its files are still open at this point. */
static __always_inline void flush_writes_of(__u32 tgid)
{
	struct flush_context context = { .tgid = tgid };

	if (!bpf_map_lookup_elem(&pending_writes, &tgid))
		return;
	bpf_for_each_map_elem(&write_totals, flush_one, &context, 0);
	bpf_map_delete_elem(&pending_writes, &tgid);
}

#endif
