#!/usr/bin/env python3
"""Issue 15: `ashiato agent` streaming to a local `ashiato serve`.

- Latency: for each of N jobs in a row, the time from a step's exec to the moment the console serves a trace holding
  that exec (polled every 20 ms through GET /api/jobs/{id}/trace.jsonl.gz), p50 and p99.
- Memory: the agent's RSS (VmRSS, and VmHWM at the end) over the N jobs.

A job is a Runner.Worker laid out as the runner's (bash copied to <root>/bin/Runner.Worker, run as `Runner.Worker
spawnclient`, a .runner beside bin), whose one step is a run script in _work/_temp: exactly what the tracer and the
agent see of a real job (see tests/Ashiato.Tracer.Tests/EndToEnd/Jobs/JobBoundaryTests.cs). Run as root:

    python3 bench/agent/bench.py --jobs 100
"""
import argparse
import datetime
import gzip
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
ASHIATO = REPO / ".build" / "release" / "ashiato"
TOKEN = "bench-admin-token-0123456789abcdef"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url, path):
    request = urllib.request.Request(url + path, headers={"Authorization": f"Bearer {TOKEN}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read()


def wait(condition, what, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    raise TimeoutError(f"waited {timeout} s for {what}")


def rss_kib(pid, field="VmRSS"):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def lay_out_runner(root: Path):
    (root / "bin").mkdir(parents=True)
    shutil.copy("/usr/bin/bash", root / "bin" / "Runner.Worker")
    (root / ".runner").write_text('{"agentName": "bench-runner"}')
    (root / "_work" / "_temp").mkdir(parents=True)


def run_job(root: Path, url: str, index: int):
    """Runs one job; returns the seconds from the step's exec to the console serving it."""
    marker = f"bench-marker-{uuid.uuid4().hex}"
    script = root / "_work" / "_temp" / f"{uuid.uuid4()}.sh"
    # The step execs `cat` on a file named by the marker: its process_exec (args) carries the marker.
    script.write_text(f"date +%s.%N > {root}/exec-time\nexec /bin/cat /dev/null {marker}\n")
    (root / "spawnclient").write_text(f"/bin/sh -e {script}\nsleep 0.05\n")
    worker = subprocess.Popen([str(root / "bin" / "Runner.Worker"), "spawnclient"], cwd=root,
                              env={"PATH": "/usr/bin:/bin", "GITHUB_REPOSITORY": "bench/repo", "GITHUB_RUN_ID": str(index)})
    wait(lambda: (root / "exec-time").exists() and (root / "exec-time").read_text().strip(), "the step to start")
    started = float((root / "exec-time").read_text())

    def visible():
        jobs = json.loads(get(url, "/api/jobs?limit=100"))["jobs"]
        for job in jobs[:3]:  # the newest first: this job's
            try:
                trace = gzip.decompress(get(url, f"/api/jobs/{job['id']}/trace.jsonl.gz"))
            except Exception:  # noqa: BLE001 - a job with no chunk yet
                continue
            if marker.encode() in trace:
                return time.time()
        return None

    seen = wait(visible, f"job {index} in the console")
    worker.wait(60)
    return seen - started


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=100)
    parser.add_argument("--ashiato", help="an ashiato build to use (default: the launcher's Release build)")
    args = parser.parse_args()
    global ASHIATO
    if args.ashiato:
        ASHIATO = Path(args.ashiato)
    else:
        subprocess.run([str(REPO / "ashiato"), "--help"], check=True, stdout=subprocess.DEVNULL)
    work = Path(tempfile.mkdtemp(prefix="ashiato-agent-bench-"))
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    (work / "token").write_text(TOKEN + "\n")
    serve = subprocess.Popen([str(ASHIATO), "serve", "--data", str(work / "data"), "--listen", f"127.0.0.1:{port}"],
                             env={**os.environ, "ASHIATO_ADMIN_TOKEN": TOKEN}, stdout=subprocess.DEVNULL)
    wait(lambda: _healthy(url), "the console")
    agent = subprocess.Popen([str(ASHIATO), "agent", "--server", url, "--token-file", str(work / "token"),
                              "--spool", str(work / "spool"), "--ready-file", str(work / "ready")])
    wait(lambda: (work / "ready").exists(), "the agent")
    latencies, rss = [], []
    try:
        for index in range(args.jobs):
            root = work / f"runner-{index}"
            lay_out_runner(root)
            latencies.append(run_job(root, url, index))
            rss.append(rss_kib(agent.pid))
            shutil.rmtree(root)
        hwm = rss_kib(agent.pid, "VmHWM")
    finally:
        agent.send_signal(signal.SIGTERM)
        agent.wait(60)
        serve.send_signal(signal.SIGTERM)
        serve.wait(60)
        shutil.rmtree(work, ignore_errors=True)
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(round(0.99 * (len(latencies) - 1))))]
    print(json.dumps({
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": f"{platform.node()} {os.cpu_count()} cpus, Linux {platform.release()}",
        "jobs": args.jobs,
        "latency_s": {"p50": round(statistics.median(latencies), 3), "p99": round(p99, 3), "max": round(latencies[-1], 3)},
        "agent_rss_mib": {"first_job": round(rss[0] / 1024, 1), "last_job": round(rss[-1] / 1024, 1),
                          "max": round(max(rss) / 1024, 1), "peak_hwm": round(hwm / 1024, 1)},
    }, indent=2))


def _healthy(url):
    try:
        return urllib.request.urlopen(url + "/healthz", timeout=2).status == 200
    except OSError:
        return False


if __name__ == "__main__":
    main()
