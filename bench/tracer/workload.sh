#!/usr/bin/env bash
# The traced command of every overhead run: runs one workload and records, from inside, its own start and end
# (CLOCK_REALTIME, bash's EPOCHREALTIME: no exec before the start mark) and its CPU, so that a tracer's start-up
# and shutdown are not part of the measured wall time.
#   workload.sh WORKDIR NAME MARKS    NAME: build | restore | micro | build-in-job
work=$1 name=$2 marks=$3
# The tracer's own CPU while the workload runs (when the tracer is the parent: ashiato, strace, bpftrace), read with
# builtins only: utime and stime in clock ticks are fields 14 and 15 of /proc/PID/stat.
read -r -a parent_before </proc/$PPID/stat
start=$EPOCHREALTIME
case "$name" in
  build) make -C "$work/build" -j2 -s all >/dev/null ;;
  restore)
    dotnet restore "$work/restore/app/app.csproj" --packages "$work/restore/packages" \
      --configfile "$work/restore/NuGet.Config" --disable-build-servers -nodeReuse:false -v q >/dev/null ;;
  build-in-job) ( cd "$work/runner" && exec "$work/runner/bin/Runner.Worker" spawnclient ) ;;
  micro) "$work/bin/micro" "$work/micro-files" $(cat "$work/micro.size") ;;
  *) echo "workload.sh: unknown workload $name" >&2; exit 2 ;;
esac
rc=$?
end=$EPOCHREALTIME
read -r -a parent_after </proc/$PPID/stat
parent_ticks=$(( parent_after[13] + parent_after[14] - parent_before[13] - parent_before[14] ))
# `times` in this shell, not in a $(...) subshell, whose children's times would start from zero.
{ echo "$$ $start $end $rc $parent_ticks"; times; } >"$marks"
exit $rc
