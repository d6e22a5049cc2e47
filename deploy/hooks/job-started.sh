#!/bin/bash
# ACTIONS_RUNNER_HOOK_JOB_STARTED for runners traced by `ashiato agent` (set it in the runner's .env).
# Waits, at most ASHIATO_HOOK_WAIT seconds (default 10), until the agent is ready, so that the job's steps are traced
# from their first exec; says so in the job's log. Never fails the job: always exits 0.
ready=${ASHIATO_READY_FILE:-/run/ashiato/agent.ready}
wait=${ASHIATO_HOOK_WAIT:-10}
for _ in $(seq $((wait * 10))); do
  if [ -e "$ready" ]; then
    echo "ashiato: this job is traced by the agent on $(hostname)"
    exit 0
  fi
  sleep 0.1
done
echo "::warning::ashiato: the agent is not running on $(hostname); this job is not traced"
exit 0
