#!/usr/bin/env bash
# process_exec.env: what on_exec costs in the kernel per exec, measured with kernel.bpf_stats_enabled over a loop of
# /bin/true execs run under a realistic CI environment (120 variables, about 15 KB, shaped like a GitHub-hosted
# runner's). Run as root; prints one line per round: execs, ns per on_exec call.
#   bench/tracer/exec-env.sh [--ashiato PATH] [--execs N] [--rounds N] [--env-kb N]
# --env-kb pads the environment with more variables (the allow-listed one stays last), to see how the cost grows.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
ashiato="$here/../../.build/release/ashiato"
execs=2000 rounds=3 env_kb=0
while [ $# -gt 0 ]; do
  case "$1" in
    --ashiato) ashiato=$2; shift 2 ;;
    --execs) execs=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --env-kb) env_kb=$2; shift 2 ;;
    *) echo "exec-env.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" -eq 0 ] || { echo "exec-env.sh: run as root (it loads eBPF programs)" >&2; exit 2; }
command -v bpftool >/dev/null || { echo "exec-env.sh: bpftool is needed (apt-get install bpftool)" >&2; exit 2; }

# A GitHub-hosted runner's environment, in shape: the usual names, values of the usual lengths, one long PATH.
ci_env=(
  "PATH=/opt/hostedtoolcache/node/20.11.1/x64/bin:/snap/bin:/home/runner/.local/bin:/opt/pipx_bin:/home/runner/.cargo/bin:/home/runner/.config/composer/vendor/bin:/usr/local/.ghcup/bin:/home/runner/.dotnet/tools:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/games:/usr/local/games:/snap/bin"
  "HOME=/home/runner" "USER=runner" "SHELL=/bin/bash" "LANG=C.UTF-8" "SHLVL=1" "PWD=/home/runner/work/app/app"
  "CI=true" "GITHUB_ACTIONS=true" "RUNNER_OS=Linux" "RUNNER_ARCH=X64" "RUNNER_NAME=GitHub Actions 12"
  "RUNNER_ENVIRONMENT=github-hosted" "RUNNER_TEMP=/home/runner/work/_temp" "RUNNER_TOOL_CACHE=/opt/hostedtoolcache"
  "RUNNER_WORKSPACE=/home/runner/work/app" "RUNNER_TRACKING_ID=github_2f1a6c2e-9d1b-4a53-8c53-5c6a4e0c2b11"
  "GITHUB_WORKSPACE=/home/runner/work/app/app" "GITHUB_REPOSITORY=example-org/app" "GITHUB_REPOSITORY_OWNER=example-org"
  "GITHUB_REPOSITORY_ID=712345678" "GITHUB_REPOSITORY_OWNER_ID=98765432" "GITHUB_RUN_ID=8123456789"
  "GITHUB_RUN_NUMBER=4242" "GITHUB_RUN_ATTEMPT=1" "GITHUB_JOB=build" "GITHUB_ACTION=__run_2" "GITHUB_ACTOR=octocat"
  "GITHUB_ACTOR_ID=583231" "GITHUB_TRIGGERING_ACTOR=octocat" "GITHUB_EVENT_NAME=pull_request"
  "GITHUB_EVENT_PATH=/home/runner/work/_temp/_github_workflow/event.json" "GITHUB_SHA=4f7c1e9b2a0d3c5e6f8a9b1c2d3e4f5a6b7c8d9e"
  "GITHUB_REF=refs/pull/1234/merge" "GITHUB_REF_NAME=1234/merge" "GITHUB_REF_TYPE=branch" "GITHUB_REF_PROTECTED=false"
  "GITHUB_HEAD_REF=feature/faster-builds" "GITHUB_BASE_REF=main" "GITHUB_SERVER_URL=https://github.com"
  "GITHUB_API_URL=https://api.github.com" "GITHUB_GRAPHQL_URL=https://api.github.com/graphql"
  "GITHUB_WORKFLOW=CI" "GITHUB_WORKFLOW_REF=example-org/app/.github/workflows/ci.yml@refs/pull/1234/merge"
  "GITHUB_WORKFLOW_SHA=4f7c1e9b2a0d3c5e6f8a9b1c2d3e4f5a6b7c8d9e" "GITHUB_RETENTION_DAYS=90"
  "GITHUB_ENV=/home/runner/work/_temp/_runner_file_commands/set_env_0c8a7f3e-3b1e-4c5f-9f0b-1f2e3d4c5b6a"
  "GITHUB_PATH=/home/runner/work/_temp/_runner_file_commands/add_path_0c8a7f3e-3b1e-4c5f-9f0b-1f2e3d4c5b6a"
  "GITHUB_OUTPUT=/home/runner/work/_temp/_runner_file_commands/set_output_0c8a7f3e-3b1e-4c5f-9f0b-1f2e3d4c5b6a"
  "GITHUB_STATE=/home/runner/work/_temp/_runner_file_commands/save_state_0c8a7f3e-3b1e-4c5f-9f0b-1f2e3d4c5b6a"
  "GITHUB_STEP_SUMMARY=/home/runner/work/_temp/_runner_file_commands/step_summary_0c8a7f3e-3b1e-4c5f-9f0b-1f2e3d4c5b6a"
  "ACTIONS_RUNTIME_URL=https://pipelines.actions.githubusercontent.com/Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56Qr78St90Uv12Wx/"
  "ACTIONS_RESULTS_URL=https://results-receiver.actions.githubusercontent.com/"
  "ACTIONS_CACHE_URL=https://artifactcache.actions.githubusercontent.com/Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56Qr78St90Uv12Wx/"
  "ACTIONS_ID_TOKEN_REQUEST_URL=https://pipelines.actions.githubusercontent.com/Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56Qr78St90Uv12Wx/00000000-0000-0000-0000-000000000000/_apis/distributedtask/hubs/Actions/plans/1f2e3d4c-5b6a-7980-a1b2-c3d4e5f6a7b8/jobs/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9/idtoken?api-version=2.0"
  "ImageOS=ubuntu22" "ImageVersion=20240304.1.0" "AGENT_TOOLSDIRECTORY=/opt/hostedtoolcache" "DEBIAN_FRONTEND=noninteractive"
  "DOTNET_MULTILEVEL_LOOKUP=0" "DOTNET_NOLOGO=1" "DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1" "POWERSHELL_DISTRIBUTION_CHANNEL=GitHub-Actions-ubuntu22"
  "ANDROID_HOME=/usr/local/lib/android/sdk" "ANDROID_SDK_ROOT=/usr/local/lib/android/sdk"
  "ANDROID_NDK=/usr/local/lib/android/sdk/ndk/25.2.9519653" "ANDROID_NDK_HOME=/usr/local/lib/android/sdk/ndk/25.2.9519653"
  "ANDROID_NDK_ROOT=/usr/local/lib/android/sdk/ndk/25.2.9519653" "ANDROID_NDK_LATEST_HOME=/usr/local/lib/android/sdk/ndk/26.2.11394342"
  "JAVA_HOME=/usr/lib/jvm/temurin-11-jdk-amd64" "JAVA_HOME_8_X64=/usr/lib/jvm/temurin-8-jdk-amd64"
  "JAVA_HOME_11_X64=/usr/lib/jvm/temurin-11-jdk-amd64" "JAVA_HOME_17_X64=/usr/lib/jvm/temurin-17-jdk-amd64"
  "JAVA_HOME_21_X64=/usr/lib/jvm/temurin-21-jdk-amd64" "GRADLE_HOME=/usr/share/gradle-8.6" "ANT_HOME=/usr/share/ant"
  "M2_HOME=/usr/share/apache-maven-3.8.8" "CHROME_BIN=/usr/bin/google-chrome" "CHROMEWEBDRIVER=/usr/local/share/chromedriver-linux64"
  "EDGEWEBDRIVER=/usr/local/share/edge_driver" "GECKOWEBDRIVER=/usr/local/share/gecko_driver" "SELENIUM_JAR_PATH=/usr/share/java/selenium-server.jar"
  "CONDA=/usr/share/miniconda" "VCPKG_INSTALLATION_ROOT=/usr/local/share/vcpkg" "PIPX_HOME=/opt/pipx" "PIPX_BIN_DIR=/opt/pipx_bin"
  "GOROOT_1_20_X64=/opt/hostedtoolcache/go/1.20.14/x64" "GOROOT_1_21_X64=/opt/hostedtoolcache/go/1.21.8/x64"
  "GOROOT_1_22_X64=/opt/hostedtoolcache/go/1.22.1/x64" "SWIFT_PATH=/usr/share/swift/usr/bin"
  "BOOTSTRAP_HASKELL_NONINTERACTIVE=1" "GHCUP_INSTALL_BASE_PREFIX=/usr/local" "HOMEBREW_NO_AUTO_UPDATE=1"
  "HOMEBREW_CLEANUP_PERIODIC_FULL_DAYS=3650" "AZURE_EXTENSION_DIR=/opt/az/azcliextensions" "ACCEPT_EULA=Y"
  "XDG_CONFIG_HOME=/home/runner/.config" "XDG_RUNTIME_DIR=/run/user/1001" "INVOCATION_ID=8b3c0e7f6a5d4c3b2a190817263544f3"
  "JOURNAL_STREAM=8:17621" "SYSTEMD_EXEC_PID=612" "LEIN_HOME=/usr/local/lib/lein" "LEIN_JAR=/usr/local/lib/lein/self-installs/leiningen-2.11.2-standalone.jar"
  "NVM_DIR=/home/runner/.nvm" "RUNNER_PERFLOG=/home/runner/perflog" "RUNNER_USER=runner"
  "STATS_EXTP=https://provjobdprod.z13.web.core.windows.net/settings/provjobdsettings-latest/provjobd.data"
  "INPUT_NODE-VERSION=20" "INPUT_CACHE=npm" "INPUT_ALWAYS-AUTH=false" "INPUT_CHECK-LATEST=false"
  "INPUT_TOKEN=ghs_benchmarkNotARealToken0123456789abcdefABCD"
  "GITHUB_TOKEN=ghs_benchmarkNotARealToken0123456789abcdefABCD"
  "ACTIONS_RUNTIME_TOKEN=eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsIng1dCI6ImJlbmNobWFyayJ9.eyJuYW1laWQiOiJkZGRkZGRkZC1kZGRkLWRkZGQtZGRkZC1kZGRkZGRkZGRkZGQiLCJzY3AiOiJBY3Rpb25zLkdlbmVyaWNSZWFkOjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMCBBY3Rpb25zLlJlc3VsdHM6MWYyZTNkNGMtNWI2YS03OTgwLWExYjItYzNkNGU1ZjZhN2I4OjBhMWIyYzNkLTRlNWYtNjA3MS04MjkzLWE0YjVjNmQ3ZThmOSIsIklkZW50aXR5VHlwZUNsYWltIjoiU3lzdGVtOlNlcnZpY2VJZGVudGl0eSIsImh0dHA6Ly9zY2hlbWFzLnhtbHNvYXAub3JnL3dzLzIwMDUvMDUvaWRlbnRpdHkvY2xhaW1zL3NpZCI6IkRERERERERELUREREQtRERERC1ERERELURERERERERERERERCIsImh0dHA6Ly9zY2hlbWFzLm1pY3Jvc29mdC5jb20vd3MvMjAwOC8wNi9pZGVudGl0eS9jbGFpbXMvcHJpbWFyeXNpZCI6ImRkZGRkZGRkLWRkZGQtZGRkZC1kZGRkLWRkZGRkZGRkZGRkZCIsImF1aSI6ImRkZGRkZGRkLWRkZGQtZGRkZC1kZGRkLWRkZGRkZGRkZGRkZCIsInNpZCI6IjEyMzQ1Njc4LTEyMzQtMTIzNC0xMjM0LTEyMzQ1Njc4OTAxMiIsImFjIjoiW3tcIlNjb3BlXCI6XCJyZWZzL2hlYWRzL21haW5cIixcIlBlcm1pc3Npb25cIjozfV0iLCJhY3NsIjoiMTAiLCJvcmNoaWQiOiIxZjJlM2Q0Yy01YjZhLTc5ODAtYTFiMi1jM2Q0ZTVmNmE3YjguYnVpbGQuX19kZWZhdWx0IiwiaXNzIjoidnN0b2tlbi5jb2RlZGV2Lm1zIiwiYXVkIjoidnN0b2tlbi5jb2RlZGV2Lm1zfHZzbzp4eHh4eHh4eC14eHh4LXh4eHgteHh4eC14eHh4eHh4eHh4eHgiLCJuYmYiOjE3MDk1NTAwMDAsImV4cCI6MTcwOTU3MTYwMH0.c2lnbmF0dXJlLWJlbmNobWFyay1ub3QtYS1yZWFsLXRva2VuLWMyOW5ibUYwZFhKbExXSmxibU5vYldGeWF5MXViM1F0WVMxeVpXRnNMWFJ2YTJWdQ"
  "NODE_OPTIONS=--max-old-space-size=4096"
)
# Then class paths (a Java build's jar lists run to a KB each) up to about 15 KB in all: 124 variables.
bytes=0
for entry in "${ci_env[@]}"; do bytes=$((bytes + ${#entry} + 1)); done
i=0
while [ "$bytes" -lt 15000 ]; do
  jars=""
  for j in $(seq 0 15); do jars+="/home/runner/.m2/repository/org/example/lib$j/1.$i.$j/lib$j-1.$i.$j.jar:"; done
  entry="BUILD_CLASSPATH_$i=${jars%:}"
  ci_env+=("$entry")
  bytes=$((bytes + ${#entry} + 1))
  i=$((i + 1))
done
# Optional padding: that many more KiB of variables, before an allow-listed one at the very end.
for ((k = 0; k < env_kb; k++)); do
  ci_env+=("PAD_$k=$(printf '%01000d' 0)")
done
[ "$env_kb" -eq 0 ] || ci_env+=("LD_PRELOAD=/opt/bench/after-padding.so")
bytes=0
for entry in "${ci_env[@]}"; do bytes=$((bytes + ${#entry} + 1)); done

# Runs inside the trace: the tracer is the parent of this shell, so its programs are the prog_ids among the
# parent's descriptors. bash builtins only between the two snapshots, so that every exec counted is a /bin/true
# (plus the bpftool of the second snapshot).
loop=$(cat <<'SH'
ids=()
for info in /proc/$PPID/fdinfo/*; do
  while read -r key value; do [ "$key" = "prog_id:" ] && ids+=("$value"); done < "$info"
done
on_exec() {
  for id in "${ids[@]}"; do
    line=$(bpftool prog show id "$id")
    case "$line" in *" name on_exec "*)
      set -- $line
      while [ $# -gt 0 ]; do
        case "$1" in run_time_ns) time=$2 ;; run_cnt) count=$2 ;; esac
        shift
      done
      echo "$time $count"; return ;;
    esac
  done
}
for ((round = 0; round < ROUNDS; round++)); do
  read -r t0 c0 < <(on_exec)
  for ((n = 0; n < EXECS; n++)); do /bin/true; done
  read -r t1 c1 < <(on_exec)
  echo "round $round: $((c1 - c0)) execs, $(((t1 - t0) / (c1 - c0))) ns per on_exec" >&2
done
SH
)
loop=${loop//ROUNDS/$rounds}
loop=${loop//EXECS/$execs}

previous=$(sysctl -n kernel.bpf_stats_enabled)
sysctl -q kernel.bpf_stats_enabled=1
trap 'sysctl -q kernel.bpf_stats_enabled=$previous' EXIT
out=$(mktemp --suffix=.jsonl.gz)
echo "environment: ${#ci_env[@]} variables, $bytes bytes; $execs execs of /bin/true per round" >&2
"$ashiato" trace -o "$out" -- env -i "${ci_env[@]}" /bin/bash -c "$loop" 
rm -f "$out"
