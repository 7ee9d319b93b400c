#!/usr/bin/env bash
# Benchmark: wall time of `thinkrig plan` as a user runs it (JVM start included), for one model on a preset and for
# the no-argument recommendation over the whole catalog. Not a test: it reports numbers, it does not pass or fail.
# Usage: bench/plan-wall-time.sh [runs]     (docs/benchmarks.md quotes its output)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-10}"
jar="$root/cli/target/thinkrig.jar"
[[ -f "$jar" ]] || (cd "$root" && mvn -q -B -DskipTests -pl cli -am package)

measure() {
  local label="$1"; shift
  local times=()
  java -jar "$jar" "$@" >/dev/null || true   # warm the page cache once
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s%N)
    java -jar "$jar" "$@" >/dev/null || true
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  IFS=$'\n' sorted=($(sort -n <<<"${times[*]}")); unset IFS
  local n=${#sorted[@]}
  printf '%-58s min %5d ms   median %5d ms   max %5d ms   (%d runs)\n' \
    "$label" "${sorted[0]}" "${sorted[$((n / 2))]}" "${sorted[$((n - 1))]}" "$n"
}

echo "thinkrig plan wall time on $(nproc) cores, $(java -version 2>&1 | head -1)"
measure "--version (JVM start + picocli only)" --version
measure "plan deepseek-r1-distill-qwen-32b --hardware dgx-spark" plan deepseek-r1-distill-qwen-32b --hardware dgx-spark
measure "plan deepseek-r1-distill-qwen-32b --hardware 2x-rtx-4090" plan deepseek-r1-distill-qwen-32b --hardware 2x-rtx-4090
measure "plan --hardware cpu-only (whole-catalog recommendation)" plan --hardware cpu-only
measure "plan (recommendation for this machine, detected)" plan
