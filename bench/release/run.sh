#!/usr/bin/env bash
# The release tarball's size and the time from unpacking it to tracing (issue 16), as docs/benchmarks.md reports them.
#   bench/release/run.sh [--reps N]      (as root; builds the tarball with scripts/release.sh unless cached)
# Unpack-to-tracing: `tar -xzf` into an empty directory, then `ashiato trace -o t.jsonl.gz -- /bin/true` from it,
# measured end to end (the tracer's start-up, BPF load and attach, the command, the flush); the page cache is warm.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
reps=5
[ "${1:-}" = "--reps" ] && reps="${2:?--reps needs a number}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tarball=$("$root/scripts/release.sh" --out "$work/dist" | tail -n 1)

ms() { echo $(( ($2 - $1) / 1000000 )); }
unpacks=() traces=() totals=()
for _ in $(seq "$reps"); do
  rm -rf "$work/u" && mkdir "$work/u"
  t0=$(date +%s%N)
  tar -xzf "$tarball" -C "$work/u"
  t1=$(date +%s%N)
  "$work"/u/*/ashiato trace -o "$work/t.jsonl.gz" -- /bin/true 2>/dev/null
  t2=$(date +%s%N)
  unpacks+=("$(ms "$t0" "$t1")") traces+=("$(ms "$t1" "$t2")") totals+=("$(ms "$t0" "$t2")")
done
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
unpacked=$(du -sm "$work"/u/* | cut -f1)
echo "- Command: \`bench/release/run.sh --reps $reps\`"
echo "- Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%d GiB", $2 / 1048576 }' /proc/meminfo), kernel $(uname -r); $(date -u '+%Y-%m-%d %H:%M UTC'); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo ""
echo "| tarball | size | unpacked | unpack ms | trace of /bin/true ms | unpack to traced ms |"
echo "|---|---|---|---|---|---|"
echo "| $(basename "$tarball") | $(( $(stat -c %s "$tarball") / 1048576 )) MiB | $unpacked MiB | $(median "${unpacks[@]}") | $(median "${traces[@]}") | $(median "${totals[@]}") |"
