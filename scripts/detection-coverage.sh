#!/usr/bin/env bash
# Runs the detection corpus (every malicious behaviour and benign workload staged for real under the tracer) and writes
# the coverage table it measures to docs/detection-coverage.md. As root, after a build:
#   scripts/detection-coverage.sh
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$root"
dotnet build tests/Ashiato.Analysis.Tests -c Release --nologo -v quiet -clp:ErrorsOnly
ASHIATO_COVERAGE_TABLE="$root/docs/detection-coverage.md" \
  dotnet test tests/Ashiato.Analysis.Tests -c Release --no-build --nologo --filter "FullyQualifiedName~Corpus" "$@"
echo "wrote docs/detection-coverage.md"
