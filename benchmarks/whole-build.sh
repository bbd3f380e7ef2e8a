#!/usr/bin/env bash
# Whole-build cost of CarbonAttrs' compile-time parts: `dotnet build --no-incremental` of the synthetic
# project (1,000 files, 500 [TrackEmissions] methods, 2,000 call sites) without and with the generator and
# analyzers, alternating, RUNS times each (default 2). Both reference the same prebuilt runtime DLL, so the
# difference is the generator + analyzers alone. Usage: benchmarks/whole-build.sh [RUNS] [WORKDIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-2}
work=${2:-$(mktemp -d)}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet build "$root/benchmarks/CarbonAttrs.Benchmarks" -c Release -v q -nologo >/dev/null
runtime="$root/src/CarbonAttrs/bin/Release/net8.0/CarbonAttrs.dll"
components=("$root/src/CarbonAttrs.Generators/bin/Release/netstandard2.0/CarbonAttrs.Generators.dll")
analyzers="$root/src/CarbonAttrs.Analyzers/bin/Release/netstandard2.0/CarbonAttrs.Analyzers.dll"
[ -f "$analyzers" ] && components+=("$analyzers")
dotnet "$root/benchmarks/CarbonAttrs.Benchmarks/bin/Release/net10.0/CarbonAttrs.Benchmarks.dll" write-synthetic "$work" "$runtime" "${components[@]}"
echo "components: ${components[*]}"

dotnet restore "$work/without/Synthetic.csproj" -v q >/dev/null
dotnet restore "$work/with/Synthetic.csproj" -v q >/dev/null
dotnet build "$work/without/Synthetic.csproj" --no-restore -v q -nologo >/dev/null # warm the build server once

build() { # prints seconds
  local start end
  start=$(date +%s.%N)
  dotnet build "$1" --no-incremental --no-restore -v q -nologo -p:UseSharedCompilation=true >/dev/null
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }'
}

without=0; with=0
for i in $(seq "$runs"); do
  a=$(build "$work/without/Synthetic.csproj"); b=$(build "$work/with/Synthetic.csproj")
  echo "run $i: without CarbonAttrs ${a}s, with CarbonAttrs ${b}s"
  without=$(awk -v x="$without" -v y="$a" 'BEGIN { print x + y }'); with=$(awk -v x="$with" -v y="$b" 'BEGIN { print x + y }')
done
awk -v w="$with" -v o="$without" -v n="$runs" 'BEGIN { printf "mean without: %.2fs, mean with: %.2fs, ratio with/without: %.3f\n", o / n, w / n, w / o }'
