#!/usr/bin/env bash
# Issue 7 benchmarks, one command, as root: ashiato's overhead beside strace, auditd, bpftrace and
# libbpf-tools' execsnoop+opensnoop on three workloads; sustained load; output cost. Writes its tables into
# docs/benchmarks.md (between the bench/tracer markers) and raw figures into $BENCH_DIR/results.json.
#   bench/tracer/run.sh [--reps N] [--pairs N] [--quick] [--parts overhead,pairs,load,output] [--no-docs]
# Installs what it needs from Debian when missing; a peer that cannot be installed or does not run on this
# kernel is recorded with the reason instead of a figure.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
# shellcheck source=../../scripts/deps.sh
source "$here/../../scripts/deps.sh"
[ "$(id -u)" -eq 0 ] || { echo "bench/tracer/run.sh: run as root (it loads eBPF programs and audit rules)" >&2; exit 2; }
ashiato_ensure_packages gcc make python3 coreutils bpftool
# Peers one by one, so one that Debian does not have does not block the others.
for peer in strace auditd bpftrace libbpf-tools; do
  if ! ashiato_ensure_packages "$peer"; then
    echo "bench/tracer/run.sh: $peer is not installable here ($(apt-cache policy "$peer" | awk '/Candidate/ {print $2}')); it is reported as not measured" >&2
  fi
done
ashiato_require_dotnet
exec python3 "$here/bench.py" "$@"
