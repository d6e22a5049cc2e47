#!/usr/bin/env python3
"""Writes a synthetic trace with the evidence records (snapshot exec, process_fork, env, file_rename) for timing
`ashiato detect` and `ashiato diff`: 6,000 execs, a third of them under a forked subshell, 50 opens and a write each.

    python3 bench/analysis/evidence-trace.py > /tmp/evidence.jsonl
    /usr/bin/time -f '%e s %M KB' ./ashiato detect /tmp/evidence.jsonl --format json > /dev/null

--execs N sets the number of execs (6,000 by default, about 314,000 lines; 19,100 make about 1,000,000).

With --jobs the worker runs a GitHub Actions job: every process record carries job_id and step, the execs are spread
over 20 steps (each a run step or an action whose root the worker starts), and the trace has the runner_job, step,
step_end and runner_job_end records, as the tracer writes them on a runner.
"""
import json
import random
import sys

random.seed(1)
clock_us = 0
JOBS = "--jobs" in sys.argv[1:]
EXECS = int(sys.argv[sys.argv.index("--execs") + 1]) if "--execs" in sys.argv[1:] else 6000
JOB_ID = "1000-1796316400000"
STEPS = 20


def stamp():
    global clock_us
    clock_us += 3
    seconds = clock_us / 1e6
    return "2026-11-27T10:%02d:%09.6fZ" % (int(seconds // 60) % 60, seconds % 60)


def emit(record):
    sys.stdout.write(json.dumps({"timestamp": stamp(), **record}) + "\n")


def emit_process(record, step):
    """A process record: inside the job (with --jobs) it carries the job and step it belongs to."""
    emit({**record, "job_id": JOB_ID, "step": step} if JOBS else record)


emit_process({"type": "process_exec", "pid": 1000, "ppid": 1, "comm": "Runner.Worker", "filename": "/r/bin/Runner.Worker",
              "args": ["/r/bin/Runner.Worker", "spawnclient"], "snapshot": True}, 0)
recent = [1000]
next_pid = 1001
step = 0
for i in range(EXECS):
    if JOBS and i % (EXECS // STEPS) == 0:
        # A new step: its root is a child of the worker, and what follows runs under it.
        if step > 0:
            emit({"type": "step_end", "job_id": JOB_ID, "step": step, "exit_code": 0})
        else:
            emit({"type": "runner_job", "job_id": JOB_ID, "worker_pid": 1000, "runner_name": "bench", "repository": "octo-org/bench",
                  "run_id": "1", "run_attempt": "1", "job": "build"})
        step += 1
        action = step % 2 == 0
        root, next_pid = next_pid, next_pid + 1
        emit({"type": "step", "job_id": JOB_ID, "step": step, "kind": "action" if action else "run",
              "name": "step%d" % step, "pid": root, **({"action": "octo-org/tool%d@v1" % step} if action else {})})
        emit_process({"type": "process_exec", "pid": root, "ppid": 1000, "comm": "bash", "filename": "/usr/bin/bash",
                      "args": ["/usr/bin/bash", "-e", "/r/_work/_temp/%d.sh" % step]}, step)
        recent = [root]
    parent = random.choice(recent[-50:])
    if i % 3 == 0:
        emit_process({"type": "process_fork", "pid": next_pid, "ppid": parent, "comm": "bash"}, step)
        parent, next_pid = next_pid, next_pid + 1
    pid, next_pid = next_pid, next_pid + 1
    exec_record = {"type": "process_exec", "pid": pid, "ppid": parent, "comm": "cc1", "filename": "/usr/bin/cc1",
                   "args": ["cc1", "x%d.c" % i]}
    if i % 10 == 0:
        exec_record["env"] = {"PYTHONPATH": "/x"}
    emit_process(exec_record, step)
    recent.append(pid)
    for j in range(50):
        emit_process({"type": "file_open", "pid": pid, "ppid": parent, "comm": "cc1", "path": "/usr/include/h%d.h" % j, "flags": "O_RDONLY"}, step)
    emit_process({"type": "file_write", "pid": pid, "ppid": parent, "comm": "cc1", "path": "/w/x%d.o" % i, "bytes": 100}, step)
    if i % 20 == 0:
        emit_process({"type": "file_rename", "pid": pid, "ppid": parent, "comm": "cc1", "path": "/w/x%d.tmp" % i, "new_path": "/w/x%d.o" % i}, step)
if JOBS:
    emit({"type": "step_end", "job_id": JOB_ID, "step": step, "exit_code": 0})
    emit({"type": "runner_job_end", "job_id": JOB_ID, "exit_code": 0})
