#!/usr/bin/env bash
# Benchmark: burst N pods (default 100) to the embedded ACI emulator through the real control
# plane and print the figures reported in BENCHMARKS.md.
#   hack/bench/run.sh [PODS] [STATUS_SYNC_INTERVAL] [CLOUD_READS_PER_MINUTE]   (defaults 100 5s 600)
set -euo pipefail
cd "$(dirname "$0")/../.."
pods=${1:-100}
interval=${2:-5s}
reads=${3:-600}
bash hack/control-plane.sh up >/dev/null
mvn -B -q -ntp -DskipTests test-compile
cpfile=$(mktemp)
trap 'rm -f "$cpfile"' EXIT
mvn -B -q -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile"
cp=$(cat "$cpfile")
java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dburstlet.kubeconfig="${BURSTLET_CACHE:-$HOME/.cache/burstlet}/plane/kubeconfig" \
  -cp "target/test-classes:target/classes:$cp" io.burstlet.bench.BurstBenchmark "$pods" "$interval" "$reads"
