#!/usr/bin/env bash
# The project's test command: unit tests, then integration tests against a real control plane
# (built once from Debian's Kubernetes source and cached; see hack/control-plane.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

started_plane=
cleanup() {
  if [ -n "$started_plane" ]; then bash hack/control-plane.sh down || true; fi
}
trap cleanup EXIT

if ! bash hack/control-plane.sh status >/dev/null 2>&1; then
  bash hack/control-plane.sh up
  started_plane=1
fi

plane_dir=${BURSTLET_PLANE_DIR:-${BURSTLET_CACHE:-$HOME/.cache/burstlet}/plane}
mvn -B -ntp verify -Dburstlet.kubeconfig="$plane_dir/kubeconfig" "$@"
