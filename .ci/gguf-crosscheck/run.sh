#!/usr/bin/env bash
# Cross-check: thinkrig's GGUF reader against @huggingface/gguf (pinned in package-lock.json) on the same files.
# Writes test files (a 20 GB sparse R1-Distill-Qwen-32B Q4_K_M header, a sparse gpt-oss-20b MXFP4_MOE header with the
# expert and sliding-window keys, a tiny Qwen3 Q2_K, a v2 file with every ggml
# type and every metadata type) with thinkrig's test writer and what thinkrig reads from each, then compares with
# the JavaScript parser. Needs Node 20 or newer (the package's engines field) and the npm registry for `npm ci`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
# one reactor build (-am): the sizing module resolves from the reactor, not from a local repository that a fresh
# machine lacks (mvn verify installs nothing); each module writes the file, profiles (built last) wins
mvn -q -B -ntp -pl profiles -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$root/profiles/target/crosscheck.cp" -Dmdep.includeScope=test
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
java -cp "$root/profiles/target/test-classes:$root/profiles/target/classes:$root/sizing/target/classes:$(cat "$root/profiles/target/crosscheck.cp")" \
  dev.thinkrig.profiles.bench.GgufCrossCheckFiles "$out"
cd "$here"
npm ci --no-audit --no-fund --loglevel=error
node crosscheck.mjs "$out"
