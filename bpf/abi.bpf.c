/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Emits every struct of ashiato.h into BTF (clang only describes types that a global reaches), so the tests
 * can check the C# mirrors against what the compiler laid out. Never loaded; embedded for the tests only.
 */
#include "vmlinux.h"
#include "ashiato.h"
#include "env_names.h"

struct record_header *abi_record_header;
struct exec_record *abi_exec_record;
struct exit_record *abi_exit_record;
struct fork_record *abi_fork_record;
struct file_open_record *abi_file_open_record;
struct write_open_record *abi_write_open_record;
struct write_close_record *abi_write_close_record;
struct net_connect_record *abi_net_connect_record;
struct dns_packet_record *abi_dns_packet_record;
struct file_change_record *abi_file_change_record;
struct process_access_record *abi_process_access_record;
struct signal_record *abi_signal_record;
struct bpf_call_record *abi_bpf_call_record;
struct write_key *abi_write_key;
struct write_totals *abi_write_totals;
struct tracked *abi_tracked;
struct job_tag *abi_job_tag;
struct ashiato_config *abi_ashiato_config;

/* The environment allow-list as the kernel side compiles it, a name a line: the tests compare it with user space's. */
#define ABI_ENV_NAME_LINE(name) name "\n"
const char abi_env_names[] = ASHIATO_ENV_NAMES(ABI_ENV_NAME_LINE);
const char abi_step_env_names[] = ASHIATO_STEP_ENV_NAMES(ABI_ENV_NAME_LINE);
