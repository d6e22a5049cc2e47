#!/usr/bin/env bash
# Times `ashiato detect --format json` on a synthetic trace of about 1,000,000 lines (evidence-trace.py --jobs
# --execs 19100), with this checkout's CLI and, when given, another build's (the current engine), alternating runs.
#   bench/analysis/detect-speed.sh [OTHER_ASHIATO] [RUNS]
# Prints wall seconds, CPU seconds (user + sys) and max RSS per run.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
other=${1:-}
runs=${2:-3}
ours="$root/src/Ashiato.Cli/bin/Release/net10.0/linux-x64/ashiato"
[ -x "$ours" ] || dotnet build "$root/src/Ashiato.Cli" -c Release --nologo -v quiet -clp:ErrorsOnly
trace=$(mktemp --suffix=.jsonl)
trap 'rm -f "$trace"' EXIT
python3 "$root/bench/analysis/evidence-trace.py" --jobs --execs 19100 > "$trace"
echo "trace: $(wc -l < "$trace") lines; load: $(cut -d' ' -f1-3 /proc/loadavg)"
measure() {
  /usr/bin/time -f "$1 %e s wall, %U+%S s CPU, %M KB max RSS" "$2" detect "$trace" --format json > /dev/null
}
for i in $(seq "$runs"); do
  [ -n "$other" ] && measure "current" "$other"
  measure "new    " "$ours"
done
