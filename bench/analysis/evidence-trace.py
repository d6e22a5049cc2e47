#!/usr/bin/env python3
"""Writes a synthetic trace with the evidence records (snapshot exec, process_fork, env, file_rename) for timing
`ashiato detect` and `ashiato diff`: 6,000 execs, a third of them under a forked subshell, 50 opens and a write each.

    python3 bench/analysis/evidence-trace.py > /tmp/evidence.jsonl
    /usr/bin/time -f '%e s %M KB' ./ashiato detect /tmp/evidence.jsonl --format json > /dev/null
"""
import json
import random
import sys

random.seed(1)
clock_us = 0


def stamp():
    global clock_us
    clock_us += 3
    seconds = clock_us / 1e6
    return "2026-11-27T10:%02d:%09.6fZ" % (int(seconds // 60) % 60, seconds % 60)


def emit(record):
    sys.stdout.write(json.dumps({"timestamp": stamp(), **record}) + "\n")


emit({"type": "process_exec", "pid": 1000, "ppid": 1, "comm": "Runner.Worker", "filename": "/r/bin/Runner.Worker",
      "args": ["/r/bin/Runner.Worker", "spawnclient"], "snapshot": True})
recent = [1000]
next_pid = 1001
for i in range(6000):
    parent = random.choice(recent[-50:])
    if i % 3 == 0:
        emit({"type": "process_fork", "pid": next_pid, "ppid": parent, "comm": "bash"})
        parent, next_pid = next_pid, next_pid + 1
    pid, next_pid = next_pid, next_pid + 1
    exec_record = {"type": "process_exec", "pid": pid, "ppid": parent, "comm": "cc1", "filename": "/usr/bin/cc1",
                   "args": ["cc1", "x%d.c" % i]}
    if i % 10 == 0:
        exec_record["env"] = {"PYTHONPATH": "/x"}
    emit(exec_record)
    recent.append(pid)
    for j in range(50):
        emit({"type": "file_open", "pid": pid, "ppid": parent, "comm": "cc1", "path": "/usr/include/h%d.h" % j, "flags": "O_RDONLY"})
    emit({"type": "file_write", "pid": pid, "ppid": parent, "comm": "cc1", "path": "/w/x%d.o" % i, "bytes": 100})
    if i % 20 == 0:
        emit({"type": "file_rename", "pid": pid, "ppid": parent, "comm": "cc1", "path": "/w/x%d.tmp" % i, "new_path": "/w/x%d.o" % i})
