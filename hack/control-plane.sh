#!/usr/bin/env bash
# A real Kubernetes control plane (etcd, kube-apiserver, kube-scheduler,
# kube-controller-manager) on 127.0.0.1 for integration tests and the local demo.
#
#   hack/control-plane.sh install   apt packages + build the binaries once (cached)
#   hack/control-plane.sh up        start everything; writes $PLANE_DIR/kubeconfig
#   hack/control-plane.sh down      stop what `up` started, by PID
#   hack/control-plane.sh status    exit 0 when the API server answers
#
# The binaries come from Debian's `kubernetes` source package (1.20.2), built in
# GOPATH mode with Debian's Go 1.19; they are cached under $BURSTLET_CACHE. Pods get the
# projected kube-api-access token volume, as on every cluster since 1.21.
set -euo pipefail

CACHE=${BURSTLET_CACHE:-$HOME/.cache/burstlet}
BIN=$CACHE/k8s-1.20.2/bin
PLANE_DIR=${BURSTLET_PLANE_DIR:-$CACHE/plane}
API_PORT=${BURSTLET_API_PORT:-16443}
ETCD_PORT=${BURSTLET_ETCD_PORT:-12379}
SERVICE_CIDR=10.0.0.0/24
COMPONENTS=(kube-apiserver kube-scheduler kube-controller-manager)

log() { echo "[control-plane] $*" >&2; }

apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
}

ensure_deb_src() {
  if ! grep -rqs 'deb-src' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    cat > /etc/apt/sources.list.d/burstlet-src.sources <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  fi
}

install() {
  if [ -x "$BIN/kube-apiserver" ] && [ -x "$BIN/kube-scheduler" ] \
     && [ -x "$BIN/kube-controller-manager" ] && command -v etcd >/dev/null; then
    log "binaries cached in $BIN"; return 0
  fi
  ensure_deb_src
  apt-get update -q >/dev/null
  apt_install golang-1.19-go golang-github-modern-go-reflect2-dev rsync jq etcd-server openssl dpkg-dev curl
  local src=$CACHE/src
  mkdir -p "$src"
  if ! ls "$src"/kubernetes_*.orig.tar.gz >/dev/null 2>&1; then
    (cd "$src" && apt-get source --download-only -q kubernetes >/dev/null 2>&1)
  fi
  local gopath=$CACHE/gopath
  local tree=$gopath/src/k8s.io/kubernetes
  if [ ! -f "$tree/Makefile" ]; then
    rm -rf "$gopath" && mkdir -p "$gopath/src/k8s.io"
    local tmp=$src/extract
    rm -rf "$tmp" && mkdir -p "$tmp"
    tar xzf "$src"/kubernetes_*.orig.tar.gz -C "$tmp"
    mv "$tmp"/kubernetes-* "$tree"
    # The vendored reflect2 1.0.1 crashes on Go >= 1.18; Debian ships the fixed 1.0.2.
    rm -rf "$tree/vendor/github.com/modern-go/reflect2"
    cp -r /usr/share/gocode/src/github.com/modern-go/reflect2 "$tree/vendor/github.com/modern-go/reflect2"
  fi
  export PATH=/usr/lib/go-1.19/bin:$PATH GOPATH=$gopath GO111MODULE=off GOPROXY=off GOFLAGS=
  export GOCACHE=$CACHE/gocache
  cd "$tree"
  if [ ! -f pkg/generated/openapi/zz_generated.openapi.go ]; then
    log "generating openapi (make gen_openapi)"
    make gen_openapi >"$CACHE/gen_openapi.log" 2>&1 || { tail -30 "$CACHE/gen_openapi.log"; exit 1; }
  fi
  mkdir -p "$BIN"
  for c in "${COMPONENTS[@]}"; do
    log "building $c"
    local v=k8s.io/kubernetes/vendor/k8s.io
    go build -o "$BIN/$c" -ldflags "-s -w \
      -X $v/component-base/version.gitVersion=v1.20.2 -X $v/component-base/version.gitMajor=1 \
      -X $v/component-base/version.gitMinor=20 -X $v/component-base/version.gitTreeState=clean \
      -X $v/client-go/pkg/version.gitVersion=v1.20.2" "./cmd/$c"
  done
  log "binaries in $BIN"
}

# --- certificates -----------------------------------------------------------

cert() { # name CN O [SANs]
  local name=$1 cn=$2 org=$3 san=${4:-}
  local d=$PLANE_DIR/pki
  openssl genrsa -out "$d/$name.key" 2048 2>/dev/null
  local subj="/CN=$cn"; [ -n "$org" ] && subj="/O=$org/CN=$cn"
  openssl req -new -key "$d/$name.key" -subj "$subj" -out "$d/$name.csr" 2>/dev/null
  local ext=$d/$name.ext
  if [ -n "$san" ]; then
    printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=%s\n' "$san" > "$ext"
  else
    printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n' > "$ext"
  fi
  openssl x509 -req -in "$d/$name.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial \
    -days 3650 -sha256 -extfile "$ext" -out "$d/$name.crt" 2>/dev/null
  rm -f "$d/$name.csr" "$ext"
}

kubeconfig() { # file user cert key
  local file=$1 user=$2 crt=$3 key=$4
  cat > "$file" <<KC
apiVersion: v1
kind: Config
clusters:
- name: burstlet-local
  cluster:
    server: https://127.0.0.1:$API_PORT
    certificate-authority: $PLANE_DIR/pki/ca.crt
users:
- name: $user
  user:
    client-certificate: $crt
    client-key: $key
contexts:
- name: $user@burstlet-local
  context: {cluster: burstlet-local, user: $user}
current-context: $user@burstlet-local
KC
}

make_pki() {
  local d=$PLANE_DIR/pki
  [ -f "$d/ca.crt" ] && return 0
  mkdir -p "$d"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$d/ca.key" -out "$d/ca.crt" -days 3650 \
    -subj "/CN=burstlet-local-ca" 2>/dev/null
  cert apiserver kube-apiserver "" \
    "IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
  cert admin admin system:masters
  cert scheduler system:kube-scheduler ""
  cert controller-manager system:kube-controller-manager ""
  cert apiserver-kubelet-client kube-apiserver-kubelet-client system:masters
  openssl genrsa -out "$d/sa.key" 2048 2>/dev/null
  openssl rsa -in "$d/sa.key" -pubout -out "$d/sa.pub" 2>/dev/null
}

# --- processes --------------------------------------------------------------

start() { # name cmd...
  local name=$1; shift
  "$@" >"$PLANE_DIR/logs/$name.log" 2>&1 &
  echo $! > "$PLANE_DIR/pids/$name.pid"
}

alive() { [ -f "$PLANE_DIR/pids/$1.pid" ] && kill -0 "$(cat "$PLANE_DIR/pids/$1.pid")" 2>/dev/null; }

status() {
  [ -f "$PLANE_DIR/kubeconfig" ] || return 1
  api_get /readyz >/dev/null 2>&1
}

api_get() { # path
  curl -fsS --max-time 2 --cacert "$PLANE_DIR/pki/ca.crt" --cert "$PLANE_DIR/pki/admin.crt" \
    --key "$PLANE_DIR/pki/admin.key" "https://127.0.0.1:$API_PORT$1"
}

wait_for_api() {
  for _ in $(seq 1 120); do
    # RBAC bootstrap roles are in place once /readyz passes its post-start hooks.
    status && return 0
    for c in etcd kube-apiserver; do
      alive "$c" || { log "$c exited:"; tail -20 "$PLANE_DIR/logs/$c.log" >&2; exit 1; }
    done
    sleep 0.5
  done
  log "API server did not become ready"; tail -20 "$PLANE_DIR/logs/kube-apiserver.log" >&2; exit 1
}

up() {
  install
  if alive kube-apiserver && status; then
    log "already running; kubeconfig: $PLANE_DIR/kubeconfig"; return 0
  fi
  down >/dev/null 2>&1 || true
  mkdir -p "$PLANE_DIR"/{logs,pids,etcd}
  make_pki
  local p=$PLANE_DIR/pki
  kubeconfig "$PLANE_DIR/kubeconfig" admin "$p/admin.crt" "$p/admin.key"
  kubeconfig "$PLANE_DIR/scheduler.kubeconfig" system:kube-scheduler "$p/scheduler.crt" "$p/scheduler.key"
  kubeconfig "$PLANE_DIR/controller-manager.kubeconfig" system:kube-controller-manager \
    "$p/controller-manager.crt" "$p/controller-manager.key"

  start etcd etcd --name burstlet --data-dir "$PLANE_DIR/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$((ETCD_PORT + 1))" \
    --initial-advertise-peer-urls "http://127.0.0.1:$((ETCD_PORT + 1))" \
    --initial-cluster "burstlet=http://127.0.0.1:$((ETCD_PORT + 1))" \
    --quota-backend-bytes 1073741824 --log-level warn
  start kube-apiserver "$BIN/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:$ETCD_PORT" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$API_PORT" --insecure-port 0 \
    --tls-cert-file "$p/apiserver.crt" --tls-private-key-file "$p/apiserver.key" \
    --client-ca-file "$p/ca.crt" \
    --authorization-mode Node,RBAC --enable-admission-plugins NodeRestriction \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$p/sa.pub" --service-account-signing-key-file "$p/sa.key" \
    --api-audiences https://kubernetes.default.svc.cluster.local \
    --service-cluster-ip-range "$SERVICE_CIDR" --allow-privileged=true \
    --kubelet-client-certificate "$p/apiserver-kubelet-client.crt" \
    --kubelet-client-key "$p/apiserver-kubelet-client.key" \
    --endpoint-reconciler-type none \
    --feature-gates BoundServiceAccountTokenVolume=true --v 1
  wait_for_api
  start kube-controller-manager "$BIN/kube-controller-manager" \
    --kubeconfig "$PLANE_DIR/controller-manager.kubeconfig" \
    --authentication-kubeconfig "$PLANE_DIR/controller-manager.kubeconfig" \
    --authorization-kubeconfig "$PLANE_DIR/controller-manager.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port 20257 --port 0 --leader-elect=false \
    --service-account-private-key-file "$p/sa.key" --root-ca-file "$p/ca.crt" \
    --cluster-signing-cert-file "$p/ca.crt" --cluster-signing-key-file "$p/ca.key" \
    --use-service-account-credentials=true --allocate-node-cidrs=false \
    --node-monitor-period 2s --node-monitor-grace-period "${BURSTLET_NODE_GRACE:-20s}" \
    --controllers '*,-nodeipam,-route,-service' \
    --feature-gates BoundServiceAccountTokenVolume=true --v 1
  start kube-scheduler "$BIN/kube-scheduler" \
    --kubeconfig "$PLANE_DIR/scheduler.kubeconfig" \
    --authentication-kubeconfig "$PLANE_DIR/scheduler.kubeconfig" \
    --authorization-kubeconfig "$PLANE_DIR/scheduler.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port 20259 --port 0 --leader-elect=false --v 1

  # The controllers need the RBAC roles the API server bootstraps, and tests need the default
  # ServiceAccount, so "up" returns only when both exist.
  for _ in $(seq 1 120); do
    if api_get /api/v1/namespaces/default/serviceaccounts/default >/dev/null 2>&1; then
      log "ready; export KUBECONFIG=$PLANE_DIR/kubeconfig"; return 0
    fi
    for c in kube-controller-manager kube-scheduler; do
      alive "$c" || { log "$c exited:"; tail -20 "$PLANE_DIR/logs/$c.log" >&2; exit 1; }
    done
    sleep 0.5
  done
  log "controllers did not become ready"; tail -20 "$PLANE_DIR/logs/kube-controller-manager.log" >&2; exit 1
}

down() {
  local c
  for c in kube-scheduler kube-controller-manager kube-apiserver etcd; do
    if alive "$c"; then
      kill "$(cat "$PLANE_DIR/pids/$c.pid")" 2>/dev/null || true
      for _ in $(seq 1 50); do alive "$c" || break; sleep 0.1; done
      alive "$c" && kill -9 "$(cat "$PLANE_DIR/pids/$c.pid")" 2>/dev/null || true
    fi
    rm -f "$PLANE_DIR/pids/$c.pid"
  done
  # Each `up` starts from an empty cluster so tests see no leftovers.
  rm -rf "$PLANE_DIR/etcd"
  log "stopped"
}

case "${1:-}" in
  install) install ;;
  up) up ;;
  down) down ;;
  status) status && echo "running: $PLANE_DIR/kubeconfig" ;;
  *) echo "usage: $0 install|up|down|status" >&2; exit 2 ;;
esac
