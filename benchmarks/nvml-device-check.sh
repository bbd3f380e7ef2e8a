#!/usr/bin/env bash
# NVML device check (issue 3): CarbonAttrs' GPU energy against the integral of nvidia-smi power readings.
#
#   benchmarks/nvml-device-check.sh publish          # where the .NET SDK is: self-contained, trimmed linux-x64 probe
#                                                    #   in artifacts/nvml-probe (about 20 MB; no .NET needed to run it)
#   benchmarks/nvml-device-check.sh run [SECONDS] [machine|process]
#                                                    # on the GPU machine: loads GPU 0 for SECONDS (default 30)
#
# From a session with the device tool, publish here, then run with the probe carried along:
#   run(command="benchmarks/nvml-device-check.sh run 30", carry=["artifacts/nvml-probe"], timeout_s=240)
# and paste the table it prints into docs/benchmarks.md ("## NVML device check").
# Exit status: 0 with figures, 2 when nvidia-smi gave no readings, 3 without a GPU/driver, 4 without the probe.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
probe_dir="$root/artifacts/nvml-probe"

case "${1:-}" in
  publish)
    # linux-x64, self-contained and trimmed: set in the project file
    dotnet publish "$here/NvmlDeviceProbe/NvmlDeviceProbe.csproj" -c Release -o "$probe_dir"
    du -sh "$probe_dir"
    ;;
  run)
    seconds="${2:-30}"
    mode="${3:-machine}"
    [ -x "$probe_dir/NvmlDeviceProbe" ] || { echo "no probe in $probe_dir: run '$0 publish' first" >&2; exit 4; }
    command -v nvidia-smi >/dev/null || { echo "nvidia-smi not found: no NVIDIA driver here" >&2; exit 3; }
    nvidia-smi --query-gpu=index,name,uuid,driver_version,power.limit --format=csv
    report="${OUT:-$root}/nvml-device-check.txt"
    CARBONATTRS_LOG_LEVEL=debug "$probe_dir/NvmlDeviceProbe" "$seconds" "$mode" 2>&1 | tee "$report"
    echo "report: $report"
    ;;
  *)
    sed -n '2,15p' "$0"
    exit 64
    ;;
esac
