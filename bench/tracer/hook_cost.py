#!/usr/bin/env python3
"""Issue 13: what each tamper hook (file_rename, file_delete, file_chmod, process_access) costs per call. As root:

    python3 bench/tracer/hook_cost.py [--calls N] [--rounds R] [--ashiato PATH] [--baseline PATH]

For each syscall, the median ns of one call (bench/tracer/src/hook_cost.c), in settings interleaved per round:
  untraced   no tracer of ours loaded
  outside    this tracer runs (`ashiato trace -- <a wait>`) and the loop is out of its scope: what every other
             process on the machine pays
  baseline   the loop traced by --baseline, an ashiato without these hooks (main before issue 13), when given
  traced     the loop traced by this ashiato
and, traced again with kernel.bpf_stats_enabled=1, the programs' own time per run over the loop (run_time_ns /
run_cnt of the tracer's programs, found through its file descriptors, from `bpftool prog show`). `getppid` is the
control: no program of ours may run for it. Prints a markdown table.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import program_ids  # bench/tracer/bench.py: a process's programs, through its descriptors

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SYSCALLS = ["getppid", "rename", "renameat2", "unlink", "unlinkat", "rmdir", "chmod", "fchmod", "fchmodat",
            "fchmodat2", "process_vm_readv_self", "process_vm_readv_child", "ptrace_peekdata", "pidfd_getfd"]
TAMPER_PROGRAMS = ["on_file_change_exit", "on_process_access_exit"]


def tracer_programs(pid):
    """run_cnt and run_time_ns of the programs whose descriptors process `pid` holds, by name."""
    ids = program_ids(pid)
    shown = json.loads(subprocess.run(["bpftool", "prog", "show", "-j"], capture_output=True, text=True).stdout or "[]")
    return {p["name"]: (p.get("run_cnt", 0), p.get("run_time_ns", 0)) for p in shown if p["id"] in ids}


def loop(binary, syscall, calls, directory):
    result = subprocess.run([binary, syscall, str(calls), directory], capture_output=True, text=True, check=True)
    return float(result.stdout)


def inner(args):
    """Runs inside `ashiato trace`: every loop, with the tracer's program counters before and after when asked."""
    tracer = os.getppid()
    results = {}
    for syscall in args.syscalls.split(","):
        before = tracer_programs(tracer) if args.stats else {}
        ns = loop(args.binary, syscall, args.calls, args.directory)
        after = tracer_programs(tracer) if args.stats else {}
        runs = {name: (after[name][0] - before.get(name, (0, 0))[0], after[name][1] - before.get(name, (0, 0))[1])
                for name in after}
        results[syscall] = {"ns": ns, "programs": runs}
    print(json.dumps(results))


class Bench:
    def __init__(self, args):
        self.args = args
        self.work = Path(tempfile.mkdtemp(prefix="ashiato-hook-cost-", dir="/dev/shm"))
        self.binary = str(self.work / "hook_cost")
        subprocess.run(["gcc", "-O2", "-Wall", "-o", self.binary, str(HERE / "src" / "hook_cost.c")], check=True)
        self.samples = {}  # (setting, syscall) -> [ns]
        self.program_runs = {}  # syscall -> {program: [(run_cnt, run_time_ns)]}

    def directory(self):
        path = self.work / "files"
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir()
        return str(path)

    def record(self, setting, syscall, ns):
        self.samples.setdefault((setting, syscall), []).append(ns)

    def untraced(self, order):
        for syscall in order:
            self.record("untraced", syscall, loop(self.binary, syscall, self.args.calls, self.directory()))

    def outside(self, order):
        stop = self.work / "stop"
        stop.unlink(missing_ok=True)
        output = self.work / "outside.jsonl.gz"
        tracer = subprocess.Popen([self.args.ashiato, "trace", "-o", str(output), "--", "sh", "-c",
                                   f"while [ ! -e {stop} ]; do sleep 0.1; done"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while not (output.exists() and output.stat().st_size > 0):
            time.sleep(0.05)
        for syscall in order:
            self.record("outside", syscall, loop(self.binary, syscall, self.args.calls, self.directory()))
        stop.touch()
        tracer.wait()

    def traced(self, setting, ashiato, order, stats=False):
        command = [ashiato, "trace", "-o", str(self.work / f"{setting}.jsonl.gz"), "--", sys.executable, __file__,
                   "--inner", "--binary", self.binary, "--calls", str(self.args.calls), "--directory", self.directory(),
                   "--syscalls", ",".join(order)] + (["--stats"] if stats else [])
        if stats:
            subprocess.run(["sysctl", "-q", "kernel.bpf_stats_enabled=1"], check=True)
        try:
            output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        finally:
            if stats:
                subprocess.run(["sysctl", "-q", "kernel.bpf_stats_enabled=0"], check=True)
        results = json.loads(output.strip().splitlines()[-1])
        for syscall, result in results.items():
            if stats:
                for name, runs in result["programs"].items():
                    self.program_runs.setdefault(syscall, {}).setdefault(name, []).append(runs)
            else:
                self.record(setting, syscall, result["ns"])

    def run(self):
        for round_ in range(self.args.rounds):
            shift = round_ % len(SYSCALLS)
            order = SYSCALLS[shift:] + SYSCALLS[:shift]
            print(f"round {round_ + 1}/{self.args.rounds}", file=sys.stderr, flush=True)
            steps = [lambda: self.untraced(order), lambda: self.outside(order),
                     lambda: self.traced("traced", self.args.ashiato, order)]
            if self.args.baseline:
                steps.append(lambda: self.traced("baseline", self.args.baseline, order))
            for step in steps[round_ % len(steps):] + steps[:round_ % len(steps)]:
                step()
        self.traced("stats", self.args.ashiato, SYSCALLS, stats=True)
        shutil.rmtree(self.work, ignore_errors=True)

    def table(self):
        settings = ["untraced", "outside"] + (["baseline"] if self.args.baseline else []) + ["traced"]
        header = ["syscall"] + [f"{s} ns" for s in settings] + ["traced − " + ("baseline" if self.args.baseline else "untraced"),
                                                               "program ns/run (runs)"]
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for syscall in SYSCALLS:
            medians = {s: statistics.median(self.samples[(s, syscall)]) for s in settings}
            reference = medians["baseline" if self.args.baseline else "untraced"]
            programs = []
            for name, runs in sorted(self.program_runs.get(syscall, {}).items()):
                count = sum(r[0] for r in runs)
                if name in TAMPER_PROGRAMS and count:
                    programs.append(f"{name} {sum(r[1] for r in runs) / count:.0f} ({count})")
            if not programs:
                programs = ["none of ours ran"] if syscall == "getppid" else ["-"]
            lines.append("| " + " | ".join([syscall] + [f"{medians[s]:.0f}" for s in settings] +
                                           [f"{medians['traced'] - reference:+.0f}", "; ".join(programs)]) + " |")
        return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=20000, help="calls per loop")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--ashiato", default=str(REPO / "ashiato"), help="the ashiato to measure (default: ./ashiato)")
    parser.add_argument("--baseline", help="an ashiato without the tamper hooks, to subtract what the others cost")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--binary", help=argparse.SUPPRESS)
    parser.add_argument("--directory", help=argparse.SUPPRESS)
    parser.add_argument("--syscalls", help=argparse.SUPPRESS)
    parser.add_argument("--stats", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        inner(args)
        return
    if os.geteuid() != 0:
        sys.exit("hook_cost.py: run as root (it loads eBPF programs)")
    bench = Bench(args)
    bench.run()
    print(bench.table())


if __name__ == "__main__":
    main()
