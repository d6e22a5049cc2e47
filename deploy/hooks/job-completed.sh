#!/bin/bash
# ACTIONS_RUNNER_HOOK_JOB_COMPLETED for runners traced by `ashiato agent` (set it in the runner's .env).
# Waits (at most ASHIATO_HOOK_WAIT seconds, default 5) for the agent to flush this job's trace so far, then writes a
# short Markdown summary to $GITHUB_STEP_SUMMARY: the steps, the hosts the job reached, the findings, and a link to
# the console (ASHIATO_CONSOLE_URL). The trace is read from the agent's --out directory (ASHIATO_TRACES, default
# /var/lib/ashiato/traces) when the runner's user may read it. Never fails the job: always exits 0.
set -u
traces=${ASHIATO_TRACES:-/var/lib/ashiato/traces}
ashiato=${ASHIATO_BIN:-/opt/ashiato/ashiato}
wait=${ASHIATO_HOOK_WAIT:-5}
summary=${GITHUB_STEP_SUMMARY:-/dev/null}

# This job's worker: the Runner.Worker this hook descends from. Its trace is <worker pid>-<exec time in ms>.jsonl.gz.
pid=$$
worker=
while [ "$pid" -gt 1 ]; do
  if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "Runner.Worker" ]; then worker=$pid; break; fi
  pid=$(awk '{print $4}' "/proc/$pid/stat" 2>/dev/null || echo 1)
done
trace=
if [ -n "$worker" ]; then
  trace=$(ls -t "$traces/$worker"-*.jsonl.gz 2>/dev/null | head -n 1)
fi
{
  echo "### Ashiato trace of this job"
  if [ -z "$trace" ] || [ ! -r "$trace" ]; then
    echo "The agent's trace of this job is not readable here${ASHIATO_CONSOLE_URL:+; see the console: $ASHIATO_CONSOLE_URL}."
    exit 0
  fi
  # The agent flushes every second: wait until the trace has grown past this hook's own start.
  size=$(stat -c %s "$trace")
  for _ in $(seq $((wait * 10))); do
    [ "$(stat -c %s "$trace")" != "$size" ] && break
    sleep 0.1
  done
  echo
  echo "| step | kind | name or action | exit |"
  echo "|---:|---|---|---:|"
  timeout 20 "$ashiato" query "$trace" --format csv --sql "
    SELECT step, kind, coalesce(action, name, script, ''), coalesce(CAST(exit_code AS VARCHAR), 'running') FROM steps
    WHERE step > 0 ORDER BY step" 2>/dev/null | tail -n +2 | sed 's/,/ | /g; s/^/| /; s/$/ |/'
  echo
  hosts=$(timeout 20 "$ashiato" query "$trace" --format csv --sql "
    SELECT DISTINCT json_extract_string(data, '\$.hostname') AS h FROM events
    WHERE type IN ('dns_query', 'net_connect') AND h IS NOT NULL ORDER BY h" 2>/dev/null | tail -n +2 | paste -sd, -)
  echo "**Hosts reached:** ${hosts:-none}"
  echo
  echo '**Findings:**'
  echo '```'
  timeout 30 "$ashiato" detect "$trace" 2>/dev/null | head -n 20
  echo '```'
  [ -n "${ASHIATO_CONSOLE_URL:-}" ] && echo "Full trace: $ASHIATO_CONSOLE_URL"
} >> "$summary" 2>/dev/null
exit 0
