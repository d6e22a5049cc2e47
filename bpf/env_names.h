/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The environment variables process_exec.env reports: the one list. They change what a program runs (the dynamic
 * loader's preload, audit and search path; the start-up hooks of shells, Node, Python, Perl, Ruby, Java and .NET)
 * and are not secrets. The kernel filter (env.bpf.h) is generated from it; abi.bpf.c compiles it into the ABI
 * object, where a test checks it against user space's copy (src/Ashiato.Tracer/Abi/ExecEnvNames.cs), which drops
 * any other name a record might carry; docs/trace-format.md lists it for readers.
 *
 * A name is at most ENV_NAME_MAX bytes: the kernel compares "NAME=" as four 8-byte words.
 */
#ifndef ASHIATO_ENV_NAMES_H
#define ASHIATO_ENV_NAMES_H

#define ENV_NAME_MAX 31

#define ASHIATO_ENV_NAMES(X)    \
	X("LD_PRELOAD")          \
	X("LD_LIBRARY_PATH")     \
	X("LD_AUDIT")            \
	X("NODE_OPTIONS")        \
	X("BASH_ENV")            \
	X("ENV")                 \
	X("PYTHONPATH")          \
	X("PYTHONSTARTUP")       \
	X("PERL5OPT")            \
	X("RUBYOPT")             \
	X("JAVA_TOOL_OPTIONS")   \
	X("DOTNET_STARTUP_HOOKS")

/*
 * What identifies a GitHub Actions step and its job, read only from a step root's environment (the worker's direct
 * child, as tagged in jobs.bpf.h) and never written into process_exec.env: they go to the step and runner_job records.
 * Never INPUT_*, tokens or any other variable.
 */
#define ASHIATO_STEP_ENV_NAMES(X)   \
	X("GITHUB_ACTION")           \
	X("GITHUB_ACTION_REPOSITORY") \
	X("GITHUB_ACTION_REF")       \
	X("GITHUB_ACTION_PATH")      \
	X("GITHUB_JOB")              \
	X("GITHUB_RUN_ID")           \
	X("GITHUB_RUN_ATTEMPT")      \
	X("GITHUB_REPOSITORY")       \
	X("GITHUB_WORKFLOW_REF")     \
	X("RUNNER_NAME")             \
	X("RUNNER_TRACKING_ID")

#endif
