#!/bin/bash
# Makes the stand-ins that let CI build the unmodified Dockerfile without Vast's or Kasm's downloads:
#   localhost/visomaster-ci/base:<key>   BASE_IMAGE: Debian bookworm (mmdebstrap) with supervisor, curl,
#                                        python3 (venv), Jupyter's nbconvert/ipykernel (the base image ships
#                                        Jupyter), ci/standin/vast-entrypoint.sh as its entrypoint and the
#                                        base image's environment (base_env below; uv itself is missing:
#                                        no Debian or Maven/npm package ships it, see docs/image.md)
#   localhost/visomaster-ci/jdk:<key>    JDK_IMAGE: bookworm with OpenJDK 17, seeded with the Maven artifacts
#                                        the build stage's command needs, resolved from this machine's Maven
#                                        repository (no network in the build stage: MAVEN_ARGS has -o)
#   <out>/kasmvncserver_1.5.0_standin.deb  KASMVNC_DEB_URL: ci/standin/Xvnc and kasmvncpasswd, KasmVNC's
#                                        web root, depending on xvfb and ssl-cert like the real package
# Root file systems are cached in $VISO_CI_CACHE (default /var/cache/visomaster-ci) under a key made of
# their recipe, so a second run imports them in seconds; older keys are removed.
# Usage: make-standins.sh OUT_DIR   (prints BASE_IMAGE=…, JDK_IMAGE=…, KASMVNC_DEB=… lines on stdout)
# Needs: mmdebstrap, podman (configured by the caller), dpkg-deb, python3, a Maven repository in ~/.m2.
# shellcheck disable=SC2016 # the hooks' $1 is mmdebstrap's root directory, expanded by mmdebstrap
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:?usage: make-standins.sh OUT_DIR}
cache=${VISO_CI_CACHE:-/var/cache/visomaster-ci}
mirror=${VISO_CI_DEBIAN_MIRROR:-http://deb.debian.org/debian}
host_repo=${VISO_CI_MAVEN_REPO:-$HOME/.m2/repository}
mkdir -p "$out" "$cache"

log() { echo "standins: $*" >&2; }

base_packages=supervisor,curl,ca-certificates,python3,python3-venv,procps,python3-nbconvert,python3-ipykernel
jdk_packages=openjdk-17-jdk-headless,binutils,ca-certificates,procps  # binutils: Debian's jlink --strip-debug runs objcopy

key_of() { cat "$@" | sha256sum | cut -c1-16; }

# The environment vastai/base-image's Dockerfile sets (ENV lines), as far as it concerns the launcher: the
# workspace, pip on the system Python, and uv's folders with its cache switched off. The folders under /.uv
# are made in the root file system as the base image makes them.
base_env=(
  WORKSPACE=/workspace DATA_DIRECTORY=/workspace PIP_BREAK_SYSTEM_PACKAGES=1 PYTHONUNBUFFERED=1
  UV_CACHE_DIR=/.uv/cache UV_NO_CACHE=1 UV_LINK_MODE=copy UV_PYTHON_BIN_DIR=/.uv/python_bin
  UV_PYTHON_INSTALL_DIR=/.uv/python_install
  PATH=/opt/instance-tools/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
)

# --- the KasmVNC stand-in package --------------------------------------------------------------------
deb_root="$out/kasmvnc-deb"
rm -rf "$deb_root"
mkdir -p "$deb_root/DEBIAN" "$deb_root/usr/bin" "$deb_root/usr/share/kasmvnc/www" "$deb_root/usr/share/kasmvnc/ci-standin"
install -m 755 "$here/Xvnc" "$here/kasmvncpasswd" "$deb_root/usr/bin/"
install -m 644 "$here/kasmvnc-1.5.0-params.txt" "$deb_root/usr/share/kasmvnc/ci-standin/"
printf '<!DOCTYPE html><title>KasmVNC</title><p>KasmVNC web client (CI stand-in)</p>\n' \
  >"$deb_root/usr/share/kasmvnc/www/index.html"
cat >"$deb_root/DEBIAN/control" <<'EOF'
Package: kasmvncserver
Version: 1.5.0+ci.standin
Architecture: all
Maintainer: VisoMaster Launcher CI <ci@example.invalid>
Depends: ssl-cert, xauth, x11-xkb-utils, xkb-data, procps, xvfb, python3
Provides: vnc-server
Description: CI stand-in for KasmVNC 1.5.0
 Xvnc checks its options against KasmVNC 1.5.0's and runs Xvfb; kasmvncpasswd follows KasmVNC's rules.
EOF
deb="$out/kasmvncserver_1.5.0_standin.deb"
dpkg-deb --root-owner-group --build "$deb_root" "$deb" >/dev/null
log "built $deb"

# --- root file systems ---------------------------------------------------------------------------------
# make_rootfs NAME PACKAGES KEY [mmdebstrap hook options…]: cached tarball of a bookworm root file system.
make_rootfs() {
  local name=$1 packages=$2 key=$3
  shift 3
  local tar="$cache/$name-$key.tar"
  if [ ! -s "$tar" ]; then
    log "mmdebstrap $name ($packages)"
    mmdebstrap --quiet --format=tar --variant=apt --include="$packages" "$@" bookworm "$tar.tmp" "$mirror" >&2
    find "$cache" -maxdepth 1 -name "$name-*.tar" ! -name "$name-$key.tar" -delete
    mv "$tar.tmp" "$tar"
  fi
  echo "$tar"
}

base_key=$(key_of "$here/vast-entrypoint.sh" <(echo "$base_packages $mirror ${base_env[*]}"))
# The base's root file system downloads while the Maven seed below compiles.
make_rootfs base "$base_packages" "$base_key" \
  --customize-hook='mkdir -p "$1/opt/instance-tools/bin" "$1/etc/vast_boot.d" "$1/workspace"' \
  --customize-hook='mkdir -p "$1/.uv/cache" "$1/.uv/python_bin" "$1/.uv/python_install"' \
  --customize-hook="copy-in $here/vast-entrypoint.sh /opt/instance-tools/bin/" \
  --customize-hook='mv "$1/opt/instance-tools/bin/vast-entrypoint.sh" "$1/opt/instance-tools/bin/entrypoint.sh"' \
  --customize-hook='chmod 755 "$1/opt/instance-tools/bin/entrypoint.sh"' >/dev/null &
base_pid=$!
trap 'kill "$base_pid" 2>/dev/null || true' EXIT
base_tar="$cache/base-$base_key.tar"


# --- the Maven seed: exactly what the Dockerfile's build command resolves ------------------------------
build_cmd=$(sed -n 's/^ *\.\/mvnw \(.*\) package.*/\1/p' "$root/Dockerfile" | head -n1)
[ -n "$build_cmd" ] || { log "cannot find the build stage's ./mvnw command in the Dockerfile"; exit 1; }
seed_key=$(key_of "$root/pom.xml" "$root/.mvn/wrapper/maven-wrapper.properties" <(echo "$build_cmd"))
seed="$cache/maven-seed-$seed_key"
if [ ! -d "$seed/repository" ]; then
  log "resolving the build stage's Maven artifacts from $host_repo (key $seed_key)"
  [ -d "$host_repo" ] || { log "no Maven repository at $host_repo: run ./mvnw -B verify first"; exit 1; }
  work="$out/seed-work"
  rm -rf "$work" "$seed.tmp"
  mkdir -p "$work/src-copy" "$seed.tmp"
  (cd "$root" && cp -r pom.xml mvnw .mvn src assets "$work/src-copy/")
  cp -r "$HOME/.m2/wrapper" "$seed.tmp/wrapper"
  cat >"$work/settings.xml" <<EOF
<settings><mirrors><mirror><id>central</id><mirrorOf>*</mirrorOf><url>file://$host_repo</url></mirror></mirrors></settings>
EOF
  # shellcheck disable=SC2086 # the Dockerfile's options, word by word
  (cd "$work/src-copy" && MAVEN_USER_HOME="$seed.tmp" ./mvnw $build_cmd -s "$work/settings.xml" \
    -Dmaven.repo.local="$seed.tmp/repository" package >"$work/seed.log" 2>&1) ||
    { tail -n 30 "$work/seed.log" >&2; log "the seed build failed; see $work/seed.log"; exit 1; }
  rm -rf "$work"
  find "$cache" -maxdepth 1 -name 'maven-seed-*' ! -name "maven-seed-$seed_key*" -exec rm -rf {} +
  mv "$seed.tmp" "$seed"
fi
log "Maven seed: $(du -sh "$seed" | cut -f1) ($seed)"

jdk_key=$(key_of <(echo "$jdk_packages $mirror $seed_key"))
jdk_tar=$(make_rootfs jdk "$jdk_packages" "$jdk_key" \
  --customize-hook='mkdir -p "$1/opt/maven-seed"' \
  --customize-hook="copy-in $seed/repository $seed/wrapper /opt/maven-seed/")
wait "$base_pid" || { log "the base root file system could not be made"; exit 1; }

import() {
  local image=$1 tar=$2
  shift 2
  if ! podman image exists "$image"; then
    podman import "$@" "$tar" "$image" >/dev/null
  fi
  log "image $image"
}
base_changes=()
for pair in "${base_env[@]}"; do base_changes+=(--change "ENV $pair"); done
import "localhost/visomaster-ci/base:$base_key" "$base_tar" "${base_changes[@]}" \
  --change 'ENTRYPOINT ["/opt/instance-tools/bin/entrypoint.sh"]'
import "localhost/visomaster-ci/jdk:$jdk_key" "$jdk_tar" \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64' --change 'ENV MAVEN_USER_HOME=/opt/maven-seed' \
  --change 'ENV MAVEN_ARGS=-o -Dmaven.repo.local=/opt/maven-seed/repository'

echo "BASE_IMAGE=localhost/visomaster-ci/base:$base_key"
echo "JDK_IMAGE=localhost/visomaster-ci/jdk:$jdk_key"
echo "KASMVNC_DEB=$deb"
