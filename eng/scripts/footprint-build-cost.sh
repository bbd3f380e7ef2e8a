#!/usr/bin/env bash
# Measures what the build-time footprint report adds to a build (docs/benchmarks.md, "Footprint report step"):
# on samples/CarbonAttrs.Samples.QuickStart with a synthetic ledger of N rows, it times
#   1. the runner alone (dotnet exec CarbonAttrs.Footprint.dll, what the target starts),
#   2. the CarbonFootprintReport target inside a build (MSBuild performance summary), after a source edit,
#   3. the wall time of that incremental build with the step on and off (CarbonFootprintEnabled=false),
#   4. the target in an unchanged build (skipped: inputs older than carbon-footprint.json).
# Usage: eng/scripts/footprint-build-cost.sh [rows=10000] [runs=3]
set -euo pipefail
rows="${1:-10000}"
runs="${2:-3}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
sample="$root/samples/CarbonAttrs.Samples.QuickStart"
work="$(mktemp -d)"
ledger="$work/emissions.csv"
trap 'rm -rf "$work"' EXIT

# A CarbonAttrs-format ledger: runs of both tracked methods of the sample (columns are found by name).
awk -v n="$rows" 'BEGIN {
  print "timestamp,project_name,run_id,duration,emissions,energy_consumed,cpu_energy,gpu_energy,ram_energy,method,status,calls";
  for (i = 0; i < n; i++) {
    m = (i % 2 == 0) ? "Workloads.EstimatePi" : "Workloads.Checksum";
    kwh = 0.00001 * (1 + i % 7);
    printf "2026-01-01T00:00:%02d,bench,run-%d,%.3f,%.9f,%.9f,%.9f,0,0,%s,ok,1\n", i % 60, i, 0.5 + (i % 5) * 0.1, kwh * 0.4, kwh, kwh, m;
  }
}' > "$ledger"

build() { dotnet build "$sample" -c Release -nologo -v:q -clp:PerformanceSummary "-p:CarbonLedger=$ledger" "$@"; }
target_ms() { grep -E '^\s+[0-9]+ ms\s+CarbonFootprintReport\s' | awk '{print $1}' | head -1; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
now_ms() { date +%s%3N; }

build > /dev/null   # warm: restore, references, compiler server
runner="$root/src/CarbonAttrs.Footprint/bin/Release/net8.0/CarbonAttrs.Footprint.dll"
assembly="$sample/obj/Release/net10.0/CarbonAttrs.Samples.QuickStart.dll"

alone=(); inside=(); on=(); off=(); skipped=()
for _ in $(seq 1 "$runs"); do
  t0=$(now_ms); dotnet exec "$runner" --assembly "$assembly" --ledger "$ledger" --out "$work/out" > /dev/null; alone+=($(( $(now_ms) - t0 )))

  touch "$sample/Program.cs"; t0=$(now_ms); build -p:CarbonFootprintEnabled=false > /dev/null; off+=($(( $(now_ms) - t0 )))
  touch "$sample/Program.cs"; t0=$(now_ms); out=$(build); on+=($(( $(now_ms) - t0 )))
  inside+=($(echo "$out" | target_ms))
  skipped+=($(build | target_ms))
done

echo "ledger rows:                         $rows"
echo "runner alone (ms, median):           $(printf '%s\n' "${alone[@]}" | median)   [${alone[*]}]"
echo "CarbonFootprintReport target (ms):   $(printf '%s\n' "${inside[@]}" | median)   [${inside[*]}]"
echo "edit + build, report off (ms):       $(printf '%s\n' "${off[@]}" | median)   [${off[*]}]"
echo "edit + build, report on (ms):        $(printf '%s\n' "${on[@]}" | median)   [${on[*]}]"
echo "unchanged build, target skipped (ms): $(printf '%s\n' "${skipped[@]}" | median)   [${skipped[*]}]"
