/* Load generator for the sustained-load test: opens (and closes) files at a controlled rate, in phases.
 * usage: loadgen DIR --setup                          (creates DIR/f0000..f0999)
 *        loadgen DIR RATE SECONDS WORKERS [RATE SECONDS WORKERS ...]
 * In each phase WORKERS processes (forked at the phase start) share RATE; each paces itself every 100 us against
 * CLOCK_MONOTONIC, so a phase does exactly RATE*SECONDS opens unless the machine cannot keep up (it then reports
 * the rate it reached). Prints one JSON line: per phase the opens done and the rate reached, the total, and the
 * generator's own CPU time. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define FILES 1000

static char paths[FILES][512];

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Opens target files at rate per second; returns the number done (always target unless open fails). */
static long paced_opens(double rate, long target, long offset)
{
	struct timespec pause = {0, 100000};
	long done = 0;
	double start = now();
	while (done < target) {
		long due = (long)((now() - start) * rate) + 1;
		if (due > target)
			due = target;
		while (done < due) {
			int fd = open(paths[(offset + done) % FILES], O_RDONLY | O_CLOEXEC);
			if (fd < 0) {
				perror("open");
				return done;
			}
			close(fd);
			done++;
		}
		if (done < target)
			nanosleep(&pause, NULL);
	}
	return done;
}

static double cpu_seconds(int who)
{
	struct rusage usage;
	getrusage(who, &usage);
	return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: loadgen DIR --setup | loadgen DIR RATE SECONDS WORKERS [RATE SECONDS WORKERS ...]\n");
		return 2;
	}
	for (int i = 0; i < FILES; i++)
		snprintf(paths[i], sizeof paths[i], "%s/f%04d", argv[1], i);
	if (strcmp(argv[2], "--setup") == 0) {
		for (int i = 0; i < FILES; i++) {
			int fd = open(paths[i], O_WRONLY | O_CREAT | O_TRUNC, 0644);
			if (fd < 0) {
				perror(paths[i]);
				return 1;
			}
			close(fd);
		}
		return 0;
	}
	long total = 0;
	printf("{\"pid\":%d,\"phases\":[", getpid());
	for (int arg = 2; arg + 2 < argc; arg += 3) {
		double rate = atof(argv[arg]), seconds = atof(argv[arg + 1]);
		int workers = atoi(argv[arg + 2]);
		long target = (long)(rate * seconds), done = 0;
		int results[2];
		if (workers < 1 || pipe(results) != 0)
			return 2;
		double start = now();
		for (int w = 0; w < workers; w++) {
			long share = target / workers + (w < target % workers ? 1 : 0);
			if (fork() == 0) {
				long mine = paced_opens(rate / workers, share, w * 7);
				if (write(results[1], &mine, sizeof mine) != sizeof mine)
					_exit(1);
				_exit(mine == share ? 0 : 1);
			}
		}
		close(results[1]);
		long mine;
		while (read(results[0], &mine, sizeof mine) == sizeof mine)
			done += mine;
		close(results[0]);
		while (wait(NULL) > 0)
			;
		double elapsed = now() - start;
		total += done;
		printf("%s{\"rate\":%.0f,\"seconds\":%.3f,\"workers\":%d,\"opens\":%ld,\"achieved_rate\":%.0f}",
		       arg == 2 ? "" : ",", rate, elapsed, workers, done, done / elapsed);
		if (done != target)
			break;
	}
	printf("],\"opens\":%ld,\"cpu_s\":%.3f}\n", total, cpu_seconds(RUSAGE_SELF) + cpu_seconds(RUSAGE_CHILDREN));
	return 0;
}
