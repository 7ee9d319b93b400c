#!/usr/bin/env bash
# Benchmark: thinkrig's own overhead in `thinkrig deploy`, against the STAND-IN engine's image (built locally from the
# deploy module's test classes; no registry needed) deployed as Ollama with --image, N times:
#   - ready -> first request: from the engine answering its readiness endpoint (and, for Ollama, the model pull
#     ending) to the smoke test's first request; deploy prints it ("thinkrig's overhead before the first request")
#   - deploy adds: deploy's wall time (JVM start included, as a user runs it) minus the engine's own start, read from
#     Docker: the container's State.StartedAt to the timestamp of the engine's "Listening on" log line. What remains
#     is planning, Docker calls, the readiness poll's granularity, the model pull, the smoke test and the table.
#   - deploy --dry-run's wall time: the part of "deploy adds" that is JVM start, catalog and plan, no Docker
#   - seen late: how long after the engine listened deploy noticed (deploy's "Engine ready after" minus the engine's
#     own start; includes creating the container)
# Needs a Docker engine. Not a test: it reports numbers, it does not pass or fail.
# Usage: bench/deploy-overhead.sh [runs] [catalog model]     (docs/benchmarks.md quotes its output)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-5}"
model="${2:-deepseek-r1-distill-qwen-7b}"
image="thinkrig-standin:bench"
start_seconds=2

docker info >/dev/null 2>&1 || { echo "deploy-overhead: no Docker engine answers (docker info); nothing measured" >&2; exit 1; }
"$root/thinkrig" --version >/dev/null   # builds the jar and the launcher's archive if needed
if [[ ! -f "$root/deploy/target/test-classes/dev/thinkrig/deploy/StandInImage.class" ]]; then
  (cd "$root" && mvn -q -B -DskipTests -pl deploy -am test-compile) >&2
fi
java -cp "$root/deploy/target/test-classes" dev.thinkrig.deploy.StandInImage "$image" ollama "$start_seconds" >/dev/null

name="$("$root/thinkrig" deploy "$model" --hardware cpu-only --engine ollama --dry-run | sed -n 's/.*-> deployment //p')"
cleanup() { "$root/thinkrig" down "$name" --volumes >/dev/null 2>&1 || true; }
# at the end: the deployment and the image, so the benchmark leaves nothing behind (it rebuilds the image each time)
trap 'cleanup; docker rmi "$image" >/dev/null 2>&1 || true' EXIT
cleanup

overheads=()
adds=()
dry=()
echo "thinkrig deploy overhead on $(nproc) cores, $(java -version 2>&1 | head -1), Docker $(docker version -f '{{.Server.Version}}')"
echo "stand-in image $image as Ollama (its own start: ${start_seconds} s of log lines before it listens), model $model, deployment $name"
for i in $(seq "$runs"); do
  port=$((20000 + RANDOM % 20000))
  start=$(date +%s%N)
  out="$("$root/thinkrig" deploy "$model" --hardware cpu-only --engine ollama --image "$image" --port "$port" --no-progress)"
  end=$(date +%s%N)
  wall=$(( (end - start) / 1000000 ))
  line="$(grep "^Engine ready after" <<<"$out")"
  seen_ms=$(sed -E 's/^Engine ready after ([0-9]+)\.([0-9]) s.*/\1\200/' <<<"$line")
  overhead=$(sed -E "s/.*before the first request: ([0-9.]+) ms.*/\1/" <<<"$line")
  container="$(docker ps -q --filter "label=dev.thinkrig.deployment=$name")"
  started=$(date -d "$(docker inspect -f '{{.State.StartedAt}}' "$container")" +%s%N)
  listening=$(date -d "$(docker logs -t "$container" 2>&1 | grep -m1 'Listening on' | cut -d' ' -f1)" +%s%N)
  own_ms=$(( (listening - started) / 1000000 ))
  adds+=($((wall - own_ms)))
  overheads+=("$overhead")
  printf 'run %d: deploy wall %5d ms, engine own start %5d ms, deploy adds %5d ms (seen ready %4d ms late), ready -> first request %s ms\n' \
    "$i" "$wall" "$own_ms" "$((wall - own_ms))" "$((seen_ms - own_ms))" "$overhead"
  "$root/thinkrig" down "$name" >/dev/null
  start=$(date +%s%N)
  "$root/thinkrig" deploy "$model" --hardware cpu-only --engine ollama --image "$image" --dry-run >/dev/null
  end=$(date +%s%N)
  dry+=($(( (end - start) / 1000000 )))
done

summary() {
  local label="$1"; shift
  IFS=$'\n' sorted=($(printf '%s\n' "$@" | sort -g)); unset IFS
  local n=${#sorted[@]}
  printf '%-40s min %8s ms   median %8s ms   max %8s ms   (%d runs)\n' \
    "$label" "${sorted[0]}" "${sorted[$((n / 2))]}" "${sorted[$((n - 1))]}" "$n"
}
summary "ready -> smoke test's first request" "${overheads[@]}"
summary "deploy wall - engine's own start" "${adds[@]}"
summary "  of which deploy --dry-run (JVM, plan)" "${dry[@]}"
