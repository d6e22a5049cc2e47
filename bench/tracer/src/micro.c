/* The micro workload: N open/write/close of small files (cycling over 1000 names; each write rewrites the same
 * 64 bytes, so the disk is not the bottleneck), then M fork+exec of /bin/true.
 * usage: micro DIR OPENS EXECS */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: micro DIR OPENS EXECS\n");
		return 2;
	}
	const char *dir = argv[1];
	long opens = atol(argv[2]), execs = atol(argv[3]);
	char path[4096], line[64];
	for (int i = 0; i < (int)sizeof line; i++)
		line[i] = 'a' + i % 26;
	for (long i = 0; i < opens; i++) {
		snprintf(path, sizeof path, "%s/f%04ld", dir, i % 1000);
		int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
		if (fd < 0 || write(fd, line, sizeof line) != sizeof line) {
			perror(path);
			return 1;
		}
		close(fd);
	}
	for (long i = 0; i < execs; i++) {
		pid_t child = fork();
		if (child == 0) {
			execl("/bin/true", "true", (char *)NULL);
			_exit(127);
		}
		int status;
		if (child < 0 || waitpid(child, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			fprintf(stderr, "exec %ld failed\n", i);
			return 1;
		}
	}
	return 0;
}
