#!/bin/bash
# Supervisor program "kasmvnc": the desktop's X server. Runs KasmVNC's Xvnc in the foreground on :1 with
# its websocket on 127.0.0.1 at the internal port of the portal's "Desktop" entry; the Instance Portal
# (Caddy) in front of it adds TLS and the login. Xvnc is started directly rather than through
# `kasmvncserver` (vncserver), which daemonises Xvnc and would hide it from supervisor; the flags below
# carry the same settings as kasmvnc.yaml.
#
# Environment: VNC_RESOLUTION (1600x900), VNC_USER (visomaster), VNC_PW, VNC_BASIC_AUTH (0),
# VISO_DISPLAY (:1), VISO_X_SERVER_CMD (replaces the whole Xvnc command, e.g. Xvfb in CI),
# VISO_STATE_DIR (/var/lib/visomaster), VISO_WORKSPACE (/workspace), VISO_KASMVNC_WEB_ROOT
# (/usr/share/kasmvnc/www).
set -uo pipefail

here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
# shellcheck source=SCRIPTDIR/../scripts/lib/viso-common.sh
. "${VISO_LIB:-$here/../scripts/lib/viso-common.sh}"

export PROC_NAME=${PROC_NAME:-kasmvnc}
viso_load_environment
viso_setup_logging

viso_require_desktop "VISO_HEADLESS=1 asks for no desktop."

display=$(viso_display)
number=${display#:}
workspace=${VISO_WORKSPACE:-${WORKSPACE:-/workspace}}
state_dir=${VISO_STATE_DIR:-/var/lib/visomaster}
port=$(viso_portal_port "Desktop" 16901)
resolution=${VNC_RESOLUTION:-1600x900}
vnc_user=${VNC_USER:-visomaster}
web_root=${VISO_KASMVNC_WEB_ROOT:-/usr/share/kasmvnc/www}

case "$resolution" in
  [1-9]*x[1-9]*) ;;
  *)
    viso_log "VNC_RESOLUTION='$resolution' is not WIDTHxHEIGHT (e.g. 1600x900); using 1600x900."
    resolution=1600x900
    ;;
esac

# A crashed X server leaves its lock and socket behind and the next start would fail with
# "Server is already active for display". Remove them only when the recorded process is gone (or,
# after a container restart reused its number, is no X server).
clear_stale_x_lock() {
  local lock="/tmp/.X${number}-lock" pid
  [ -f "$lock" ] || return 0
  pid=$(tr -dc '0-9' <"$lock")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null &&
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qE '(^|/)(Xvnc|Xkasmvnc|Xvfb|Xorg|X) '; then
    return 0
  fi
  viso_log "Removing the stale X lock of display $display (process ${pid:-?} is gone)."
  rm -f "$lock" "/tmp/.X11-unix/X${number}"
}

# Password for KasmVNC's own login: VNC_PW, else the portal's WEB_PASSWORD / OPEN_BUTTON_TOKEN, else
# one generated once and kept in a root-only file. Only the source is ever logged, never the value.
password_source() {
  local name
  for name in VNC_PW WEB_PASSWORD OPEN_BUTTON_TOKEN; do
    if [ -n "${!name:-}" ]; then
      echo "$name"
      return
    fi
  done
  echo generated
}

generated_password_file="$state_dir/vnc-password"

ensure_generated_password() {
  if [ ! -s "$generated_password_file" ]; then
    (umask 077 && mkdir -p "$state_dir" &&
      head -c 18 /dev/urandom | base64 | tr -d '/+=\n' >"$generated_password_file.tmp" &&
      mv -f "$generated_password_file.tmp" "$generated_password_file") || return 1
  fi
  chmod 700 "$state_dir" && chmod 600 "$generated_password_file"
}

register_vnc_user() {
  local source password label passwd_file="$HOME/.kasmpasswd"
  source=$(password_source)
  if [ "$source" = generated ]; then
    if ! ensure_generated_password; then
      viso_log "Cannot write $generated_password_file; KasmVNC login user not configured."
      return 1
    fi
    password=$(cat "$generated_password_file")
    label="generated, stored in $generated_password_file (readable by root only)"
  else
    password=${!source}
    label="from $source"
  fi
  viso_log "KasmVNC login: user '$vnc_user', password $label."
  if [ "${#password}" -lt 6 ]; then
    if basic_auth_on; then
      viso_log "The KasmVNC password $label is shorter than 6 characters, which KasmVNC refuses, and VNC_BASIC_AUTH=1 needs it: set VNC_PW to 6 characters or more, then 'supervisorctl restart kasmvnc'."
      return 1
    fi
    viso_log "Warning: the KasmVNC password $label is shorter than 6 characters, which KasmVNC refuses. KasmVNC's own login is off (VNC_BASIC_AUTH=0; the portal's login protects the desktop), so the desktop starts without it; set VNC_PW to 6 characters or more before you turn VNC_BASIC_AUTH=1 on."
    return 0
  fi
  if ! command -v kasmvncpasswd >/dev/null 2>&1; then
    viso_log "kasmvncpasswd is not installed: KasmVNC login user not configured."
    return 1
  fi
  if printf '%s\n%s\n' "$password" "$password" | kasmvncpasswd -u "$vnc_user" -w -o "$passwd_file" >/dev/null 2>&1; then
    chmod 600 "$passwd_file"
    viso_log "KasmVNC user '$vnc_user' written to $passwd_file."
  else
    viso_log "kasmvncpasswd failed to write $passwd_file; KasmVNC's own login will not accept '$vnc_user'."
    return 1
  fi
}

basic_auth_on() {
  case "${VNC_BASIC_AUTH:-0}" in 1 | true | yes) return 0 ;; *) return 1 ;; esac
}

# Downloads: KasmVNC serves its web root (-httpd) with directory listings, so <web root>/Downloads, a link
# to the workspace's output folder, lists VisoMaster's results at https://<Desktop address>/Downloads/ (as
# Kasm's own images do); its /api/downloads lists ~/Downloads, linked there as well.
link_web_root_downloads() {
  local link="$web_root/Downloads"
  [ -d "$web_root" ] || return 0
  if [ -L "$link" ] || [ ! -e "$link" ]; then
    if ln -sfn "$workspace/output" "$link" 2>/dev/null; then
      viso_log "Downloads: $link -> $workspace/output (open the Desktop address followed by /Downloads/)."
    else
      viso_log "Cannot link $link to $workspace/output; results are in $workspace/output (Jupyter's file browser)."
    fi
  else
    viso_log "$link exists and is not a link, so it was left as it is; results are in $workspace/output."
  fi
}

link_downloads() {
  local output="$workspace/output" downloads="$HOME/Downloads"
  mkdir -p "$output" 2>/dev/null || { viso_log "Cannot create $output; downloads not linked."; return 0; }
  link_web_root_downloads
  if [ -L "$downloads" ]; then
    ln -sfn "$output" "$downloads"
  elif [ -d "$downloads" ] && [ -z "$(ls -A "$downloads")" ]; then
    rmdir "$downloads" && ln -s "$output" "$downloads"
  elif [ -e "$downloads" ]; then
    viso_log "$downloads already holds files, so it was left as it is; results are in $output."
    return 0
  else
    ln -s "$output" "$downloads"
  fi
  viso_log "$downloads -> $output."
}

x_server=()
if [ -n "${VISO_X_SERVER_CMD:-}" ]; then
  viso_split_command "$VISO_X_SERVER_CMD" x_server
else
  xvnc=$(command -v Xvnc || command -v Xkasmvnc || echo Xvnc)
  basic_auth=(-disableBasicAuth)
  basic_auth_on && basic_auth=()
  x_server=("$xvnc" "$display"
    -geometry "$resolution" -depth 24
    -interface 127.0.0.1 -websocketPort "$port" -UseIPv6 0 -PublicIP 127.0.0.1
    "${basic_auth[@]}" -sslOnly 0 -SecurityTypes None -BlacklistThreshold 0
    -KasmPasswordFile "$HOME/.kasmpasswd"
    -cert /etc/ssl/certs/ssl-cert-snakeoil.pem -key /etc/ssl/private/ssl-cert-snakeoil.key
    -httpd "$web_root"
    -http-header Cross-Origin-Embedder-Policy=require-corp
    -http-header Cross-Origin-Opener-Policy=same-origin
    -AlwaysShared -DisconnectClients 0 -FrameRate 60
    -desktop VisoMaster -Log '*:stdout:30')
fi

# For checks: print the command, one word per line, and change nothing.
if [ "${VISO_PRINT_X_COMMAND:-0}" = 1 ]; then
  printf '%s\n' "${x_server[@]}"
  exit 0
fi

mkdir -p "$HOME/.vnc"
# No desktop-environment prompt if someone runs kasmvncserver by hand later.
touch "$HOME/.vnc/.de-was-selected"
link_downloads
clear_stale_x_lock

if [ -n "${VISO_X_SERVER_CMD:-}" ]; then
  viso_log "X server replaced by VISO_X_SERVER_CMD: ${x_server[*]}"
  register_vnc_user || true
else
  register_vnc_user || exit 1
  if ! command -v "${x_server[0]}" >/dev/null 2>&1; then
    viso_log "KasmVNC's Xvnc is not installed, so the desktop cannot start; the image build installs kasmvncserver."
    exit 1
  fi
  for pem in /etc/ssl/certs/ssl-cert-snakeoil.pem /etc/ssl/private/ssl-cert-snakeoil.key; do
    [ -r "$pem" ] || viso_log "Warning: $pem is not readable; KasmVNC checks it even with SSL off."
  done
  viso_log "KasmVNC on display $display, $resolution, websocket 127.0.0.1:$port (portal entry \"Desktop\")."
fi
exec "${x_server[@]}"
