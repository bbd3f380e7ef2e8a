#!/usr/bin/env bash
# The CarbonAttrs generator's share of the compiler's time on real projects (issue 14's target: at most 5 %).
# For each sample: a full compile (`--no-incremental`), then a one-line edit and a rebuild (what a command-line build
# does after an edit: the compiler runs again), each with -p:ReportAnalyzer=true. Prints the generator's time (the
# compiler's own report) and the Csc task's time (MSBuild performance summary), and their ratio.
# Usage: eng/scripts/generator-share.sh [runs=2]
set -euo pipefail
runs="${1:-2}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

measure() { # project label extra-args... -> "label generator_s csc_s ratio"
  local project="$1" label="$2"; shift 2
  local log; log="$(mktemp)"
  dotnet build "$project" -c Release -nologo -v:d -clp:PerformanceSummary -p:ReportAnalyzer=true "$@" > "$log" 2>&1 || { tail -20 "$log"; exit 1; }
  # Per-generator lines look like "   0.123   12   CarbonAttrs.Generators.TrackEmissionsGenerator (...)"; take the first number.
  local gen csc
  gen=$(grep -E 'CarbonAttrs\.Generators\.TrackEmissionsGenerator' "$log" | grep -Eo '^[[:space:]]*[<]?[0-9]+(\.[0-9]+)?' | head -1 | tr -d ' <')
  csc=$(grep -E '^[[:space:]]+[0-9]+ ms[[:space:]]+Csc[[:space:]]' "$log" | awk '{print $1}' | head -1)
  awk -v l="$label" -v g="${gen:-0}" -v c="${csc:-0}" 'BEGIN { printf "%-58s generator %6.3f s  Csc %6.3f s  share %5.1f %%\n", l, g, c / 1000, (c > 0 ? 100 * g / (c / 1000) : 0) }'
  rm -f "$log"
}

for sample in ${SAMPLES:-QuickStart TorchSharp}; do
  project="$root/samples/CarbonAttrs.Samples.$sample"
  program="$project/Program.cs"
  dotnet build "$project" -c Release -nologo -v:q > /dev/null # restore and warm the build server
  for i in $(seq "$runs"); do
    measure "$project" "$sample, full compile (run $i)" --no-incremental
    cp "$program" "$program.bak"
    echo "// edited $(date +%s%N)" >> "$program"
    measure "$project" "$sample, after an edit to Program.cs (run $i)"
    mv "$program.bak" "$program"
  done
done
