#!/usr/bin/env bash
# Builds the release that installs without the SDK: dist/ashiato-<version>-linux-x64.tar.gz and its .sha256.
#   scripts/release.sh [--version V] [--out DIR]
# Self-contained (the .NET runtime inside, ReadyToRun), the BPF object embedded in Ashiato.Tracer.dll (a resource, as
# in every build), and libbpf.so.1 bundled next to the executable, where .NET looks for a P/Invoked library before the
# system's: neither libbpf1 nor the SDK is needed on the target (docs/github-actions.md). Unpacked, it is used as
#   ashiato-<version>-linux-x64/ashiato trace -o t.jsonl.gz -- make
# The tarball is cached under .build/release-cache/<hash of every build input>, so tests and re-runs build it once per
# state of the sources. The last line of stdout is the tarball's path.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$root"

version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -n 1)
out="$root/dist"
while [ $# -gt 0 ]; do
  case "$1" in
    --version) version="${2:?--version needs a value}"; shift 2 ;;
    --out) out="${2:?--out needs a directory}"; shift 2 ;;
    *) echo "release.sh: unknown argument '$1' (usage: scripts/release.sh [--version V] [--out DIR])" >&2; exit 2 ;;
  esac
done
[[ "$version" =~ ^[0-9A-Za-z.+-]+$ ]] || { echo "release.sh: '$version' is not a version" >&2; exit 2; }

# shellcheck source=scripts/deps.sh
source scripts/deps.sh
name="ashiato-$version-linux-x64"
inputs=(src bpf build deploy Directory.Build.props Directory.Packages.props global.json scripts/release.sh)
hash=$(find "${inputs[@]}" -type f -not -path '*/obj/*' -not -path '*/bin/*' -print0 | sort -z | xargs -0 sha256sum \
  | { cat; echo "$version"; } | sha256sum | cut -c1-16)
cache="$root/.build/release-cache/$hash"

mkdir -p "$root/.build"
exec 9>"$root/.build/release.lock"
flock 9 # one build at a time: the test projects and the action's tests may ask at once

if [ ! -f "$cache/$name.tar.gz" ]; then
  ashiato_ensure_packages "${ASHIATO_BUILD_PACKAGES[@]}" "${ASHIATO_RUNTIME_PACKAGES[@]}"
  ashiato_require_dotnet
  echo "release: building $name (self-contained, ReadyToRun) ..." >&2
  # A copy of the sources with its own obj/ and bin/: a self-contained restore rewrites project.assets.json, which
  # must not change under the solution's own build (./test.sh, ./ashiato) running beside it.
  copy="$root/.build/release-src"
  mkdir -p "$copy"
  find "$copy" \( -name obj -o -name bin \) -prune -o -type f -exec rm -f {} +
  tar -cf - --exclude=obj --exclude=bin "${inputs[@]}" | tar -xf - -C "$copy"

  stage=$(mktemp -d "$root/.build/release-stage.XXXXXX")
  trap 'rm -rf "$stage"' EXIT
  log="$stage/publish.log"
  if ! DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 dotnet publish "$copy/src/Ashiato.Cli/Ashiato.Cli.csproj" \
      -c Release -r linux-x64 --self-contained true -p:PublishReadyToRun=true -p:DebugType=none \
      -o "$stage/$name" --nologo -v quiet >"$log" 2>&1; then
    grep -E 'error' "$log" | head -n 20 >&2 || cat "$log" >&2
    echo "release: the build failed" >&2
    exit 1
  fi
  # libbpf: Debian 12's libbpf.so.1 needs glibc 2.28, libelf and zlib, all on Ubuntu 22.04 (which has no libbpf.so.1).
  libbpf=$(ldconfig -p | awk '$1 == "libbpf.so.1" && /x86-64/ { print $NF; exit }')
  [ -n "$libbpf" ] || { echo "release: libbpf.so.1 is not installed (apt-get install libbpf1)" >&2; exit 1; }
  cp "$(readlink -f "$libbpf")" "$stage/$name/libbpf.so.1"
  # The runtime's LTTng event provider needs liblttng-ust, which runners lack; the runtime loads it only when present.
  rm -f "$stage/$name"/*.pdb "$stage/$name"/*.dbg "$stage/$name/libcoreclrtraceptprovider.so"
  echo "$version" >"$stage/$name/VERSION"
  # The agent's service files: deploy/install.sh installs the release it sits in (docs/agent.md).
  cp -r deploy "$stage/$name/deploy"
  cat >"$stage/$name/README" <<EOF
Ashiato $version for Linux x86-64 (glibc 2.35 or later; Ubuntu 22.04, 24.04, Debian 12). Nothing to install:
the .NET runtime and libbpf are inside. Needs a kernel with BTF (/sys/kernel/btf/vmlinux) and root.

  sudo ./ashiato trace -o trace.jsonl.gz -- make
  sudo ./ashiato agent --out traces/ --ready-file ready
  sudo ASHIATO_SERVER=https://console.example ASHIATO_TOKEN=... ./deploy/install.sh   # the agent as a service
  ./ashiato detect trace.jsonl.gz --format sarif > ashiato.sarif
EOF

  # Reproducible: sorted names, no owners, one time stamp, gzip without a name or time.
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='2026-01-01 00:00Z' -C "$stage" -cf - "$name" \
    | gzip -n -9 >"$stage/$name.tar.gz"
  (cd "$stage" && sha256sum "$name.tar.gz" >"$name.tar.gz.sha256")
  rm -rf "$root/.build/release-cache"
  mkdir -p "$cache"
  mv "$stage/$name.tar.gz" "$stage/$name.tar.gz.sha256" "$cache/"
fi

mkdir -p "$out"
cp "$cache/$name.tar.gz" "$cache/$name.tar.gz.sha256" "$out/"
echo "$out/$name.tar.gz"
