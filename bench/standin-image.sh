#!/usr/bin/env bash
# Builds the STAND-IN engine's image (tests and trials only, no registry needed): a 40 MB image built here from the
# deploy module's test classes that answers Ollama's API with a short reasoning trace and the right answer, so
# `thinkrig deploy` can be tried end to end on a machine without a GPU or without Docker Hub (docs/cli.md, "Trying
# deploy without a GPU"). It is not Ollama and runs no model.
# Usage: bench/standin-image.sh [TAG] [START_SECONDS]
#   TAG defaults to thinkrig-standin:latest; deploy it with --image TAG. Tagging it ollama/ollama:<pinned> instead
#   makes a plain `thinkrig deploy` use it, and hides the real image of that tag until you `docker rmi` it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tag="${1:-thinkrig-standin:latest}"
start_seconds="${2:-3}"
docker info >/dev/null 2>&1 || { echo "standin-image: no Docker engine answers (docker info)" >&2; exit 1; }
if [[ ! -f "$root/deploy/target/test-classes/dev/thinkrig/deploy/StandInImage.class" ]]; then
  (cd "$root" && mvn -q -B -ntp -DskipTests -Dspotless.check.skip=true -pl deploy -am test-compile) >&2
fi
java -cp "$root/deploy/target/test-classes" dev.thinkrig.deploy.StandInImage "$tag" ollama "$start_seconds"
