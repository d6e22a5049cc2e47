#!/usr/bin/env bash
# Issue 4 benchmark: `ashiato query` vs a minimal plain-DuckDB program vs `zcat | jq`, and the sandbox's overhead.
# Each figure is the median wall time of RUNS runs (process start included) of load + the documented
# Runner.Worker query on a generated trace of 10k, 100k and 1M events.
#   bench/query/run.sh            (RUNS=3 by default; traces are cached in $BENCH_DIR)
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-3}
DIR=${BENCH_DIR:-/tmp/ashiato-bench-query}
SQL=docs/queries/runner-worker-memory.sql
mkdir -p "$DIR"
./ashiato --version >/dev/null   # the launcher's build (Release, ReadyToRun): what users run
dotnet build -c Release -v q --nologo bench/query/Ashiato.Query.Bench
CLI=.build/release/ashiato
BENCH=bench/query/Ashiato.Query.Bench/bin/Release/net10.0/linux-x64/Ashiato.Query.Bench

measure() { # command...: "wall_ms cpu_ms", medians over $RUNS runs (cpu = user + sys), output discarded
  local walls=() cpus=() stats
  stats=$(mktemp)
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -o "$stats" -f "%e %U %S" "$@" >/dev/null 2>&1
    read -r wall user sys <"$stats"
    walls+=("$(awk "BEGIN {printf \"%d\", $wall * 1000}")")
    cpus+=("$(awk "BEGIN {printf \"%d\", ($user + $sys) * 1000}")")
  done
  rm -f "$stats"
  echo "$(median "${walls[@]}") $(median "${cpus[@]}")"
}

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

jq_equivalent() { # the documented query in jq: find the Runner.Worker pid, then its /proc/<pid>/mem|maps opens
  local pid
  pid=$(zcat "$1" | jq -r 'select(.type == "process_exec" and (.filename | test("Runner.Worker"))) | .pid' | awk 'NR == 1')
  zcat "$1" | jq -c --arg p "$pid" 'select(.path == "/proc/\($p)/mem" or (.path == "/proc/\($p)/maps" and .path != "/proc/self/maps"))'
}

echo "Machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start; $(date -u +%Y-%m-%dT%H:%MZ); medians of $RUNS runs"
echo "| events | gzip | ashiato query wall / cpu | plain DuckDB wall / cpu | CLI / plain (wall, cpu) | zcat + jq wall / cpu | jq / CLI (wall, cpu) |"
echo "|---|---|---|---|---|---|---|"
ratio() { awk "BEGIN {printf \"%.2f\", $1 / $2}"; }
export -f jq_equivalent
for n in 10000 100000 1000000; do
  trace="$DIR/trace-$n.jsonl.gz"
  [ -f "$trace" ] || "$BENCH" generate "$trace" "$n"
  # Same answer from all three, or the comparison is void.
  cli_rows=$("$CLI" query "$trace" -f "$SQL" --format jsonl | wc -l)
  plain_rows=$("$BENCH" plain "$trace" "$SQL" 2>/dev/null | wc -l)
  jq_rows=$(jq_equivalent "$trace" | wc -l)
  if [ "$cli_rows" != "$plain_rows" ] || [ "$cli_rows" != "$jq_rows" ]; then
    echo "row counts differ: cli=$cli_rows plain=$plain_rows jq=$jq_rows" >&2
    exit 1
  fi
  read -r cli_wall cli_cpu < <(measure "$CLI" query "$trace" -f "$SQL" --format jsonl)
  read -r plain_wall plain_cpu < <(measure "$BENCH" plain "$trace" "$SQL")
  read -r jq_wall jq_cpu < <(RUNS=1 measure bash -c 'jq_equivalent "$0"' "$trace")
  echo "| $n | $(du -h "$trace" | cut -f1) | $cli_wall / $cli_cpu ms | $plain_wall / $plain_cpu ms |" \
    "$(ratio "$cli_wall" "$plain_wall")x, $(ratio "$cli_cpu" "$plain_cpu")x | $jq_wall / $jq_cpu ms |" \
    "$(ratio "$jq_wall" "$cli_wall")x, $(ratio "$jq_cpu" "$cli_cpu")x |"
done

echo
echo "Sandbox (10k and 100k events, warm pool, $((RUNS * 3)) runs):"
for n in 10000 100000; do
  echo -n "  $n events: "
  "$BENCH" sandbox "$DIR/trace-$n.jsonl.gz" "$SQL" $((RUNS * 3))
done
