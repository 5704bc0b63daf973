#!/bin/bash
# Supervisor program "desktop": the XFCE session on the KasmVNC display. Starts at boot, with nobody
# connected, as soon as the X server answers; a session that ends (crash, or "Log Out") is started again.
#
# Environment: VISO_DISPLAY (:1), VISO_SESSION_CMD (default: XFCE in its own D-Bus session),
# VISO_WORKSPACE (/workspace), VISO_APPLICATIONS_DIR (/usr/share/applications),
# VISO_XDG_OVERLAY (/etc/xdg/visomaster: the image's XFCE settings, see desktop-entries/xfce/).
set -uo pipefail

here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
# shellcheck source=SCRIPTDIR/lib/viso-common.sh
. "${VISO_LIB:-$here/lib/viso-common.sh}"

export PROC_NAME=${PROC_NAME:-desktop}
viso_load_environment
viso_setup_logging

viso_require_desktop "VISO_HEADLESS=1 asks for no desktop."

display=$(viso_display)
workspace=${VISO_WORKSPACE:-${WORKSPACE:-/workspace}}
applications=${VISO_APPLICATIONS_DIR:-/usr/share/applications}
desktop_dir="$HOME/Desktop"

# Desktop icons are symlinks to the installed entries: XFCE trusts a link into /usr/share/applications
# without the per-file checksum it asks for on copied launchers, so nobody is asked "untrusted launcher?".
place_desktop_icons() {
  local entry name
  mkdir -p "$desktop_dir"
  for entry in visomaster-launcher.desktop visomaster.desktop; do
    if [ -f "$applications/$entry" ]; then
      ln -sfn "$applications/$entry" "$desktop_dir/$entry"
    else
      viso_log "Desktop entry $applications/$entry is missing; no icon for it."
    fi
  done
  for name in workspace:"$workspace" output:"$workspace/output"; do
    local link="$desktop_dir/${name%%:*}" target="${name#*:}"
    if [ -L "$link" ] || [ ! -e "$link" ]; then
      ln -sfn "$target" "$link"
    fi
  done
}

session=()
if [ -n "${VISO_SESSION_CMD:-}" ]; then
  viso_split_command "$VISO_SESSION_CMD" session
elif command -v xfce4-session >/dev/null 2>&1; then
  if command -v dbus-run-session >/dev/null 2>&1; then
    session=(dbus-run-session -- xfce4-session)
  else
    session=(xfce4-session)
  fi
else
  viso_log "xfce4-session is not installed; running the display without a desktop session (set VISO_SESSION_CMD to choose one)."
  session=(sleep infinity)
fi

viso_wait_for_x "$display" || exit 1
export DISPLAY=$display
# The image's XFCE settings come first; xfconf merges them over the packages' files in /etc/xdg, whose
# xfce4-session.xml keeps the Failsafe session that a fresh session starts.
overlay=${VISO_XDG_OVERLAY:-/etc/xdg/visomaster}
if [ -d "$overlay" ]; then
  export XDG_CONFIG_DIRS="$overlay:${XDG_CONFIG_DIRS:-/etc/xdg}"
fi
place_desktop_icons

viso_log "Starting the desktop session on $display: ${session[*]}"
"${session[@]}"
status=$?
# A session that ends is restarted by supervisor; 0 is reserved for the deliberate skips above, which
# must not be restarted (autorestart=unexpected, exitcodes=0).
viso_log "The desktop session ended (exit $status); supervisor starts a new one."
exit 70
