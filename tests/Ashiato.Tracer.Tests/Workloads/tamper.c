// Workloads for the tamper records (file_rename, file_delete, file_chmod, process_access): each mode makes exactly
// the syscalls a test expects, and prints what the test cannot know in advance (pids). Built by the tests with gcc.
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
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#define NR_FCHMODAT2 452 /* Linux 6.6; not in glibc 2.36's headers */

static int fail(const char *what)
{
	perror(what);
	return 1;
}

static int create(int dirfd, const char *name)
{
	int fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return fail(name);
	return close(fd);
}

/* Relative names against the working directory, with the plain syscalls (and glibc's own choice for each). */
static int relative_names(const char *dir)
{
	if (chdir(dir))
		return fail("chdir");
	if (create(AT_FDCWD, "a") || syscall(SYS_rename, "a", "b"))
		return fail("rename");
	if (syscall(SYS_chmod, "b", 04755))
		return fail("chmod");
	if (syscall(SYS_unlink, "b"))
		return fail("unlink");
	if (mkdir("gone", 0755) || syscall(SYS_rmdir, "gone"))
		return fail("rmdir");
	return 0;
}

/* Names relative to a directory descriptor, with the *at syscalls. */
static int dirfd_names(const char *dir)
{
	int dirfd = open(dir, O_RDONLY | O_DIRECTORY);
	if (dirfd < 0)
		return fail("open dir");
	if (create(dirfd, "x") || renameat2(dirfd, "x", dirfd, "./y", RENAME_NOREPLACE))
		return fail("renameat2");
	if (renameat(dirfd, "y", dirfd, "../z"))
		return fail("renameat");
	if (fchmodat(dirfd, "../z", 0700, 0))
		return fail("fchmodat");
	if (syscall(NR_FCHMODAT2, dirfd, "../z", 0640, 0))
		return fail("fchmodat2");
	if (unlinkat(dirfd, "../z", 0))
		return fail("unlinkat");
	if (mkdirat(dirfd, "sub", 0755) || unlinkat(dirfd, "sub", AT_REMOVEDIR))
		return fail("unlinkat AT_REMOVEDIR");
	if (create(dirfd, "held"))
		return 1;
	int fd = openat(dirfd, "held", O_RDONLY);
	if (fd < 0 || fchmod(fd, 0600))
		return fail("fchmod");
	return close(fd) || close(dirfd);
}

/* Calls that fail, then one chmod that succeeds: only that one may be reported. */
static int failing_calls(const char *dir)
{
	if (chdir(dir) || create(AT_FDCWD, "present") || create(AT_FDCWD, "taken"))
		return fail("setup");
	int failures = 0;
	failures += rename("missing", "elsewhere") != 0;
	failures += renameat2(AT_FDCWD, "present", AT_FDCWD, "taken", RENAME_NOREPLACE) != 0;
	failures += unlink("missing") != 0;
	failures += rmdir("missing") != 0;
	failures += unlinkat(AT_FDCWD, "present", AT_REMOVEDIR) != 0;
	failures += chmod("missing", 04755) != 0;
	failures += fchmod(-1, 04755) != 0;
	failures += fchmodat(AT_FDCWD, "missing", 04755, 0) != 0;
	if (failures != 8)
		return fail("a call that should fail succeeded");
	return chmod("present", 0604) ? fail("chmod") : 0;
}

/* The start of the first mapping of pid (its executable's ELF header): always mapped, always readable. */
static unsigned long first_mapping(pid_t pid)
{
	char path[64];
	unsigned long start = 0;
	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	FILE *maps = fopen(path, "r");
	if (!maps)
		return 0;
	if (fscanf(maps, "%lx-", &start) != 1)
		start = 0;
	fclose(maps);
	return start;
}

static ssize_t read_memory(pid_t pid, unsigned long address)
{
	char buffer[16];
	struct iovec local = { buffer, sizeof(buffer) };
	struct iovec remote = { (void *)address, sizeof(buffer) };
	return process_vm_readv(pid, &local, 1, &remote, 1, 0);
}

static ssize_t write_memory(pid_t pid, unsigned long address)
{
	char buffer[16] = "overwritten";
	struct iovec local = { buffer, sizeof(buffer) };
	struct iovec remote = { (void *)address, sizeof(buffer) };
	return process_vm_writev(pid, &local, 1, &remote, 1, 0);
}

/* Reads pid's memory `times` times (a thief's loop), after a write to address 0 that fails. */
static int read_other(pid_t pid, int times)
{
	unsigned long address = first_mapping(pid);
	if (!address)
		return fail("maps");
	if (write_memory(pid, 0) >= 0)
		return fail("a write to address 0 succeeded");
	for (int i = 0; i < times; i++)
		if (read_memory(pid, address) <= 0)
			return fail("process_vm_readv");
	return 0;
}

/* Reads pid's memory, then runs this program again (a new image under the same pid) to read it once more. */
static int read_then_exec(const char *self, const char *pid)
{
	if (read_other(atoi(pid), 10))
		return 1;
	execl(self, self, "vm-read", pid, "10", (char *)NULL);
	return fail("exec");
}

static int read_self(void)
{
	static char secret[16] = "own memory";
	return read_memory(getpid(), (unsigned long)secret) <= 0 ? fail("process_vm_readv self") : 0;
}

static pid_t spawn_paused(void)
{
	pid_t child = fork();
	if (child == 0) {
		for (;;)
			pause();
	}
	return child;
}

static void end(pid_t child)
{
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
}

/*
 * A debugger's family: PTRACE_ATTACH to one child, PTRACE_SEIZE of another, a write into a child's memory, a seize of
 * a grandchild (descendant), and a child that reads its parent's memory (ancestor). Prints the pids involved.
 */
static int family(void)
{
	static char shared[16] = "family";
	pid_t attached = spawn_paused();
	if (ptrace(PTRACE_ATTACH, attached, 0, 0))
		return fail("PTRACE_ATTACH");
	waitpid(attached, NULL, 0);
	ptrace(PTRACE_DETACH, attached, 0, 0);

	pid_t seized = spawn_paused();
	if (ptrace(PTRACE_SEIZE, seized, 0, 0))
		return fail("PTRACE_SEIZE");
	if (write_memory(seized, (unsigned long)shared) <= 0)
		return fail("process_vm_writev");

	int pipes[2];
	if (pipe(pipes))
		return fail("pipe");
	pid_t middle = fork();
	if (middle == 0) {
		/* Reads its parent, the debugger: how a job step reaches the runner above it. */
		if (read_memory(getppid(), (unsigned long)shared) <= 0)
			_exit(1);
		pid_t grandchild = spawn_paused();
		if (write(pipes[1], &grandchild, sizeof(grandchild)) != sizeof(grandchild))
			_exit(1);
		for (;;)
			pause();
	}
	pid_t grandchild;
	if (read(pipes[0], &grandchild, sizeof(grandchild)) != sizeof(grandchild))
		return fail("read grandchild");
	if (ptrace(PTRACE_SEIZE, grandchild, 0, 0))
		return fail("PTRACE_SEIZE grandchild");
	/* A request that only uses a hold already taken is not an access of its own. */
	ptrace(PTRACE_INTERRUPT, grandchild, 0, 0);
	if (ptrace(PTRACE_ATTACH, 999999999, 0, 0) == 0)
		return fail("PTRACE_ATTACH of no process succeeded");

	printf("%d %d %d %d\n", attached, seized, middle, grandchild);
	fflush(stdout);
	end(grandchild);
	end(attached);
	end(seized);
	end(middle);
	return 0;
}

/* Takes a copy of another process's descriptor `fd` through a pidfd. */
static int take_descriptor(pid_t pid, int fd)
{
	int pidfd = pidfd_open(pid, 0);
	if (pidfd < 0)
		return fail("pidfd_open");
	int copy = pidfd_getfd(pidfd, fd, 0);
	if (copy < 0)
		return fail("pidfd_getfd");
	if (pidfd_getfd(pidfd, 1000, 0) >= 0)
		return fail("pidfd_getfd of a closed descriptor succeeded");
	return close(copy) || close(pidfd);
}

int main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "relative"))
		return relative_names(argv[2]);
	if (argc >= 3 && !strcmp(argv[1], "dirfd"))
		return dirfd_names(argv[2]);
	if (argc >= 3 && !strcmp(argv[1], "failing"))
		return failing_calls(argv[2]);
	if (argc >= 4 && !strcmp(argv[1], "vm-read"))
		return read_other(atoi(argv[2]), atoi(argv[3]));
	if (argc >= 3 && !strcmp(argv[1], "vm-read-exec"))
		return read_then_exec(argv[0], argv[2]);
	if (argc >= 2 && !strcmp(argv[1], "vm-read-self"))
		return read_self();
	if (argc >= 2 && !strcmp(argv[1], "family"))
		return family();
	if (argc >= 4 && !strcmp(argv[1], "pidfd-getfd"))
		return take_descriptor(atoi(argv[2]), atoi(argv[3]));
	fprintf(stderr, "usage: tamper relative|dirfd|failing DIR | vm-read PID TIMES | vm-read-exec PID | vm-read-self | "
			"family | pidfd-getfd PID FD\n");
	return 2;
}
