# shellcheck shell=bash
# Shared helpers for the image's service scripts (sourced, never run).
# Mirrors the conventions of vastai/base-image's /opt/supervisor-scripts/utils: a service logs to
# /var/log/portal/<name>.log (the Instance Portal's log viewer) as well as to stdout (Vast's log), and
# decides whether to start from the portal configuration. Every path has a VISO_* override so the
# same scripts run unchanged in the CI smoke test (ci/session-smoke.sh).

viso_log() {
  printf '%s [%s] %s\n' "$(date '+%Y-%m-%d %H:%M:%S')" "${PROC_NAME:-visomaster}" "$*"
}

# Loads /etc/environment like the base image's environment.sh does, so variables edited on a running
# instance reach services on their next start.
viso_load_environment() {
  local env_file=${VISO_ENV_FILE:-/etc/environment}
  if [ -r "$env_file" ]; then
    set -a
    # shellcheck disable=SC1090
    . "$env_file"
    set +a
  fi
  if [ -n "${WORKSPACE:-}" ] && [ -r "${WORKSPACE}/.env" ]; then
    set -a
    # shellcheck disable=SC1091
    . "${WORKSPACE}/.env"
    set +a
  fi
}

# Sends everything this script prints to the portal log and to stdout. The previous run's log is kept
# as <name>.log.old, as the base image does. VISO_LOG_ALSO, if set, is one more file the lines are
# appended to.
viso_setup_logging() {
  local dir=${VISO_LOG_DIR:-/var/log/portal} also=${VISO_LOG_ALSO:-}
  local file="$dir/${PROC_NAME:?PROC_NAME must be set}.log"
  mkdir -p "$dir" 2>/dev/null || true
  [ -f "$file" ] && mv -f "$file" "$file.old"
  rm -f "${VISO_SKIP_DIR:-/tmp/supervisor-skip}/${PROC_NAME}" 2>/dev/null
  if [ -n "$also" ] && ! { mkdir -p "$(dirname "$also")" && touch "$also"; } 2>/dev/null; then
    also=""
  fi
  if touch "$file" 2>/dev/null; then
    exec > >(tee -a "$file" ${also:+"$also"}) 2>&1
    VISO_LOG_PID=$!
    trap viso_flush_log EXIT
  else
    exec 2>&1
    viso_log "Cannot write $file; logging to stdout only."
  fi
}

# On exit, lets tee write the last lines before the script is gone (a supervisor restart or a reader
# of the log would otherwise miss them). A script that execs its program never gets here; tee then
# follows the program's output.
viso_flush_log() {
  exec 1>&- 2>&-
  [ -n "${VISO_LOG_PID:-}" ] && wait "$VISO_LOG_PID" 2>/dev/null
  return 0
}

# Prints the internal port of the portal entry whose name is $1 (case-insensitive), or $2 when there
# is no such entry. Source of truth: /etc/portal.yaml (what the portal really serves, editable at
# runtime), else PORTAL_CONFIG ("host:ext_port:int_port:path:Name|…").
viso_portal_port() {
  local name=$1 fallback=$2 port=""
  local yaml=${VISO_PORTAL_YAML:-/etc/portal.yaml}
  if [ -s "$yaml" ]; then
    port=$(awk -v want="$name" '
      function trim(s) { gsub(/^[ \t"'\'']+|[ \t"'\'':]+$/, "", s); return s }
      /^  [^ ]/ { current = tolower(trim($0)) }
      /^    internal_port:/ && current == tolower(want) { print $2; exit }
    ' "$yaml")
  fi
  if [ -z "$port" ] && [ -n "${PORTAL_CONFIG:-}" ]; then
    port=$(printf '%s\n' "$PORTAL_CONFIG" | tr '|' '\n' | awk -F: -v want="$name" '
      NF >= 5 { entry = $5; for (i = 6; i <= NF; i++) entry = entry ":" $i
                if (tolower(entry) == tolower(want)) { print $3; exit } }')
  fi
  case "$port" in
    '' | *[!0-9]*) printf '%s\n' "$fallback" ;;
    *) printf '%s\n' "$port" ;;
  esac
}

# True when the portal configuration names the entry $1. With neither /etc/portal.yaml nor
# PORTAL_CONFIG (e.g. a plain `docker run` or the CI smoke test) everything counts as enabled.
viso_portal_has() {
  local name=$1 yaml=${VISO_PORTAL_YAML:-/etc/portal.yaml}
  if [ -s "$yaml" ]; then
    grep -qiE "^[^#]*${name}" "$yaml"
  elif [ -n "${PORTAL_CONFIG:-}" ]; then
    printf '%s\n' "$PORTAL_CONFIG" | tr '|' '\n' | awk -F: -v want="$name" '
      NF >= 5 { entry = $5; for (i = 6; i <= NF; i++) entry = entry ":" $i
                if (tolower(entry) == tolower(want)) found = 1 }
      END { exit !found }'
  else
    return 0
  fi
}

# Waits (bounded) for the base image's portal configurator to publish /etc/portal.yaml when a
# PORTAL_CONFIG exists, so the decision above is taken on the real file (same reasoning as the base
# image's exit_portal.sh).
viso_wait_for_portal_config() {
  local yaml=${VISO_PORTAL_YAML:-/etc/portal.yaml} waited=0 limit=${VISO_PORTAL_WAIT_SECONDS:-120}
  [ -n "${PORTAL_CONFIG:-}" ] || return 0
  [ -d "$(dirname "$yaml")" ] || return 0
  while [ ! -s "$yaml" ]; do
    if [ "$waited" -ge "$limit" ]; then
      viso_log "No $yaml after ${waited}s; deciding from PORTAL_CONFIG instead."
      return 0
    fi
    [ $((waited % 15)) -eq 0 ] && viso_log "Waiting for the Instance Portal to write $yaml…"
    sleep 1
    waited=$((waited + 1))
  done
}

# Ends this service on purpose: exit 0 after a pause, so supervisor (autorestart=unexpected,
# exitcodes=0, startsecs=5) records it as a clean stop and does not restart it. Leaves the skip marker
# that the base image's own services leave (/tmp/supervisor-skip/<name>); viso_setup_logging clears it.
viso_skip() {
  local markers=${VISO_SKIP_DIR:-/tmp/supervisor-skip}
  viso_log "Not starting ${PROC_NAME:-this service}: $*"
  # The base image's marker: the portal shows the service as "not configured" rather than as dead.
  if [ -n "${PROC_NAME:-}" ] && { [ -d "$markers" ] || mkdir -m 1777 "$markers" 2>/dev/null; }; then
    printf '%s\n' "$*" >"$markers/$PROC_NAME" 2>/dev/null
  fi
  sleep "${VISO_SKIP_PAUSE_SECONDS:-6}"
  exit 0
}

# The start of every desktop service: step aside (exit 0, via viso_skip) on a headless box or when the portal
# has no "Desktop" entry. $1: the sentence for a headless box.
viso_require_desktop() {
  if viso_is_headless; then
    viso_skip "$1"
  fi
  viso_wait_for_portal_config
  if ! viso_portal_has "Desktop"; then
    viso_skip "the portal configuration has no \"Desktop\" entry (add localhost:6901:16901:/:Desktop to PORTAL_CONFIG)."
  fi
}

viso_is_headless() {
  case "${VISO_HEADLESS:-0}" in
    1 | true | TRUE | True | yes) return 0 ;;
    *) return 1 ;;
  esac
}

# The base image creates /.provisioning while PROVISIONING_SCRIPT / PROVISIONING_MANIFEST run and
# removes it afterwards; what they install may be what the launcher needs, so wait for them.
viso_wait_for_boot_provisioning() {
  local flag=${VISO_BOOT_PROVISIONING_FLAG:-/.provisioning} waited=0
  while [ -e "$flag" ]; do
    [ $((waited % 30)) -eq 0 ] && viso_log "Waiting for the instance's provisioning script to finish ($flag exists)…"
    sleep 2
    waited=$((waited + 2))
  done
}

viso_display() {
  printf '%s\n' "${VISO_DISPLAY:-:1}"
}

# Waits until the X server on $1 accepts clients; fails after VISO_X_WAIT_SECONDS (default 90).
viso_wait_for_x() {
  local display=$1 number=${1#:} waited=0 limit=${VISO_X_WAIT_SECONDS:-90}
  number=${number%%.*}
  while :; do
    if [ -S "/tmp/.X11-unix/X$number" ]; then
      if ! command -v xdpyinfo >/dev/null 2>&1 || xdpyinfo -display "$display" >/dev/null 2>&1; then
        return 0
      fi
    fi
    if [ "$waited" -ge "$limit" ]; then
      viso_log "The desktop's X server on $display did not come up within ${limit}s; see the kasmvnc log in the portal."
      return 1
    fi
    [ $((waited % 15)) -eq 0 ] && viso_log "Waiting for the X server on $display…"
    sleep 1
    waited=$((waited + 1))
  done
}

# Splits a command given as one string (an environment variable) into the array named $2. Words are
# split on whitespace; no quoting or globbing is interpreted.
viso_split_command() {
  local -n _viso_out=$2
  read -r -a _viso_out <<<"$1"
}

viso_launcher_command() {
  printf '%s\n' "${VISO_LAUNCHER_CMD:-/usr/local/bin/visomaster-launcher}"
}
