#!/usr/bin/env bash
# Two (or more) builds of the CarbonAttrs generator in real `dotnet build`s of one sample, alternating in the same session
# so machine load hits both alike (docs/benchmarks.md, "Generator share on real projects"). Per run and generator: a full
# compile (--no-incremental), then a one-line edit to EDIT_FILE and a build. Prints the generator's time (the compiler's
# -p:ReportAnalyzer report), the analyzers' total and the Csc task's time (MSBuild performance summary).
# Copy each generator DLL to its own folder first (the compiler server caches an analyzer by path).
# Usage: eng/scripts/generator-ab.sh PROJECT_DIR EDIT_FILE RUNS label=path/to/CarbonAttrs.Generators.dll...
# EXTRA_ARGS: more build arguments, e.g. EXTRA_ARGS=-p:UseSharedCompilation=true to use the compiler server.
# A build of benchmarks/ControlGenerator can stand in for a generator DLL (label=path/to/ControlGenerator.dll): its time is
# read as well, the floor under ours (docs/benchmarks.md, "The floor").
set -uo pipefail
project="$1"; edit="$2"; runs="$3"; shift 3
here="$(cd "$(dirname "$0")" && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

measure() { # label dll extra-args...
  local label="$1" dll="$2"; shift 2
  local log; log="$(mktemp)"
  # shellcheck disable=SC2086
  dotnet build "$project" -c Release -nologo -v:d -clp:PerformanceSummary -p:ReportAnalyzer=true -p:BuildProjectReferences=false \
    -p:CustomAfterMicrosoftCommonTargets="$here/generator-ab.targets" -p:CarbonAttrsGeneratorOverride="$dll" ${EXTRA_ARGS:-} "$@" \
    > "$log" 2>&1 || { tail -20 "$log"; exit 1; }
  local gen csc ana
  gen=$(grep -E 'CarbonAttrs\.Generators\.TrackEmissionsGenerator|[[:space:]]ControlGenerator([[:space:]]|$)' "$log" | grep -Eo '^[[:space:]]*[<]?[0-9]+(\.[0-9]+)?' | head -1 | tr -d ' <')
  ana=$(grep -Eo 'Total analyzer execution time: [0-9.]+' "$log" | head -1 | awk '{print $5}')
  csc=$(grep -E '^[[:space:]]+[0-9]+ ms[[:space:]]+Csc[[:space:]]' "$log" | awk '{print $1}' | head -1)
  awk -v l="$label" -v g="${gen:-0}" -v c="${csc:-0}" -v a="${ana:-0}" \
    'BEGIN { printf "%-34s generator %6.3f s  analyzers %6.3f s  Csc %6.3f s  share %5.1f %%\n", l, g, a, c / 1000, (c > 0 ? 100 * g / (c / 1000) : 0) }'
  rm -f "$log"
}

for i in $(seq "$runs"); do
  for pair in "$@"; do
    label="${pair%%=*}"; dll="${pair#*=}"
    measure "$label full (run $i)" "$dll" --no-incremental
    cp "$edit" "$edit.bak"; echo "// edited $(date +%s%N)" >> "$edit"
    measure "$label edit (run $i)" "$dll"
    mv "$edit.bak" "$edit"
  done
done
