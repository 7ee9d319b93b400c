#!/usr/bin/env bash
# Benchmark: the planning work of thinkrig in one JVM (no start-up): every catalog model planned on every hardware
# preset (total and per plan), then the no-argument `plan` ranking (Recommendation.rank) of synthetic catalogs of 100,
# 1,000 and 10,000 models (real shapes with scaled layer counts) against one machine, to show how it grows.
# Not a test: it reports numbers. Usage: bench/plan-catalog.sh [machine]   (default 2x-rtx-4090; docs/benchmarks.md)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# one reactor build (-am) so the other modules resolve without being installed; cli writes the file last
mvn -q -B -ntp -pl cli -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$root/cli/target/bench.cp" -Dmdep.includeScope=test
# this checkout's modules first: they win over any thinkrig jars the local Maven repository holds
modules="$root/cli/target/test-classes:$root/cli/target/classes:$root/deploy/target/classes:$root/templates/target/classes"
modules="$modules:$root/profiles/target/classes:$root/sizing/target/classes"
echo "thinkrig planning benchmark on $(nproc) cores, $(java -version 2>&1 | head -1)"
java -cp "$modules:$(cat "$root/cli/target/bench.cp")" \
  dev.thinkrig.cli.bench.PlanCatalogBenchmark "${1:-2x-rtx-4090}"
