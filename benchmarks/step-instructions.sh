#!/usr/bin/env bash
# Usage: benchmarks/step-instructions.sh [N1 N2 REPEATS PROCESSES]     (defaults: 5 20 2 2; about 11-12 min on the 2-core VM)
#
# Instructions per TorchSharp training step (Adam, MLP 32-256-256-10, batch 256, one torch thread), untracked,
# [TrackEmissions] (one ledger row per step), [TrackEmissions(Summarize = true)] and one row per step with
# CarbonTorch.CountFlops on the model (variant "flops"), counted by valgrind's
# callgrind: user-space instructions of all threads (training thread, ledger writer, GC, ...), repeatable where
# wall time on a shared VM is not. Kernel work (the ledger's open/flock/write/close, futex wake-ups) is not counted.
#
# Each of PROCESSES callgrind processes (run in parallel) builds the model, warms up all variants uninstrumented,
# then for each of REPEATS rounds counts, per variant, a region of N1 steps and one of N2 steps, each ending with
# CarbonTracker.Flush() (so the ledger writer's work for the region's rows is inside it); per-step instructions
# = (Ir(N2) - Ir(N1)) / (N2 - N1), which cancels what a region has once (flush, toggles). Also counted: the energy
# sampler's periodic read (SampleNow), kept out of the step regions (sampling interval set beyond the run) and
# reported separately, amortized over the steps of one 500 ms period. Regions share a process because start-up
# under valgrind (libtorch, the runtime, JIT) takes about 3 minutes, instrumented or not. Each process writes its
# own ledger file in a temp folder: ledgers linked to /dev/null share one flock across processes.
#
# Under callgrind a step takes seconds instead of ~2 ms. benchmarks/step-instructions/icount-shim.c (preloaded)
# slows Stopwatch and the timers of CarbonAttrs' own threads down (ICOUNT_CLOCK_SLOWDOWN at first, default 2000;
# then, after each region, that region's callgrind wall time per step over the native step time, measured here
# first), so the code takes the paths it takes natively: windows as short as a native step, rows batched by
# the writer's 20 ms gather as natively, no idle wake-ups between steps; see the shim's header.
#
# The counted step runs libtorch's and MKL's AVX2 kernels: valgrind has no AVX-512, which native runs on an
# AVX-512 machine use (fewer instructions for the same step). The untracked per-step count is the AVX2 step's.
#
# Needs: valgrind, gcc and valgrind's headers (valgrind/callgrind.h), dotnet.
# Environment: ICOUNT_CLOCK_SLOWDOWN (initial slow-down), ICOUNT_PERF_MAP=1 (write /tmp/perf-PID.map and print
# where the per-row variant's extra instructions go, by function, with step-instructions/attribute.py; rough:
# code the map does not name is grouped by object), ICOUNT_NO_BUILD=1 (use the harness as built), ICOUNT_WORK=dir (keep the callgrind
# dumps there; default: a temp folder), ICOUNT_REPORT_ONLY=1 (with ICOUNT_WORK and the same arguments: report on
# the dumps of an earlier run, run nothing).
set -euo pipefail

N1=${1:-5}
N2=${2:-20}
REPEATS=${3:-2}
PROCESSES=${4:-2}
SLOWDOWN=${ICOUNT_CLOCK_SLOWDOWN:-2000}
SAMPLE_PERIOD_MS=500 # the sampler's default period

root=$(cd "$(dirname "$0")/.." && pwd)
project=$root/benchmarks/CarbonAttrs.Benchmarks.TorchSharp
harness=$project/bin/Release/net10.0/CarbonAttrs.Benchmarks.TorchSharp
work=${ICOUNT_WORK:-$(mktemp -d /tmp/step-instructions.XXXXXX)}
mkdir -p "$work"
started=$(date +%s)

if [[ "${ICOUNT_REPORT_ONLY:-}" != 1 ]]; then
if [[ "${ICOUNT_NO_BUILD:-}" != 1 ]]; then
  dotnet build -c Release "$project" -nologo -v q >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
fi
gcc -O2 -shared -fPIC -Wall -Werror -o "$work/icount-shim.so" "$root/benchmarks/step-instructions/icount-shim.c" -ldl

# The native step (CPU time per untracked step, all threads; best of 3 runs of 1000 steps): the target for the
# slowed clocks, and the time base over which the sampler's reads are amortized.
NATIVE_STEP_MS=$(for i in 1 2 3; do
    DOTNET_TieredCompilation=0 "$harness" steps untracked 1000 | sed -n 's/.* wall, \([0-9.]*\) ms CPU per step/\1/p'
  done | sort -g | head -n 1)
echo "$NATIVE_STEP_MS" >"$work/native-step-ms"
echo "N1=$N1 N2=$N2 repeats=$REPEATS processes=$PROCESSES; native untracked step ${NATIVE_STEP_MS} ms CPU (best of 3);"
echo "initial slow-down $SLOWDOWN, then recalibrated per region; dumps in $work"
pids=()
for p in $(seq 1 "$PROCESSES"); do
  mkdir -p "$work/p$p"
  (
    cd "$work/p$p"
    # Determinism: no tiering (methods jitted once, fully optimized, during warm-up; no background rejit),
    # no W^X double mapping (JIT code in anonymous memory, which --smc-check=all-non-file watches).
    env -u CARBONATTRS_DISABLED DOTNET_TieredCompilation=0 DOTNET_EnableWriteXorExecute=0 DOTNET_gcServer=0 \
        CARBONATTRS_SAMPLE_INTERVAL_MS=600000 \
        ${ICOUNT_PERF_MAP:+DOTNET_PerfMapEnabled=1} ICOUNT_NATIVE_STEP_MS="$NATIVE_STEP_MS" \
        ICOUNT_SHIM="$work/icount-shim.so" ICOUNT_CLOCK_SLOWDOWN="$SLOWDOWN" LD_PRELOAD="$work/icount-shim.so" \
      timeout 3000 valgrind -q --tool=callgrind --instr-atstart=no --separate-threads=no --smc-check=all-non-file \
        --dump-instr=no --dump-line=no --callgrind-out-file="$work/p$p/cg.out" \
        "$harness" regions "$N1" "$N2" "$REPEATS" >stdout.txt 2>stderr.txt
  ) &
  pids+=($!)
done
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
for p in $(seq 1 "$PROCESSES"); do
  echo "process $p: $(tail -n 1 "$work/p$p/stdout.txt" 2>/dev/null);" \
    "slow-downs used: $(sed -n 's/^  slow-down now //p' "$work/p$p/stdout.txt" | sort -g | sed -n '1p;$p' | paste -sd- -)," \
    "callgrind wall per step: $(sed -n 's/^[a-z]* N=[0-9]* rep=[0-9]*: \([0-9.]*\) ms wall.*/\1/p' "$work/p$p/stdout.txt" | sort -g | sed -n '1p;$p' | paste -sd- -) ms"
  grep -v "Using source line as position\|brk segment overflow\|see section Limitations\|further instances of this message" "$work/p$p/stderr.txt" | sed 's/^/  stderr: /' | head -n 20 || true
done
[[ $failed == 0 ]] || { echo "a callgrind process failed (see $work/p*/stderr.txt)"; exit 1; }
fi
NATIVE_STEP_MS=$(cat "$work/native-step-ms")

# Each region's dump: "desc: Trigger: Client Request: <variant> N=<n> rep=<r>" and "totals: <Ir>" (the sum of the
# dump's cost lines; its "summary:" line can be off by a few 100,000 when instrumentation is toggled).
for p in $(seq 1 "$PROCESSES"); do
  for f in "$work/p$p"/cg.out.*; do
    # One-time work that lands in a region by chance (the JIT compiling a path first taken there) is no part of
    # the steady state: its instructions in libclrjit.so are reported, and a pair with any is left out of the mean.
    jit=$(callgrind_annotate --inclusive=no --threshold=100 "$f" 2>/dev/null \
      | awk '/libclrjit\.so\]$/ { gsub(",", "", $1); s += $1 } END { print s + 0 }')
    awk -v p="$p" -v jit="$jit" '/^desc: Trigger: Client Request: /{ sub(/^desc: Trigger: Client Request: /, ""); label=$0 }
                   /^totals: /{ ir=$2 } END { if (label != "") print p, label, ir, jit }' "$f"
  done
done | sed 's/N=//; s/rep=//' >"$work/regions.txt"   # p variant n rep Ir jit

awk -v n1="$N1" -v n2="$N2" -v period="$SAMPLE_PERIOD_MS" -v stepms="$NATIVE_STEP_MS" '
  { ir[$1 " " $4 " " $2 " " $3] = $5; jit[$1 " " $4 " " $2] += $6; runs[$1 " " $4] = 1 }
  END {
    split("untracked perrow summarize flops sample", vs, " ")
    for (r in runs) { n = split(r, a, " "); order[++nr] = r }
    # sort runs (process, repeat) for stable output
    for (i = 1; i <= nr; i++) for (j = i + 1; j <= nr; j++) if (order[j] < order[i]) { t = order[i]; order[i] = order[j]; order[j] = t }
    printf "%-10s", "variant"; for (i = 1; i <= nr; i++) { split(order[i], a, " "); printf " %13s", "p" a[1] "/rep" a[2] } ; printf " %13s %9s\n", "mean", "spread"
    for (k = 1; k <= 5; k++) {
      v = vs[k]; sum = 0; used = 0; lo = ""; hi = ""
      printf "%-10s", v
      for (i = 1; i <= nr; i++) {
        x = (ir[order[i] " " v " " n2] - ir[order[i] " " v " " n1]) / (n2 - n1)
        per[v, i] = x
        if (jit[order[i] " " v] > 0) { skip[v, i] = 1; printf " %12.0f*", x; continue }
        sum += x; used++; if (lo == "" || x < lo) lo = x; if (hi == "" || x > hi) hi = x
        printf " %13.0f", x
      }
      mean[v] = sum / used
      printf " %13.0f %8.3f%%\n", mean[v], (hi - lo) / mean[v] * 100
    }
    printf "(* = a region of the pair ran the JIT (one-time work, instructions in libclrjit.so); left out of mean and spread)\n"
    print ""
    print "(instructions per step; for \"sample\", per SampleNow call)"
    print "ratio to the untracked step of the same process and repeat:"
    for (k = 2; k <= 4; k++) {
      v = vs[k]; printf "%-10s", v
      for (i = 1; i <= nr; i++) printf " %12.5f%s", per[v, i] / per["untracked", i], (skip[v, i] || skip["untracked", i]) ? "*" : " "
      printf "   ratio of means %.5f (+%.0f instructions per step, +%.3f%%)\n", mean[v] / mean["untracked"], mean[v] - mean["untracked"], (mean[v] / mean["untracked"] - 1) * 100
    }
    # CountFlops: the same per-row step on a model with the counting hooks; its cost over the per-row step.
    printf "flops vs perrow: +%.0f instructions per step (+%.3f%% of the untracked step)\n", mean["flops"] - mean["perrow"], (mean["flops"] - mean["perrow"]) / mean["untracked"] * 100
    share = mean["sample"] * (stepms / period) / mean["untracked"]
    printf "sampler: %.0f instructions per sample; one sample per %d ms, i.e. per %.0f native steps of %.2f ms: +%.4f%% of a step (any variant once tracking has started)\n", mean["sample"], period, period / stepms, stepms, share * 100
  }' "$work/regions.txt"

if [[ -n "${ICOUNT_PERF_MAP:-}" ]] && command -v python3 >/dev/null; then
  echo
  python3 "$root/benchmarks/step-instructions/attribute.py" "$work/p1" perrow "$N1" "$N2" 1 20 || true
fi
echo "wall time: $(( $(date +%s) - started )) s"
