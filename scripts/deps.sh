# Shared by ./ashiato and ./test.sh: the Debian packages Ashiato needs, installed when missing.
# shellcheck shell=bash

# Building the kernel side: clang, the libbpf headers, bpftool (vmlinux.h regeneration) and llvm-strip.
ASHIATO_BUILD_PACKAGES=(clang-14 llvm-14 libbpf-dev bpftool)
# Running the tracer: libbpf itself (P/Invoked as libbpf.so.1) and iproute2/util-linux for namespaces.
ASHIATO_RUNTIME_PACKAGES=(libbpf1 iproute2 util-linux)
# Tests only: a real browser for the console, jq and python3 for test workloads, strace and gcc for scenarios,
# node for the fake GitHub Actions runner (tests/FakeRunner: JavaScript actions and hashFiles) and the action's tests
# (tests/action), sudo for those tests (the action starts its tracer through sudo, as on a hosted runner); and what
# the detection corpus's behaviours and benign workloads run (tests/Ashiato.Analysis.Tests/Corpus): curl, wget,
# setcap, ps and top, git, ssh-keygen, zip, pip and requests.
ASHIATO_TEST_PACKAGES=(chromium jq python3 gcc make nodejs curl wget sudo libcap2-bin procps git openssh-client zip
  python3-pip python3-requests)

ashiato_ensure_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "ashiato: missing Debian packages: ${missing[*]}; run this once as root (or: sudo apt-get install ${missing[*]})" >&2
    return 1
  fi
  echo "ashiato: installing ${missing[*]} ..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 || {
    echo "ashiato: apt-get could not install ${missing[*]}" >&2
    return 1
  }
}

ashiato_require_dotnet() {
  command -v dotnet >/dev/null 2>&1 && return 0
  echo "ashiato: the .NET 10 SDK (dotnet) is not on PATH; install it, then run this again" >&2
  return 1
}
