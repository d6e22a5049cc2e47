/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * DNS at the client, so the pid is the process that asked: bytes sent to port 53 through sendto, sendmsg,
 * sendmmsg, write or writev, and the replies read back on those same sockets through recvfrom, recvmsg,
 * recvmmsg or read. At most ASHIATO_DNS_MAX bytes are copied; user space parses them.
 */
#include "shared.bpf.h"
#include "dns.bpf.h"

#define DNS_PORT 53
#define SOCK_STREAM 1
#define IOV_MAX_CAPTURED 4
#define MMSG_MAX_CAPTURED 2

/* Sockets that carried a DNS query: their replies are captured too (an unconnected UDP socket has no peer port). */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, __u64);
	__type(value, __u8);
} dns_sockets SEC(".maps");

/* Processes that sent DNS: only they pay for looking at what read() returns. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, __u32);
	__type(value, __u8);
} dns_processes SEC(".maps");

/* Reads an explicit destination (struct sockaddr_in/in6 in user memory) into the capture. */
static __always_inline void read_destination(struct dns_capture *capture, __u64 sockaddr)
{
	struct sockaddr_in6 in6 = {};

	if (!sockaddr || bpf_probe_read_user(&in6, sizeof(in6), (void *)sockaddr))
		return;
	if (in6.sin6_family == AF_INET) {
		struct sockaddr_in *in4 = (struct sockaddr_in *)&in6;
		capture->dest_family = AF_INET;
		capture->dest_port = bpf_ntohs(in4->sin_port);
		__builtin_memcpy(capture->dest_addr, &in4->sin_addr, 4);
	} else if (in6.sin6_family == AF_INET6) {
		capture->dest_family = AF_INET6;
		capture->dest_port = bpf_ntohs(in6.sin6_port);
		__builtin_memcpy(capture->dest_addr, &in6.sin6_addr, 16);
	}
}

/*
 * Emits the capture when it is DNS: a send to port 53, or a receive on a socket that sent DNS or whose peer is
 * port 53. A global function, verified once per program.
 */
__noinline int capture_dns(struct dns_capture *capture)
{
	__u32 zero = 0;

	if (!capture || !capture->file || capture->total == 0)
		return 0;
	struct file *file = (struct file *)capture->file;
	if ((BPF_CORE_READ(file, f_inode, i_mode) & S_IFMT) != S_IFSOCK)
		return 0;
	struct socket *socket = BPF_CORE_READ(file, private_data);
	struct sock *sk = BPF_CORE_READ(socket, sk);
	__u16 family = BPF_CORE_READ(sk, __sk_common.skc_family);
	if (family != AF_INET && family != AF_INET6)
		return 0;
	__u64 socket_id = (__u64)sk;
	__u16 peer_port = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
	__u8 protocol = BPF_CORE_READ(socket, type) == SOCK_STREAM ? NET_PROTO_TCP : NET_PROTO_UDP;

	__u16 port = capture->dest_family ? capture->dest_port : peer_port;
	if (capture->direction == DNS_DIR_QUERY) {
		__u8 one = 1;
		__u32 tgid = bpf_get_current_pid_tgid() >> 32;
		if (port != DNS_PORT)
			return 0;
		bpf_map_update_elem(&dns_sockets, &socket_id, &one, BPF_ANY);
		bpf_map_update_elem(&dns_processes, &tgid, &one, BPF_ANY);
	} else if (peer_port != DNS_PORT && !bpf_map_lookup_elem(&dns_sockets, &socket_id)) {
		return 0;
	}

	struct scratch_record *scratch = bpf_map_lookup_elem(&scratch_records, &zero);
	if (!scratch)
		return 0;
	struct dns_packet_record *record = (void *)scratch->data;
	record->family = capture->dest_family ? capture->dest_family : family;
	record->port = port;
	record->direction = capture->direction;
	record->protocol = protocol;
	record->total_len = capture->total;
	record->reserved = 0;
	record->socket_id = socket_id;
	__builtin_memset(record->addr, 0, sizeof(record->addr));
	if (capture->dest_family) {
		__builtin_memcpy(record->addr, capture->dest_addr, 16);
	} else if (family == AF_INET) {
		__u32 daddr = BPF_CORE_READ(sk, __sk_common.skc_daddr);
		__builtin_memcpy(record->addr, &daddr, 4);
	} else {
		BPF_CORE_READ_INTO(&record->addr, sk, __sk_common.skc_v6_daddr.in6_u.u6_addr8);
	}

	/* The payload: one flat buffer, or the first iovecs up to ASHIATO_DNS_MAX bytes. */
	__u8 *payload = scratch->data + sizeof(*record);
	__u32 captured = 0;
	__u32 wanted = capture->total < ASHIATO_DNS_MAX ? capture->total : ASHIATO_DNS_MAX;
	if (!capture->iov_count) {
		barrier_var(wanted);
		if (wanted > ASHIATO_DNS_MAX)
			return 0;
		if (bpf_probe_read_user(payload, wanted, (void *)capture->buffer) == 0)
			captured = wanted;
	} else {
		for (int i = 0; i < IOV_MAX_CAPTURED; i++) {
			struct iovec iov = {};
			if (i >= capture->iov_count || captured >= wanted)
				break;
			if (bpf_probe_read_user(&iov, sizeof(iov), (struct iovec *)capture->buffer + i))
				break;
			__u32 piece = iov.iov_len < wanted - captured ? iov.iov_len : wanted - captured;
			barrier_var(piece);
			if (piece > ASHIATO_DNS_MAX)
				break;
			barrier_var(captured);
			if (captured > ASHIATO_DNS_MAX)
				break;
			if (bpf_probe_read_user(payload + captured, piece, iov.iov_base))
				break;
			captured += piece;
		}
	}
	record->payload_len = captured;
	fill_header(&record->header, RECORD_DNS_PACKET, sizeof(*record) + captured);
	emit(scratch->data, sizeof(*record) + captured, RECORD_DNS_PACKET);
	return 0;
}

static __always_inline bool may_read_dns(void)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;

	/* The smaller set first: most reads are by processes that never sent DNS. The scope check still follows, as a
	 * recycled pid may name a process outside the trace. */
	return bpf_map_lookup_elem(&dns_processes, &tgid) && tgid_in_scope(tgid);
}

/* A flat buffer: sendto, recvfrom and read; sendto may name its destination explicitly (5th argument). */
static __always_inline int capture_flat(long ret, __u8 direction, bool explicit_destination)
{
	struct dns_capture capture = { .direction = direction };
	struct pt_regs *regs = syscall_regs();

	capture.file = (__u64)current_fd_file((int)regs->di);
	capture.buffer = regs->si;
	capture.total = ret;
	if (explicit_destination)
		read_destination(&capture, regs->r8);
	return capture_dns(&capture);
}

/* Fills a capture from one message header; a query's msg_name, when set, overrides the connected peer. */
static __always_inline int capture_message(__u64 file, struct user_msghdr *msg, __u32 total, __u8 direction)
{
	struct dns_capture capture = {
		.direction = direction,
		.file = file,
		.buffer = (__u64)msg->msg_iov,
		.iov_count = msg->msg_iovlen,
		.total = total,
	};

	if (direction == DNS_DIR_QUERY)
		read_destination(&capture, (__u64)msg->msg_name);
	return capture_dns(&capture);
}

/* One msghdr: sendmsg and recvmsg. */
static __always_inline int capture_msghdr(long ret, __u8 direction)
{
	struct user_msghdr msg = {};
	struct pt_regs *regs = syscall_regs();

	if (bpf_probe_read_user(&msg, sizeof(msg), (void *)regs->si))
		return 0;
	return capture_message((__u64)current_fd_file((int)regs->di), &msg, ret, direction);
}

/* The first messages of sendmmsg and recvmmsg: glibc sends its A and AAAA queries in one call. */
static __always_inline int capture_mmsg(long count, __u8 direction)
{
	struct pt_regs *regs = syscall_regs();
	struct mmsghdr *messages = (struct mmsghdr *)regs->si;
	__u64 file = (__u64)current_fd_file((int)regs->di);

	for (int i = 0; i < MMSG_MAX_CAPTURED; i++) {
		struct mmsghdr message = {};
		if (i >= count || bpf_probe_read_user(&message, sizeof(message), &messages[i]))
			break;
		capture_message(file, &message.msg_hdr, message.msg_len, direction);
	}
	return 0;
}

/* sendto(fd, buf, len, flags, dest_addr, addrlen) */
SEC("tp/syscalls/sys_exit_sendto")
int on_sendto(struct trace_event_raw_sys_exit *ctx)
{
	long ret = ctx->ret;

	return ret > 0 && current_in_scope() ? capture_flat(ret, DNS_DIR_QUERY, true) : 0;
}

/* sendmsg(fd, msg, flags) */
SEC("tp/syscalls/sys_exit_sendmsg")
int on_sendmsg(struct trace_event_raw_sys_exit *ctx)
{
	long ret = ctx->ret;

	return ret > 0 && current_in_scope() ? capture_msghdr(ret, DNS_DIR_QUERY) : 0;
}

/* sendmmsg(fd, msgvec, vlen, flags) */
SEC("tp/syscalls/sys_exit_sendmmsg")
int on_sendmmsg(struct trace_event_raw_sys_exit *ctx)
{
	long sent = ctx->ret;

	return sent > 0 && current_in_scope() ? capture_mmsg(sent, DNS_DIR_QUERY) : 0;
}

/* recvfrom(fd, buf, len, flags, src_addr, addrlen) */
SEC("tp/syscalls/sys_exit_recvfrom")
int on_recvfrom(struct trace_event_raw_sys_exit *ctx)
{
	long ret = ctx->ret;

	return ret > 0 && may_read_dns() ? capture_flat(ret, DNS_DIR_REPLY, false) : 0;
}

/* recvmsg(fd, msg, flags) */
SEC("tp/syscalls/sys_exit_recvmsg")
int on_recvmsg(struct trace_event_raw_sys_exit *ctx)
{
	long ret = ctx->ret;

	return ret > 0 && may_read_dns() ? capture_msghdr(ret, DNS_DIR_REPLY) : 0;
}

/* recvmmsg(fd, msgvec, vlen, flags, timeout) */
SEC("tp/syscalls/sys_exit_recvmmsg")
int on_recvmmsg(struct trace_event_raw_sys_exit *ctx)
{
	long received = ctx->ret;

	return received > 0 && may_read_dns() ? capture_mmsg(received, DNS_DIR_REPLY) : 0;
}

/* read(fd, buf, count): Go's resolver and glibc over TCP read replies this way. */
SEC("tp/syscalls/sys_exit_read")
int on_read(struct trace_event_raw_sys_exit *ctx)
{
	long ret = ctx->ret;

	return ret > 0 && may_read_dns() ? capture_flat(ret, DNS_DIR_REPLY, false) : 0;
}
