/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * net_connect from the cgroup sock_addr hooks, attached to the cgroup v2 root: they see the kernel's copy of the
 * destination (no race with the process), connects issued through io_uring, and the caller's pid. They never
 * block anything: every hook returns 1 (allow).
 */
#include "shared.bpf.h"

#define SOCK_STREAM 1
#define SOCK_DGRAM 2
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17

struct destination_key {
	__u32 tgid;
	__u16 family;
	__u16 port;
	__u8 protocol;
	__u8 reserved[3];
	__u8 addr[16];
};

/* Unconnected UDP destinations already reported per process: one event each, not one per datagram. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 65536);
	__type(key, struct destination_key);
	__type(value, __u8);
} udp_destinations_seen SEC(".maps");

static __always_inline __u8 protocol_of(struct bpf_sock_addr *ctx)
{
	if (ctx->protocol == IPPROTO_TCP || ctx->protocol == IPPROTO_UDP)
		return ctx->protocol;
	return ctx->type == SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP;
}

static __always_inline void emit_connect(struct bpf_sock_addr *ctx, __u16 family, bool via_sendmsg)
{
	struct destination_key key = {
		.tgid = bpf_get_current_pid_tgid() >> 32,
		.family = family,
		.port = bpf_ntohs((__u16)ctx->user_port),
		.protocol = protocol_of(ctx),
	};
	__u8 seen = 1;

	if (family == AF_INET) {
		__u32 ip4 = ctx->user_ip4;
		__builtin_memcpy(key.addr, &ip4, 4);
	} else {
		__u32 ip6[4] = { ctx->user_ip6[0], ctx->user_ip6[1], ctx->user_ip6[2], ctx->user_ip6[3] };
		__builtin_memcpy(key.addr, ip6, 16);
	}
	if (via_sendmsg) {
		if (bpf_map_lookup_elem(&udp_destinations_seen, &key))
			return;
		bpf_map_update_elem(&udp_destinations_seen, &key, &seen, BPF_ANY);
	}

	struct net_connect_record *record = bpf_ringbuf_reserve(&events, sizeof(*record), 0);
	if (!record) {
		count_drop(RECORD_NET_CONNECT);
		return;
	}
	fill_header(&record->header, RECORD_NET_CONNECT, sizeof(*record));
	record->family = family;
	record->port = key.port;
	record->protocol = key.protocol;
	record->via_sendmsg = via_sendmsg;
	record->reserved = 0;
	__builtin_memcpy(record->addr, key.addr, 16);
	bpf_ringbuf_submit(record, BPF_RB_NO_WAKEUP);
}

SEC("cgroup/connect4")
int on_connect4(struct bpf_sock_addr *ctx)
{
	if (current_in_scope())
		emit_connect(ctx, AF_INET, false);
	return 1;
}

SEC("cgroup/connect6")
int on_connect6(struct bpf_sock_addr *ctx)
{
	if (current_in_scope())
		emit_connect(ctx, AF_INET6, false);
	return 1;
}

SEC("cgroup/sendmsg4")
int on_sendmsg4(struct bpf_sock_addr *ctx)
{
	if (current_in_scope())
		emit_connect(ctx, AF_INET, true);
	return 1;
}

SEC("cgroup/sendmsg6")
int on_sendmsg6(struct bpf_sock_addr *ctx)
{
	if (current_in_scope())
		emit_connect(ctx, AF_INET6, true);
	return 1;
}

struct connect_args {
	__u64 pad;
	long syscall_nr;
	long fd;
	struct sockaddr *addr;
	long addrlen;
};

/*
 * Fallback where no cgroup v2 hierarchy exists: the destination as the process passed it, read at syscall
 * entry (an attempt, and racy against the process rewriting its buffer). Loaded only then.
 */
SEC("tp/syscalls/sys_enter_connect")
int on_enter_connect(struct trace_event_raw_sys_enter *ctx)
{
	struct sockaddr *addr = (struct sockaddr *)ctx->args[1];
	__u16 family = 0;

	if (!current_in_scope())
		return 0;
	bpf_probe_read_user(&family, sizeof(family), &addr->sa_family);
	if (family != AF_INET && family != AF_INET6)
		return 0;

	struct net_connect_record *record = bpf_ringbuf_reserve(&events, sizeof(*record), 0);
	if (!record) {
		count_drop(RECORD_NET_CONNECT);
		return 0;
	}
	fill_header(&record->header, RECORD_NET_CONNECT, sizeof(*record));
	__builtin_memset(record->addr, 0, sizeof(record->addr));
	record->family = family;
	record->protocol = 0; /* unknown here: user space reads it from the socket type it cannot see, so says tcp */
	record->via_sendmsg = 0;
	record->reserved = 0;
	if (family == AF_INET) {
		struct sockaddr_in in4 = {};
		bpf_probe_read_user(&in4, sizeof(in4), addr);
		record->port = bpf_ntohs(in4.sin_port);
		__builtin_memcpy(record->addr, &in4.sin_addr, 4);
	} else {
		struct sockaddr_in6 in6 = {};
		bpf_probe_read_user(&in6, sizeof(in6), addr);
		record->port = bpf_ntohs(in6.sin6_port);
		__builtin_memcpy(record->addr, &in6.sin6_addr, 16);
	}
	bpf_ringbuf_submit(record, BPF_RB_NO_WAKEUP);
	return 0;
}
