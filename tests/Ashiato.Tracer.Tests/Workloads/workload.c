// Test workloads with exact control over the syscalls the tracer must see. Built by the tests with gcc.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

static int fail(const char *what)
{
	perror(what);
	return 1;
}

static void touch(const char *dir, const char *name)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0)
		close(fd);
}

static int write_chunks(const char *path, long total, long chunk)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return fail("open");
	char *buffer = calloc(1, chunk);
	for (long done = 0; done < total; done += chunk)
		if (write(fd, buffer, chunk) != chunk)
			return fail("write");
	free(buffer);
	return close(fd);
}

/* Forks a child that never execs and a double-forked daemon; each opens a marker file in dir. */
static int fork_children(const char *dir)
{
	char done[4096];
	snprintf(done, sizeof(done), "%s/daemon-done", dir);
	pid_t child = fork();
	if (child == 0) {
		touch(dir, "child-marker");
		_exit(0);
	}
	waitpid(child, NULL, 0);
	pid_t first = fork();
	if (first == 0) {
		setsid();
		if (fork() == 0) {
			/* The daemon: reparented away from us, still in the job's tree. */
			touch(dir, "daemon-marker");
			touch(dir, "daemon-done");
			_exit(0);
		}
		_exit(0);
	}
	waitpid(first, NULL, 0);
	for (int i = 0; i < 500 && access(done, F_OK) != 0; i++)
		usleep(10000);
	return access(done, F_OK);
}

/* Opens another process's /proc/PID/mem and maps, and its own /proc/self/maps. */
static int read_memory_of_child(void)
{
	pid_t child = fork();
	if (child == 0) {
		pause();
		_exit(0);
	}
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/mem", child);
	int mem = open(path, O_RDONLY);
	snprintf(path, sizeof(path), "/proc/%d/maps", child);
	int maps = open(path, O_RDONLY);
	int self = open("/proc/self/maps", O_RDONLY);
	printf("%d\n", child);
	fflush(stdout);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	return mem < 0 || maps < 0 || self < 0;
}

int main(int argc, char **argv)
{
	if (argc >= 4 && !strcmp(argv[1], "open")) {
		int fd = open(argv[2], (int)strtol(argv[3], NULL, 16), 0644);
		return fd < 0 ? fail("open") : close(fd);
	}
	if (argc >= 4 && !strcmp(argv[1], "openat")) {
		int dir = open(argv[2], O_RDONLY | O_DIRECTORY);
		int fd = openat(dir, argv[3], O_RDONLY);
		return fd < 0 ? fail("openat") : close(fd);
	}
	if (argc >= 5 && !strcmp(argv[1], "write"))
		return write_chunks(argv[2], atol(argv[3]), atol(argv[4]));
	if (argc >= 3 && !strcmp(argv[1], "writev")) {
		int fd = open(argv[2], O_WRONLY | O_CREAT | O_APPEND, 0644);
		struct iovec parts[2] = { { "abc", 3 }, { "defg", 4 } };
		for (int i = 0; i < 3; i++)
			writev(fd, parts, 2);
		pwrite(fd, "xy", 2, 0);
		return close(fd);
	}
	if (argc >= 4 && !strcmp(argv[1], "write-close-open")) {
		/* Writes argv[2] and closes it, then opens argv[3]: the close, not the exit, must report the write. */
		int fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || write(fd, "hello", 5) != 5 || close(fd))
			return fail("write");
		fd = open(argv[3], O_RDONLY | O_CREAT, 0644);
		return fd < 0 ? fail("open") : close(fd);
	}
	if (argc >= 3 && !strcmp(argv[1], "fork-children"))
		return fork_children(argv[2]);
	if (argc >= 2 && !strcmp(argv[1], "read-child-memory"))
		return read_memory_of_child();
	if (argc >= 3 && !strcmp(argv[1], "loop-open")) {
		/* Busy: opens argv[2] until killed. */
		for (;;) {
			int fd = open(argv[2], O_RDONLY | O_CREAT, 0644);
			if (fd >= 0)
				close(fd);
			usleep(1000);
		}
	}
	fprintf(stderr, "usage: workload open|openat|write|writev|write-close-open|fork-children|read-child-memory|loop-open ...\n");
	return 2;
}
