/* The cost of one syscall that the tamper hooks see (issue 13), or of one they do not (getppid): CALLS calls of
 * SYSCALL, each timed alone with CLOCK_MONOTONIC, so setup calls (the create before an unlink, the close after a
 * pidfd_getfd) stay out of the figure. Prints the median ns per call: on a shared machine a mean is mostly the
 * calls that were preempted.
 * usage: hook_cost SYSCALL CALLS DIR
 *   SYSCALL: getppid rename renameat2 unlink unlinkat rmdir chmod fchmod fchmodat fchmodat2
 *            process_vm_readv_self process_vm_readv_child ptrace_peekdata pidfd_getfd */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NR_FCHMODAT2 452

static long long now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* Times one call of `call` into durations[i]; the call must succeed. */
#define TIMED(call)                                          \
	do {                                                     \
		long long start_ = now_ns();                         \
		long result_ = (long)(call);                         \
		durations[i] = now_ns() - start_;                    \
		if (result_ < 0) {                                   \
			perror(#call);                                   \
			exit(1);                                         \
		}                                                    \
	} while (0)

static int by_value(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return (x > y) - (x < y);
}

static char memory[64] = "read by process_vm_readv";

static void create(const char *name)
{
	int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || close(fd)) {
		perror(name);
		exit(1);
	}
}

static pid_t paused_child(void)
{
	pid_t child = fork();
	if (child == 0) {
		for (;;)
			pause();
	}
	return child;
}

static ssize_t read_from(pid_t pid)
{
	char buffer[16];
	struct iovec local = { buffer, sizeof(buffer) };
	struct iovec remote = { memory, sizeof(buffer) };
	return process_vm_readv(pid, &local, 1, &remote, 1, 0);
}

int main(int argc, char **argv)
{
	if (argc != 4 || atol(argv[2]) < 1) {
		fprintf(stderr, "usage: hook_cost SYSCALL CALLS DIR\n");
		return 2;
	}
	const char *syscall_name = argv[1];
	long calls = atol(argv[2]);
	long long *durations = calloc(calls, sizeof(*durations));
	if (chdir(argv[3])) {
		perror(argv[3]);
		return 1;
	}
	int dirfd = open(".", O_RDONLY | O_DIRECTORY);
	create("a");
	int fd = open("a", O_RDONLY);
	pid_t child = 0;
	int pidfd = -1;
	if (!strcmp(syscall_name, "process_vm_readv_child") || !strcmp(syscall_name, "pidfd_getfd") ||
	    !strcmp(syscall_name, "ptrace_peekdata")) {
		child = paused_child();
		pidfd = pidfd_open(child, 0);
	}
	if (!strcmp(syscall_name, "ptrace_peekdata")) {
		ptrace(PTRACE_ATTACH, child, 0, 0);
		waitpid(child, NULL, 0);
	}

	for (long i = 0; i < calls; i++) {
		/* Alternating names and modes: every call really changes something. */
		const char *from = i % 2 ? "b" : "a", *to = i % 2 ? "a" : "b";
		mode_t mode = i % 2 ? 0600 : 0644;
		if (!strcmp(syscall_name, "getppid"))
			TIMED(syscall(SYS_getppid));
		else if (!strcmp(syscall_name, "rename"))
			TIMED(syscall(SYS_rename, from, to));
		else if (!strcmp(syscall_name, "renameat2"))
			TIMED(renameat2(dirfd, from, dirfd, to, 0));
		else if (!strcmp(syscall_name, "unlink")) {
			create("u");
			TIMED(syscall(SYS_unlink, "u"));
		} else if (!strcmp(syscall_name, "unlinkat")) {
			create("u");
			TIMED(unlinkat(dirfd, "u", 0));
		} else if (!strcmp(syscall_name, "rmdir")) {
			mkdir("d", 0755);
			TIMED(syscall(SYS_rmdir, "d"));
		} else if (!strcmp(syscall_name, "chmod"))
			TIMED(syscall(SYS_chmod, "a", mode));
		else if (!strcmp(syscall_name, "fchmod"))
			TIMED(fchmod(fd, mode));
		else if (!strcmp(syscall_name, "fchmodat"))
			TIMED(fchmodat(dirfd, "a", mode, 0));
		else if (!strcmp(syscall_name, "fchmodat2"))
			TIMED(syscall(NR_FCHMODAT2, dirfd, "a", mode, 0));
		else if (!strcmp(syscall_name, "process_vm_readv_self"))
			TIMED(read_from(getpid()));
		else if (!strcmp(syscall_name, "process_vm_readv_child"))
			TIMED(read_from(child));
		else if (!strcmp(syscall_name, "ptrace_peekdata")) {
			errno = 0;
			TIMED((ptrace(PTRACE_PEEKDATA, child, memory, 0), errno ? -1 : 0));
		} else if (!strcmp(syscall_name, "pidfd_getfd")) {
			int copy;
			TIMED(copy = pidfd_getfd(pidfd, 0, 0));
			close(copy);
		} else {
			fprintf(stderr, "hook_cost: unknown syscall %s\n", syscall_name);
			return 2;
		}
	}
	if (child) {
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
	}
	qsort(durations, calls, sizeof(*durations), by_value);
	printf("%lld\n", durations[calls / 2]);
	return 0;
}
