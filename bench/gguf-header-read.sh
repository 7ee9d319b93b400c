#!/usr/bin/env bash
# Benchmark: how long thinkrig takes to read the header of a multi-gigabyte GGUF file. It writes the real header of
# R1-Distill-Llama-70B Q8_0 and R1-Distill-Qwen-32B Q4_K_M (every tensor info and the whole vocabulary) and extends each
# file to its full size with RandomAccessFile.setLength (a sparse file: no data is written or read), then times
# GgufModelReader.read. Not a test: it reports numbers. Usage: bench/gguf-header-read.sh [runs]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-20}"
cd "$root"
# one reactor build (-am) so the sizing module resolves without being installed; profiles writes the file last
mvn -q -B -ntp -pl profiles -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$root/profiles/target/bench.cp" -Dmdep.includeScope=test
cp="$root/profiles/target/test-classes:$root/profiles/target/classes:$root/sizing/target/classes"
echo "GGUF header read on $(nproc) cores, $(java -version 2>&1 | head -1)"
java -cp "$cp:$(cat "$root/profiles/target/bench.cp")" dev.thinkrig.profiles.bench.GgufHeaderReadBenchmark "$runs"
