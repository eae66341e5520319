#!/usr/bin/env bash
# Stops what hack/local-up.sh started: the example workload, the agent and the control plane.
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE=${BURSTLET_CACHE:-$HOME/.cache/burstlet}
STATE=$CACHE/local
if bash hack/control-plane.sh status >/dev/null 2>&1; then
  kubectl --kubeconfig "$CACHE/plane/kubeconfig" delete -f examples/burst-deployment.yaml \
    --ignore-not-found --wait=false >/dev/null 2>&1 || true
fi
if [ -f "$STATE/agent.pid" ]; then
  pid=$(cat "$STATE/agent.pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$STATE/agent.pid"
fi
bash hack/control-plane.sh down
