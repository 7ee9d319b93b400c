#!/usr/bin/env bash
# Benchmark: wall time of `thinkrig plan` as a user runs it through ./thinkrig (JVM start included), for one model on
# a preset and for the no-argument recommendation over the whole catalog, and the same with a bare `java -jar` to show
# what the launcher's class-data-sharing archive saves. Not a test: it reports numbers, it does not pass or fail.
# Usage: bench/plan-wall-time.sh [runs]     (docs/benchmarks.md quotes its output)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-10}"
jar="$root/cli/target/thinkrig.jar"
"$root/thinkrig" --version >/dev/null   # builds the jar and the launcher's archive if needed

measure() {
  local label="$1"; shift
  local times=()
  "${run[@]}" "$@" >/dev/null || true   # warm the page cache once
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s%N)
    "${run[@]}" "$@" >/dev/null || true
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  IFS=$'\n' sorted=($(sort -n <<<"${times[*]}")); unset IFS
  local n=${#sorted[@]}
  printf '%-58s min %5d ms   median %5d ms   max %5d ms   (%d runs)\n' \
    "$label" "${sorted[0]}" "${sorted[$((n / 2))]}" "${sorted[$((n - 1))]}" "$n"
}

echo "thinkrig plan wall time on $(nproc) cores, $(java -version 2>&1 | head -1)"
echo "-- through the launcher (./thinkrig: AppCDS archive, C1 only)"
run=("$root/thinkrig")
measure "--version (JVM start + picocli only)" --version
measure "plan deepseek-r1-distill-qwen-32b --hardware dgx-spark" plan deepseek-r1-distill-qwen-32b --hardware dgx-spark
measure "plan deepseek-r1-distill-qwen-32b --hardware 2x-rtx-4090" plan deepseek-r1-distill-qwen-32b --hardware 2x-rtx-4090
measure "plan --hardware cpu-only (whole-catalog recommendation)" plan --hardware cpu-only
measure "plan (recommendation for this machine, detected)" plan
echo "-- bare java -jar (no archive, default JIT)"
run=(java -jar "$jar")
measure "--version (JVM start + picocli only)" --version
measure "plan deepseek-r1-distill-qwen-32b --hardware dgx-spark" plan deepseek-r1-distill-qwen-32b --hardware dgx-spark
measure "plan (recommendation for this machine, detected)" plan
