/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* DNS capture, shared by dns.bpf.c and the write handlers in file.bpf.c (write/writev on a socket). */
#ifndef ASHIATO_DNS_BPF_H
#define ASHIATO_DNS_BPF_H

#include "shared.bpf.h"

/* What one syscall moved, as the handlers found it; passed by pointer (BPF calls take five arguments at most). */
struct dns_capture {
	__u64 file;       /* struct file * of the fd */
	__u64 buffer;     /* user pointer: the bytes, or an iovec array */
	__u32 total;      /* bytes moved */
	__u32 iov_count;  /* 0: buffer is flat */
	__u16 dest_family; /* an explicit destination (sendto/sendmsg), else 0 */
	__u16 dest_port;  /* host byte order */
	__u8 direction;
	__u8 reserved[3];
	__u8 dest_addr[16];
};

/* Emits a dns_packet_record when the capture is DNS; defined in dns.bpf.c. */
extern int capture_dns(struct dns_capture *capture);

#endif
