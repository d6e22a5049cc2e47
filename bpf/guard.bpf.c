/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Evidence that someone goes after the tracer itself: signals sent to its process, and bpf() commands of other
 * processes that detach or replace BPF programs. A hostile job step with root can stop `ashiato agent`; these
 * records say who did (pid, comm, job and step, from the header filled in the sender's context).
 *
 * signal_generate fires for every signal on the machine; the program returns after comparing the target's tgid with
 * the tracer's (one load), before any helper. bpf() is hooked at its syscall exit only (no enter tracepoint, which
 * would make every syscall pay), and returns at once unless the command is one of the three and succeeded.
 */
#include "shared.bpf.h"

#define BPF_PROG_DETACH 9
#define BPF_LINK_UPDATE 29
#define BPF_LINK_DETACH 34

SEC("tp_btf/signal_generate")
int BPF_PROG(on_signal_generate, int sig, struct kernel_siginfo *info, struct task_struct *task, int group, int result)
{
	__u32 tracer = cfg.tracer_tgid;

	if (!tracer || task->tgid != tracer)
		return 0;
	/* The tracer's own signals (its runtime's, a write to a closed pipe) are not evidence of anything. */
	if ((bpf_get_current_pid_tgid() >> 32) == tracer)
		return 0;
	struct signal_record *out = bpf_ringbuf_reserve(&events, sizeof(*out), 0);
	if (!out) {
		count_drop(RECORD_SIGNAL);
		return 0;
	}
	fill_header(&out->header, RECORD_SIGNAL, sizeof(*out));
	out->target_tgid = tracer;
	out->signal = sig;
	out->result = result;
	out->group = group;
	/* Woken at once, unlike every other record: a fatal signal leaves the tracer little time to drain it. */
	bpf_ringbuf_submit(out, 0);
	return 0;
}

SEC("tp/syscalls/sys_exit_bpf")
int on_bpf_exit(struct trace_event_raw_sys_exit *ctx)
{
	if (ctx->ret < 0)
		return 0;
	int cmd = (int)syscall_regs()->di;

	if (cmd != BPF_PROG_DETACH && cmd != BPF_LINK_UPDATE && cmd != BPF_LINK_DETACH)
		return 0;
	if ((bpf_get_current_pid_tgid() >> 32) == cfg.tracer_tgid)
		return 0;
	struct bpf_call_record *out = bpf_ringbuf_reserve(&events, sizeof(*out), 0);
	if (!out) {
		count_drop(RECORD_BPF_CALL);
		return 0;
	}
	fill_header(&out->header, RECORD_BPF_CALL, sizeof(*out));
	out->cmd = cmd;
	out->result = (int)ctx->ret;
	bpf_ringbuf_submit(out, 0);
	return 0;
}
