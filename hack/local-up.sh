#!/usr/bin/env bash
# Try Burstlet on one machine, no cloud account: a real control plane, the agent with its
# built-in ACI and ECI emulators (one ACI zone, two ECI zones), and a bursting Deployment.
#   hack/local-up.sh      start (or reuse) everything, wait for the pods, show them
#   hack/local-down.sh    stop it all
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
CACHE=${BURSTLET_CACHE:-$HOME/.cache/burstlet}
STATE=$CACHE/local
mkdir -p "$STATE"
log() { echo "[local-up] $*" >&2; }

if ! command -v kubectl >/dev/null; then
  log "installing kubectl (Debian kubernetes-client)"
  apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q kubernetes-client >/dev/null
fi

if [ ! -f target/burstlet.jar ] || [ -n "$(find src pom.xml provider -newer target/burstlet.jar -print -quit)" ]; then
  log "building target/burstlet.jar"
  mvn -B -q -ntp -DskipTests package
fi

bash hack/control-plane.sh up
export KUBECONFIG=$CACHE/plane/kubeconfig

cat > "$STATE/config.yaml" <<CONFIG
clusterName: local
nodeNamePrefix: burstlet
nodeAddress: 127.0.0.1
kubeletPort: 10250
metricsPort: 10255
dns: {clusterDnsIp: 10.0.0.10}
providers:
  - name: aci
    type: aci
    region: japaneast
    subscriptionId: 00000000-0000-0000-0000-000000000000
    resourceGroup: burst-rg
    endpoint: embedded
    zones:
      - {zone: "1", subnetId: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/aci}
  - name: eci
    type: eci
    region: ap-northeast-1
    securityGroupId: sg-demo
    endpoint: embedded
    zones:
      - {zone: ap-northeast-1a, vSwitchId: vsw-first}
      - {zone: ap-northeast-1b, vSwitchId: vsw-second}
CONFIG

if [ -f "$STATE/agent.pid" ] && kill -0 "$(cat "$STATE/agent.pid")" 2>/dev/null; then
  log "agent already running (pid $(cat "$STATE/agent.pid"))"
else
  log "starting the agent; log in $STATE/agent.log"
  # The demo runs its own copy of the jar, so a later build or test run may rewrite target/.
  cp "$ROOT/target/burstlet.jar" "$STATE/burstlet.jar"
  nohup java -jar "$STATE/burstlet.jar" run --config "$STATE/config.yaml" \
    --kubeconfig "$KUBECONFIG" >"$STATE/agent.log" 2>&1 &
  echo $! > "$STATE/agent.pid"
fi

log "waiting for three Ready virtual nodes"
for _ in $(seq 1 60); do
  ready=$(kubectl get nodes -l type=virtual-kubelet \
    -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' 2>/dev/null | grep -c True || true)
  [ "$ready" -ge 3 ] && break
  kill -0 "$(cat "$STATE/agent.pid")" 2>/dev/null || { log "the agent exited:"; tail -20 "$STATE/agent.log" >&2; exit 1; }
  sleep 1
done

kubectl apply -f examples/burst-deployment.yaml >/dev/null
log "waiting for the example pods to run"
kubectl rollout status deployment/burst-demo --timeout=180s >/dev/null

echo
kubectl get nodes -o wide
echo
kubectl get pods -o wide
