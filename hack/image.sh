#!/usr/bin/env bash
# The agent's container image, built without a Docker daemon and without a base image:
# a Java 17 runtime jlink'ed from the build JDK, the shared libraries it needs (found with ldd)
# copied from this machine's Debian packages, /etc/passwd and /etc/group with the non-root user
# burstlet (65532:65532), a writable /tmp and target/burstlet.jar. There is no shell.
#
#   hack/image.sh [--out FILE] [--tag REPO:TAG]
#
#   --out FILE     where to write the image (default target/burstlet-image.tar)
#   --tag REPO:TAG the name it loads as (default ghcr.io/burstlet/burstlet:<project version>)
#
# The file is an OCI image layout (oci-layout, index.json, blobs/sha256/...) that also carries
# a docker-archive manifest.json over the same blobs, so each of these takes it:
#   docker load -i target/burstlet-image.tar
#   podman load -i target/burstlet-image.tar
#   skopeo copy oci-archive:target/burstlet-image.tar docker://REPO:TAG
#   skopeo copy docker-archive:target/burstlet-image.tar docker://REPO:TAG
# The image digest (of the OCI manifest, as a registry reports it) is the last line on stdout.
#
# Reproducible: the same jar, JDK and Debian packages give the same bytes and digest. Every
# timestamp is SOURCE_DATE_EPOCH, or else the time of the last git commit; owners are numeric,
# files are sorted, gzip stores no name or time. Two layers: the runtime (Java, libraries, /etc,
# /tmp) and the agent jar, so a new agent on the same JDK only changes the second.
#
# Environment: BURSTLET_IMAGE_SOURCE (org.opencontainers.image.source, default the GitHub
# project of the default tag), BURSTLET_IMAGE_LICENSES (SPDX expression; without it the label is
# left out). The jar is built (mvn package) only when target/burstlet.jar is missing.
set -euo pipefail

# The Java modules the agent needs. `jdeps --print-module-deps` on the shaded jar reports these
# plus java.desktop, which only optional code reaches (JNA's window helpers, dom4j's Swing
# models, snakeyaml's JavaBean introspection, msal4j's interactive browser login): the agent
# loads YAML into maps and never opens a window. Beyond jdeps: jdk.crypto.ec (SunEC: ECDHE and
# ECDSA for TLS to the clouds) and jdk.naming.dns (DNS lookups through JNDI, used by gRPC).
# The build checks that jdeps finds nothing else, so a new dependency cannot go missing unseen.
MODULES=java.base,java.management,java.naming,java.net.http,java.sql,jdk.crypto.ec,jdk.httpserver,jdk.jfr,jdk.management,jdk.naming.dns,jdk.unsupported
UNNEEDED_MODULES=java.desktop

USER_ID=65532
USER_NAME=burstlet
HOME_DIR=/home/$USER_NAME
JAVA_DIR=/opt/java
APP_DIR=/opt/burstlet

OUT=
TAG=

log() { echo "[image] $*" >&2; }
die() { log "$*"; exit 1; }

usage() { sed -n '2,/^set -euo/{/^#/s/^# \{0,1\}//p}' "$0" >&2; exit "${1:-2}"; }

while [ $# -gt 0 ]; do
  case "$1" in
    --out) [ $# -ge 2 ] || usage; OUT=$2; shift 2 ;;
    --out=*) OUT=${1#--out=}; shift ;;
    --tag) [ $# -ge 2 ] || usage; TAG=$2; shift 2 ;;
    --tag=*) TAG=${1#--tag=}; shift ;;
    -h|--help) usage 0 ;;
    *) log "unknown argument '$1'"; usage ;;
  esac
done
[ -z "$OUT" ] || OUT=$(realpath -m "$OUT")
check_tag() { case "${1##*/}" in *:?*) ;; *) die "--tag must be REPO:TAG, got '$1'" ;; esac; }
[ -z "$TAG" ] || check_tag "$TAG"
cd "$(dirname "$0")/.."
OUT=${OUT:-$PWD/target/burstlet-image.tar}

apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || die "missing Debian packages ${missing[*]}; install them as root"
  log "installing ${missing[*]}"
  timeout 600 apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
}

# --- inputs ---------------------------------------------------------------------------------

command -v dpkg >/dev/null || die "needs a Debian machine (dpkg): the image's libraries are Debian's"
# objcopy (binutils) is what jlink --strip-debug runs on the native libraries.
apt_install jq binutils tar gzip coreutils libc-bin
command -v jlink >/dev/null || [ -x "${JAVA_HOME:-/nonexistent}/bin/jlink" ] || apt_install openjdk-17-jdk-headless

JDK=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v jlink)")")")}
[ -x "$JDK/bin/jlink" ] && [ -f "$JDK/jmods/java.base.jmod" ] \
  || die "$JDK is not a JDK with jmods (set JAVA_HOME to a Java 17 JDK)"
JDK_VERSION=$(sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$JDK/release")
case "$JDK_VERSION" in 17|17.*) ;; *) die "$JDK is Java $JDK_VERSION; the image runs Java 17" ;; esac

JAR=target/burstlet.jar
if [ ! -f "$JAR" ]; then
  log "building $JAR"
  timeout 1800 mvn -B -q -ntp -DskipTests package
fi
VERSION=$(timeout 60 "$JDK/bin/java" -jar "$JAR" version | sed -n 's/^burstlet //p')
[ -n "$VERSION" ] || die "$JAR did not print its version"
TAG=${TAG:-ghcr.io/burstlet/burstlet:$VERSION}
check_tag "$TAG"

if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
  SOURCE_DATE_EPOCH=$(git log -1 --format=%ct 2>/dev/null) \
    || die "not in a git checkout: set SOURCE_DATE_EPOCH"
fi
[[ "$SOURCE_DATE_EPOCH" =~ ^[0-9]+$ ]] || die "SOURCE_DATE_EPOCH must be seconds since 1970"
CREATED=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ)
REVISION=$(git rev-parse HEAD 2>/dev/null || true)
SOURCE=${BURSTLET_IMAGE_SOURCE:-https://github.com/burstlet/burstlet}
LICENSES=${BURSTLET_IMAGE_LICENSES:-}

case "$(dpkg --print-architecture)" in
  amd64) ARCH=amd64 VARIANT= ;;
  arm64) ARCH=arm64 VARIANT=v8 ;;
  *) die "unsupported architecture $(dpkg --print-architecture)" ;;
esac

WORK=$(mktemp -d "${TMPDIR:-/tmp}/burstlet-image.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# --- modules --------------------------------------------------------------------------------

# jdeps reads the whole shaded jar (half a minute), so its answer is kept per jar digest.
check_modules() {
  local sum cache found m extra=()
  sum=$(sha256sum "$JAR" | cut -d' ' -f1)
  cache=target/image-jdeps/$sum
  if [ ! -f "$cache" ]; then
    log "checking the module list with jdeps"
    found=$(timeout 600 "$JDK/bin/jdeps" --multi-release 17 --ignore-missing-deps \
      --print-module-deps "$JAR") || die "jdeps failed on $JAR"
    rm -rf target/image-jdeps && mkdir -p target/image-jdeps
    echo "$found" > "$cache"
  fi
  for m in $(tr ',' ' ' < "$cache"); do
    case ",$MODULES,$UNNEEDED_MODULES," in *",$m,"*) ;; *) extra+=("$m") ;; esac
  done
  [ ${#extra[@]} -eq 0 ] \
    || die "jdeps finds modules the image leaves out: ${extra[*]}; add them to MODULES in $0"
}
check_modules

# --- the runtime layer ----------------------------------------------------------------------

FS=$WORK/runtime
RT=$FS$JAVA_DIR
mkdir -p "$FS/opt"
log "jlink: $MODULES"
timeout 600 "$JDK/bin/jlink" --module-path "$JDK/jmods" --add-modules "$MODULES" \
  --strip-debug --no-header-files --no-man-pages --output "$RT"

# Debian's JDK links lib/security/cacerts to /etc/ssl/certs/java, which the image does not have;
# jlink takes the JDK's own trust store from the java.base jmod instead. Make sure it is there.
cacerts=$RT/lib/security/cacerts
[ -f "$cacerts" ] && [ ! -L "$cacerts" ] || die "the runtime has no cacerts file"
roots=$("$JDK/bin/keytool" -list -keystore "$cacerts" -storepass changeit 2>/dev/null | grep -c trustedCertEntry || true)
[ "$roots" -ge 50 ] || die "the runtime's cacerts holds $roots certificates"

# Shared libraries: every ELF file of the runtime, resolved by the machine's loader. Each lands
# at its canonical path (/lib -> usr/lib on merged-/usr Debian); the top-level links follow.
declare -A LIBS=() TOPLINKS=()
while IFS= read -r f; do
  [ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = '177ELF' ] || continue
  out=$(LD_LIBRARY_PATH="$RT/lib:$RT/lib/server" ldd "$f" 2>&1) || continue # static: no deps
  if grep -q 'not found' <<<"$out"; then die "ldd $f: $(grep 'not found' <<<"$out")"; fi
  while read -r p; do
    case "$p" in "$RT"/*) ;; /*) LIBS[$p]=1 ;; esac
  done < <(sed -n -e 's/.*=> \(\/[^ ]*\) (0x.*/\1/p' -e 's/^[[:space:]]*\(\/[^ ]*\) (0x.*/\1/p' <<<"$out")
done < <(find "$RT" -type f \( -name '*.so' -o -perm -u+x \) | LC_ALL=C sort)
[ ${#LIBS[@]} -gt 0 ] || die "ldd found no libraries"
for p in $(printf '%s\n' "${!LIBS[@]}" | LC_ALL=C sort); do
  dir=$(readlink -f "$(dirname "$p")")
  mkdir -p "$FS$dir"
  cp -L "$p" "$FS$dir/$(basename "$p")"
  top=${p#/}; top=${top%%/*}
  [ -L "/$top" ] && TOPLINKS[$top]=$(readlink "/$top")
done
for top in "${!TOPLINKS[@]}"; do ln -s "${TOPLINKS[$top]}" "$FS/$top"; done
log "libraries: $(printf '%s\n' "${!LIBS[@]}" | xargs -n1 basename | LC_ALL=C sort | tr '\n' ' ')"

# UTF-8 for file names and output: glibc's C.UTF-8 locale.
LANG_ENV=()
if [ -d /usr/lib/locale/C.utf8 ]; then
  mkdir -p "$FS/usr/lib/locale" && cp -R /usr/lib/locale/C.utf8 "$FS/usr/lib/locale/"
  LANG_ENV=(LANG=C.UTF-8)
fi

# Where everything came from, for people and for image scanners (distroless-style
# /var/lib/dpkg/status.d): the packages of the libraries, the locale and the JDK's jmods.
declare -A PKGS=()
owner_pkg() { dpkg -S "$1" 2>/dev/null | head -1 | cut -d: -f1 || true; }
for p in "${!LIBS[@]}" /usr/lib/locale/C.utf8/LC_CTYPE "$JDK/jmods/java.base.jmod"; do
  [ -e "$p" ] || continue
  pkg=$(owner_pkg "$p"); [ -n "$pkg" ] || pkg=$(owner_pkg "$(readlink -f "$p")")
  if [ -n "$pkg" ]; then PKGS[$pkg]=1; elif [ -n "${LIBS[$p]:-}" ]; then
    die "$p belongs to no Debian package; the image takes libraries only from packages"
  fi
done
mkdir -p "$FS/var/lib/dpkg/status.d"
for pkg in $(printf '%s\n' "${!PKGS[@]}" | LC_ALL=C sort); do
  dpkg-query -W -f='Package: ${Package}\nSource: ${source:Package}\nVersion: ${Version}\nArchitecture: ${Architecture}\nMaintainer: ${Maintainer}\nHomepage: ${Homepage}\nStatus: install ok installed\n' \
    "$pkg" > "$FS/var/lib/dpkg/status.d/$pkg"
  if [ -f "/usr/share/doc/$pkg/copyright" ]; then
    mkdir -p "$FS/usr/share/doc/$pkg" && cp -L "/usr/share/doc/$pkg/copyright" "$FS/usr/share/doc/$pkg/"
  fi
done
log "Debian packages: $(printf '%s\n' "${!PKGS[@]}" | LC_ALL=C sort | tr '\n' ' ')"
if [ -f /usr/lib/os-release ]; then
  mkdir -p "$FS/usr/lib" "$FS/etc"
  cp /usr/lib/os-release "$FS/usr/lib/os-release"
  ln -s ../usr/lib/os-release "$FS/etc/os-release"
fi

mkdir -p "$FS/etc" "$FS/tmp" "$FS/root" "$FS$HOME_DIR"
cat > "$FS/etc/passwd" <<EOF
root:x:0:0:root:/root:/sbin/nologin
$USER_NAME:x:$USER_ID:$USER_ID:$USER_NAME:$HOME_DIR:/sbin/nologin
EOF
cat > "$FS/etc/group" <<EOF
root:x:0:
$USER_NAME:x:$USER_ID:
EOF
cat > "$FS/etc/nsswitch.conf" <<'EOF'
passwd: files
group: files
hosts: files dns
networks: files
protocols: files
services: files
EOF

# --- the application layer ------------------------------------------------------------------

APP=$WORK/app
mkdir -p "$APP$APP_DIR"
cp "$JAR" "$APP$APP_DIR/burstlet.jar"

# --- layers, config, manifests --------------------------------------------------------------

# Modes do not depend on the umask: directories and executables 755, other files 644.
chmod -R u=rwX,go=rX "$FS" "$APP"
chmod 1777 "$FS/tmp"
chmod 700 "$FS/root"

TAR=(tar --format=posix --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime
  --sort=name --mtime="@$SOURCE_DATE_EPOCH" --numeric-owner --no-acls --no-xattrs --no-selinux)
toplevel() { (cd "$1" && ls -A | LC_ALL=C sort); }

BLOBS=$WORK/image/blobs/sha256
mkdir -p "$BLOBS"
LAYER_DIGESTS=() LAYER_SIZES=() DIFF_IDS=()
add_layer() { # uncompressed layer tar
  local diff digest
  diff=$(sha256sum "$1" | cut -d' ' -f1)
  gzip -n -6 < "$1" > "$1.gz"
  digest=$(sha256sum "$1.gz" | cut -d' ' -f1)
  mv "$1.gz" "$BLOBS/$digest"
  rm -f "$1"
  DIFF_IDS+=("sha256:$diff") LAYER_DIGESTS+=("$digest") LAYER_SIZES+=("$(stat -c %s "$BLOBS/$digest")")
}

log "writing layers"
# Everything belongs to root except the user's home, appended as its own entry.
(cd "$FS" && "${TAR[@]}" --owner=0 --group=0 --exclude="${HOME_DIR#/}" \
  -cf "$WORK/runtime.tar" $(toplevel "$FS") \
  && "${TAR[@]}" --owner=$USER_ID --group=$USER_ID --no-recursion -rf "$WORK/runtime.tar" "${HOME_DIR#/}")
add_layer "$WORK/runtime.tar"
(cd "$APP" && "${TAR[@]}" --owner=0 --group=0 -cf "$WORK/app.tar" $(toplevel "$APP"))
add_layer "$WORK/app.tar"

json() { jq -cj "$@"; } # compact, no trailing newline: these bytes are hashed

blob() { # file -> digest; moves it into the blob store
  local d; d=$(sha256sum "$1" | cut -d' ' -f1); mv "$1" "$BLOBS/$d"; echo "$d"
}

json -n \
  --arg created "$CREATED" --arg arch "$ARCH" --arg variant "$VARIANT" \
  --arg user "$USER_ID:$USER_ID" --arg java "$JAVA_DIR/bin/java" --arg jar "$APP_DIR/burstlet.jar" \
  --arg home "$HOME_DIR" --arg javaHome "$JAVA_DIR" --arg lang "${LANG_ENV[*]:-}" \
  --arg version "$VERSION" --arg revision "$REVISION" --arg source "$SOURCE" --arg licenses "$LICENSES" \
  --arg jdk "$JDK_VERSION" --arg modules "$MODULES" \
  --argjson diffIds "$(printf '%s\n' "${DIFF_IDS[@]}" | jq -R . | jq -sc .)" '
  {
    created: $created,
    architecture: $arch,
  } + (if $variant == "" then {} else {variant: $variant} end) + {
    os: "linux",
    config: {
      User: $user,
      Env: (["PATH=\($javaHome)/bin", "JAVA_HOME=\($javaHome)"]
            + (if $lang == "" then [] else [$lang] end)
            + ["JAVA_TOOL_OPTIONS=-XX:MaxRAMPercentage=75"]),
      Entrypoint: [$java, "-jar", $jar],
      Cmd: ["--help"],
      WorkingDir: $home,
      ExposedPorts: {"10250/tcp": {}, "10255/tcp": {}},
      Labels: ({
        "org.opencontainers.image.title": "burstlet",
        "org.opencontainers.image.description": "Virtual-kubelet node agent that bursts Kubernetes pods to Azure Container Instances and Alibaba Cloud ECI",
        "org.opencontainers.image.created": $created,
        "org.opencontainers.image.version": $version,
        "org.opencontainers.image.source": $source
      } + (if $revision == "" then {} else {"org.opencontainers.image.revision": $revision} end)
        + (if $licenses == "" then {} else {"org.opencontainers.image.licenses": $licenses} end))
    },
    rootfs: {type: "layers", diff_ids: $diffIds},
    history: [
      {created: $created, created_by: "hack/image.sh: Java \($jdk) runtime (jlink \($modules)), its shared libraries, /etc, /tmp, \($home)"},
      {created: $created, created_by: "hack/image.sh: \($jar)"}
    ]
  }' > "$WORK/config.json"
CONFIG_SIZE=$(stat -c %s "$WORK/config.json")
CONFIG_DIGEST=$(blob "$WORK/config.json")

layers_json() {
  local i out=()
  for i in "${!LAYER_DIGESTS[@]}"; do
    out+=("$(jq -cn --arg d "sha256:${LAYER_DIGESTS[$i]}" --argjson s "${LAYER_SIZES[$i]}" \
      '{mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: $d, size: $s}')")
  done
  printf '%s\n' "${out[@]}" | jq -sc .
}
json -n --arg cfg "sha256:$CONFIG_DIGEST" --argjson cfgSize "$CONFIG_SIZE" --argjson layers "$(layers_json)" '
  {
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.manifest.v1+json",
    config: {mediaType: "application/vnd.oci.image.config.v1+json", digest: $cfg, size: $cfgSize},
    layers: $layers
  }' > "$WORK/manifest.json"
MANIFEST_SIZE=$(stat -c %s "$WORK/manifest.json")
MANIFEST_DIGEST=$(blob "$WORK/manifest.json")

IMG=$WORK/image
json -n --arg d "sha256:$MANIFEST_DIGEST" --argjson s "$MANIFEST_SIZE" --arg name "$TAG" \
  --arg ref "${TAG##*:}" --arg arch "$ARCH" '
  {
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.index.v1+json",
    manifests: [{
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      digest: $d,
      size: $s,
      platform: {architecture: $arch, os: "linux"},
      annotations: {"io.containerd.image.name": $name, "org.opencontainers.image.ref.name": $ref}
    }]
  }' > "$IMG/index.json"
printf '{"imageLayoutVersion":"1.0.0"}' > "$IMG/oci-layout"
# docker-archive: the same config and layers, addressed by path.
json -n --arg cfg "blobs/sha256/$CONFIG_DIGEST" --arg tag "$TAG" \
  --argjson layers "$(printf 'blobs/sha256/%s\n' "${LAYER_DIGESTS[@]}" | jq -R . | jq -sc .)" \
  '[{Config: $cfg, RepoTags: [$tag], Layers: $layers}]' > "$IMG/manifest.json"

chmod -R u=rwX,go=rX "$IMG"
mkdir -p "$(dirname "$OUT")"
(cd "$IMG" && "${TAR[@]}" --owner=0 --group=0 -cf "$WORK/image.tar" $(toplevel "$IMG"))
mv "$WORK/image.tar" "$OUT"

log "layers: ${LAYER_DIGESTS[0]:0:12} runtime $((LAYER_SIZES[0] / 1048576)) MiB, ${LAYER_DIGESTS[1]:0:12} agent $((LAYER_SIZES[1] / 1048576)) MiB"
log "wrote $OUT ($(($(stat -c %s "$OUT") / 1048576)) MiB): $TAG"
echo "sha256:$MANIFEST_DIGEST"
