#!/usr/bin/env bash
# Installs what the tests need, builds everything, and runs every test (eBPF ones included: run as root).
#   ./test.sh                          every test, as CI runs them
#   ./test.sh --only unit              a subset by trait: unit (pure, fast), kernel (eBPF, namespaces, the fake
#                                      runner), browser (the console in chromium), services (a console server, its
#                                      workers, PostgreSQL, S3), action (the GitHub Action's node tests, tests/action:
#                                      the release tarball on the fake runner); several with commas: --only unit,kernel
#   ./test.sh -- --filter NAME~X       anything after -- goes to dotnet test
set -euo pipefail
filter=()
run_dotnet=1
run_action=1
if [ "${1:-}" = "--only" ]; then
  [ -n "${2:-}" ] || { echo "test.sh: --only needs one or more of unit,kernel,browser,services,action" >&2; exit 2; }
  groups=",$2,"
  [[ "$groups" == *,action,* ]] || run_action=0
  categories=$(echo "$2" | tr ',' '\n' | grep -vx action | paste -sd, - || true)
  if [ -n "$categories" ]; then
    filter=(--filter "$(echo "$categories" | sed 's/[^,]*/Category=&/g; s/,/|/g')")
  else
    run_dotnet=0
  fi
  shift 2
fi
[ "${1:-}" = "--" ] && shift
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
cd "$root"
# shellcheck source=scripts/deps.sh
source scripts/deps.sh
ashiato_ensure_packages "${ASHIATO_BUILD_PACKAGES[@]}" "${ASHIATO_RUNTIME_PACKAGES[@]}" "${ASHIATO_TEST_PACKAGES[@]}"
ashiato_require_dotnet
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

echo "== build"
dotnet build Ashiato.slnx -c Release --nologo -v quiet -clp:ErrorsOnly

echo "== format"
dotnet format Ashiato.slnx --verify-no-changes --no-restore -v quiet

echo "== test"
log=$(mktemp)
status=0
if [ "$run_dotnet" = 1 ]; then
  # One test project at a time (-m:1): on 2 cores the kernel, fake-runner and browser tests running beside the query
  # sandbox's time-limited tests made those miss their limits; tests inside a project still run in parallel.
  dotnet test Ashiato.slnx -c Release --no-build --nologo -m:1 "${filter[@]}" "$@" 2>&1 | tee "$log" || status=$?
fi
if [ "$run_action" = 1 ]; then
  echo "== action (node --test tests/action)"
  node --test --test-reporter=tap tests/action/ 2>&1 | tee -a "$log" || status=$?
fi

# One plain closing line for CI: the sum over every test assembly and node's tests.
awk '/(Passed|Failed)!/ {
       for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1));
         if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     /^# (pass|fail|skipped) [0-9]+$/ { if ($2 == "pass") p += $3; if ($2 == "fail") f += $3; if ($2 == "skipped") s += $3 }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit $status
