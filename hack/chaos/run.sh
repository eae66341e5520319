#!/usr/bin/env bash
# Fault suite: the agent as its own process, both clouds' emulators in the harness (they outlive
# the agent), the real control plane. Prints the Markdown tables reported in RELIABILITY.md.
#   hack/chaos/run.sh burst [PODS] [SEED...]        (defaults: 500 pods, seeds 1 2 3)
#   hack/chaos/run.sh outage [PODS] [MINUTES]       (defaults: 100 pods, 10 minutes)
#   hack/chaos/run.sh slow [PODS] [SECONDS] [MINUTES] (defaults: 100 pods, 120 s, 5 minutes)
set -euo pipefail
cd "$(dirname "$0")/../.."
scenario=${1:-burst}
shift || true
case "$scenario" in
  burst) args=("${1:-500}"); shift || true; if (($# == 0)); then set -- 1 2 3; fi; args+=("$@") ;;
  outage) args=("${1:-100}" "${2:-10}") ;;
  slow) args=("${1:-100}" "${2:-120}" "${3:-5}") ;;
  *) echo "usage: $0 burst|outage|slow [...]" >&2; exit 2 ;;
esac
bash hack/control-plane.sh up >/dev/null
mvn -B -q -ntp -DskipTests package
cpfile=$(mktemp)
trap 'rm -f "$cpfile"' EXIT
mvn -B -q -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile"
cp=$(cat "$cpfile")
java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dburstlet.jar=target/burstlet.jar \
  -Dburstlet.kubeconfig="${BURSTLET_CACHE:-$HOME/.cache/burstlet}/plane/kubeconfig" \
  -cp "target/test-classes:target/classes:$cp" io.burstlet.bench.ChaosRun "$scenario" "${args[@]}"
