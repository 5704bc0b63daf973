#!/bin/bash
# Builds the unmodified Dockerfile with rootful podman and boots the image, as a Vast box would, with a
# fixture VisoMaster, then checks the booted desktop from outside (ci/boot-checks.sh). Called by .ci/run.
#
# Only build arguments differ from a real build: BASE_IMAGE and JDK_IMAGE are Debian bookworm stand-ins and
# KASMVNC_DEB_URL a stand-in package (ci/standin/make-standins.sh). The container runs in a network
# namespace made here, with loopback only; the fixture's model mirror is served inside it, and the host's
# xdotool/xprop/import reach the container's X server through it (abstract X socket, nsenter --net).
# The docker run recipe's -e options are read from README.md ("Build the image") and passed as they are.
#
# Artifacts in target/image-boot/: desktop.png (the whole desktop at the end), desktop-provisioning.png,
# build.log, container.log, logs/ (portal and workspace logs), diagnostics.ipynb (the executed notebook).
# Environment: VISO_BOOT_KEEP=1 leaves the container, network namespace and podman store in place (for a
# look: nsenter --net=/run/netns/visomaster-ci env DISPLAY=:1 xwininfo -root -tree); VISO_CI_STORE (podman
# store, default /var/tmp/visomaster-ci-store); VISO_CI_CACHE (stand-in root file systems, kept).
set -uo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
out="$root/target/image-boot"
store=${VISO_CI_STORE:-/var/tmp/visomaster-ci-store}
name=visomaster-ci
ns=visomaster-ci
ns_path=/run/netns/$ns
image=localhost/visomaster-launcher:ci
models_port=18765
# The idle guard runs against a stand-in Vast API (ci/vast-standin.py) with this instance id and key; CPU work
# does not count (this machine is shared), 1 idle minute stops the box (the stand-in only records it).
vast_port=18766
vast_key=ci-scoped-key-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
t0=$SECONDS
timings=()

phase() { timings+=("$(printf '%-28s %4ds' "$1" $((SECONDS - phase_start)))"); phase_start=$SECONDS; }
phase_start=$SECONDS

# A model server left by a kept run (VISO_BOOT_KEEP=1): only ours, identified by its command line.
if [ -f "$out/models-server.pid" ]; then
  old_pid=$(cat "$out/models-server.pid")
  grep -q boot-models-server "/proc/$old_pid/cmdline" 2>/dev/null && kill "$old_pid"
fi
rm -rf "$out"
mkdir -p "$out/logs"

# --- podman on this kind of machine --------------------------------------------------------------------
# No CAP_SYS_RESOURCE: podman's default ulimits cannot be raised, so state them. crun refuses the hybrid
# cgroup layout: runc. A store of our own, so cleaning up removes only what this run made.
cat >"$out/containers.conf" <<'EOF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
[engine]
runtime = "runc"
EOF
cat >"$out/storage.conf" <<EOF
[storage]
driver = "overlay"
graphroot = "$store/graph"
runroot = "$store/run"
EOF
export CONTAINERS_CONF="$out/containers.conf" CONTAINERS_STORAGE_CONF="$out/storage.conf"

models_pid=""
cleanup() {
  if [ -n "$(podman ps -a -q 2>/dev/null)" ]; then
    podman logs "$name" >"$out/container.log" 2>&1
  fi
  if [ "${VISO_BOOT_KEEP:-0}" = 1 ]; then
    echo "image boot: kept container $name, network namespace $ns and the store $store (VISO_BOOT_KEEP=1)."
    return
  fi
  [ -n "$models_pid" ] && kill "$models_pid" 2>/dev/null
  podman rm -f -a >/dev/null 2>&1
  podman system reset --force >/dev/null 2>&1
  rm -rf "$store"
  ip netns delete "$ns" 2>/dev/null
  echo "image boot: containers, podman store and network namespace removed (cache kept: ${VISO_CI_CACHE:-/var/cache/visomaster-ci})."
}
trap cleanup EXIT

# A container left by an earlier run that was killed.
podman rm -f "$name" >/dev/null 2>&1
ip netns delete "$ns" 2>/dev/null

# --- stand-ins and the build ---------------------------------------------------------------------------
standins=$("$root/ci/standin/make-standins.sh" "$out/standins") || { echo "FAIL: the stand-in images could not be made"; exit 1; }
eval "$standins"
phase "stand-in images"
echo "image boot: podman build of the Dockerfile with BASE_IMAGE=$BASE_IMAGE JDK_IMAGE=$JDK_IMAGE"
if ! podman build --format docker --layers --jobs 2 \
  --build-arg BASE_IMAGE="$BASE_IMAGE" --build-arg JDK_IMAGE="$JDK_IMAGE" \
  --build-arg KASMVNC_DEB_URL="file:///ci-kasmvnc/$(basename "$KASMVNC_DEB")" \
  --volume "$(dirname "$KASMVNC_DEB"):/ci-kasmvnc:ro" \
  -t "$image" "$root" >"$out/build.log" 2>&1; then
  tail -n 40 "$out/build.log"
  echo "FAIL: podman build of the Dockerfile failed; see $out/build.log"
  exit 1
fi
phase "podman build"
echo "image boot: built $image ($(podman image inspect --format '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1/1e6}'))"

# --- fixture, network namespace, boot -------------------------------------------------------------------
py_minor=$(podman run --rm --network none --entrypoint python3 "$image" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
python3 "$root/ci/boot-fixture.py" "$out" /ci/fixture "http://127.0.0.1:$models_port/mirror" "$py_minor" || exit 1
# the idle guard's stand-in Vast API, started inside the container by the checks (check_idle_guard)
cp "$root/ci/vast-standin.py" "$out/fixture/vast-standin.py"
if ! { ip netns add "$ns" && ip netns exec "$ns" ip link set lo up; }; then
  echo "FAIL: cannot make network namespace $ns"
  exit 1
fi
# 24 KiB/s for all connections together (however many the launcher opens): the download step lasts ~25 s, so
# the window's run holds the workspace long enough to check the provisioning entry points against it.
ip netns exec "$ns" python3 "$root/ci/boot-models-server.py" "$out/fixture" "$models_port" --rate 24576 \
  --lifetime 1200 >"$out/models-server.log" 2>&1 &
models_pid=$!
echo "$models_pid" >"$out/models-server.pid"

# The README's docker run recipe: its -e options, exactly (ports cannot be published into a loopback-only
# namespace, and there is no GPU). pip reads the fixture's wheel over HTTP as from an index (a trusted host,
# so its download cache is used as with PyPI's HTTPS); the slow PROVISIONING_SCRIPT writes launcher.json.
mapfile -t recipe_env < <(sed -n '/^## Build the image/,/^## /p' "$root/README.md" |
  sed -n '/^docker run/,/visomaster-launcher$/p' | grep -oE -- '-e [A-Z0-9_]+=[^ ]+' | sed 's/^-e //')
[ "${#recipe_env[@]}" -gt 0 ] || { echo "FAIL: no -e options found in README.md's docker run recipe"; exit 1; }
env_args=()
for pair in "${recipe_env[@]}"; do env_args+=(-e "$pair"); done
echo "image boot: the README recipe's environment: ${recipe_env[*]}"

podman run -d --name "$name" --hostname "$name" --network "ns:$ns_path" --shm-size 256m \
  "${env_args[@]}" \
  -e VNC_PW=short \
  -e PIP_NO_INDEX=1 -e PIP_FIND_LINKS="http://127.0.0.1:$models_port/wheels/index.html" \
  -e PIP_TRUSTED_HOST="127.0.0.1:$models_port" -e PIP_DISABLE_PIP_VERSION_CHECK=1 \
  -e PROVISIONING_SCRIPT=file:///ci/fixture/provisioning.sh \
  -e VISO_PROVISION_WAIT_SECONDS=5 \
  -e CONTAINER_ID=4242 -e CONTAINER_API_KEY="$vast_key" -e VAST_API_URL="http://127.0.0.1:$vast_port" \
  -e VISO_IDLE_STOP_MINUTES=1 -e VISO_IDLE_CPU_PERCENT=100 \
  -v "$out/workspace:/workspace" -v "$out/fixture:/ci/fixture:ro" \
  "$image" >/dev/null || { echo "FAIL: podman run failed"; exit 1; }
phase "fixture and boot"

# --- checks from outside --------------------------------------------------------------------------------
# shellcheck source=SCRIPTDIR/boot-checks.sh
. "$root/ci/boot-checks.sh"
run_boot_checks
phase "checks"

podman exec "$name" sh -c 'tar -C /var/log -cf - portal' | tar -C "$out/logs" -xf - 2>/dev/null
cp -r "$out/workspace/logs" "$out/logs/workspace" 2>/dev/null

echo "=== image boot timings (2 cores, shared with the other builds on this machine)"
printf '%s\n' "${timings[@]}"
printf '%-28s %4ds\n' "total" $((SECONDS - t0))
echo "image boot: $boot_passed passed, $boot_failed failed. Artifacts: $out"
[ "$boot_failed" -eq 0 ]
