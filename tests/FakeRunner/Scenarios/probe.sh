# Sourced by the fake runner's scenario scripts. `probe NAME` records what a tracer sees of this shell, its parent and
# its grandparent (stat, argv, environment, cwd, exe, from /proc) and the wall-clock time, into
# $FAKE_RUNNER_PROBES/<job>/NAME/, where <job> is the job's RUNNER_TRACKING_ID (or PROBE_GROUP, for a process that
# clears RUNNER_TRACKING_ID). The directory is filled under a hidden name and then renamed, so a reader never meets
# half a probe.

probe_group() {
  printf '%s\n' "$FAKE_RUNNER_PROBES/${PROBE_GROUP:-${RUNNER_TRACKING_ID:-no-job}}"
}

_probe_process() { # PID DIRECTORY: stat, cmdline and environ as they are; cwd and exe in "links", one a line.
  # A parent may be gone already (setsid -f's own process exits at once): then the directory stays empty.
  [ -n "$1" ] || return 0
  cp "/proc/$1/stat" "/proc/$1/cmdline" "/proc/$1/environ" "$2/" 2>/dev/null || :
  readlink "/proc/$1/cwd" "/proc/$1/exe" > "$2/links" 2>/dev/null || :
}

probe() { # NAME
  local group partial stat fields
  group=$(probe_group)
  partial="$group/.$1.$$"
  mkdir -p "$partial/self" "$partial/parent" "$partial/grandparent"
  printf '%s\n' "$EPOCHREALTIME" > "$partial/time"
  stat=$(cat "/proc/$PPID/stat" 2>/dev/null) || stat=""
  read -r -a fields <<< "${stat##*) }"
  _probe_process "$$" "$partial/self"
  _probe_process "$PPID" "$partial/parent"
  _probe_process "${fields[1]}" "$partial/grandparent"
  mv "$partial" "$group/$1"
}

wait_for_probe() { # NAME: wait until this job has a probe NAME (30 s at most, then fail)
  local target deadline=$((SECONDS + 30))
  target="$(probe_group)/$1"
  until [ -d "$target" ]; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "no probe $1 after 30 s" >&2
      return 1
    fi
    sleep 0.02
  done
}

wait_for_gate() { # NAME: wait until the test opens the gate NAME (FakeRunnerHost.OpenGate), 120 s at most, then fail
  local gate="$FAKE_RUNNER_PROBES/gates/$1" deadline=$((SECONDS + 120))
  until [ -e "$gate" ]; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "gate $1 still closed after 120 s" >&2
      return 1
    fi
    sleep 0.02
  done
}

rendezvous() { # NAME COUNT: arrive, then wait until COUNT parties have arrived (30 s at most, then fail)
  local place="$FAKE_RUNNER_PROBES/rendezvous/$1" arrived deadline=$((SECONDS + 30))
  mkdir -p "$place"
  : > "$place/$$"
  while arrived=("$place"/*); [ "${#arrived[@]}" -lt "$2" ]; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "rendezvous $1: only ${#arrived[@]} of $2 arrived" >&2
      return 1
    fi
    sleep 0.02
  done
}

record_signals() { # NAME: append each SIGINT and SIGTERM this shell receives, with the time, to <job>/NAME.signals, and go on
  local file
  file="$(probe_group)/$1.signals"
  mkdir -p "${file%/*}"
  trap "printf 'INT %s\n' \"\$EPOCHREALTIME\" >> '$file'" INT
  trap "printf 'TERM %s\n' \"\$EPOCHREALTIME\" >> '$file'" TERM
}
