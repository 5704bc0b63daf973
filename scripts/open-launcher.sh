#!/bin/bash
# What the desktop icons run (installed as /usr/local/bin/visomaster-open):
#   visomaster-open            show the launcher window (start it again if it was closed)
#   visomaster-open --launch   the same, then ask it to start VisoMaster
# The window is started through supervisor when it can be, so that a later crash is restarted and its
# output stays in the portal log; the launcher's single-instance handoff then brings the running
# window to the front and passes --launch on. VISO_SUPERVISORCTL replaces the supervisorctl command
# (the smoke test points it at its own supervisord).
set -uo pipefail

here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
# shellcheck source=SCRIPTDIR/lib/viso-common.sh
. "${VISO_LIB:-$here/lib/viso-common.sh}"

program=${VISO_LAUNCHER_PROGRAM:-visomaster-launcher}
launcher=()
viso_split_command "$(viso_launcher_command)" launcher
supervisorctl=()
viso_split_command "${VISO_SUPERVISORCTL:-supervisorctl}" supervisorctl

supervised_state() {
  command -v "${supervisorctl[0]}" >/dev/null 2>&1 || return 1
  local line
  line=$("${supervisorctl[@]}" status "$program" 2>/dev/null) || true
  case "$line" in
    "$program "*) printf '%s\n' "$line" | awk '{print $2}' ;;
    *) return 1 ;;
  esac
}

if state=$(supervised_state); then
  case "$state" in
    RUNNING | STARTING) ;;
    *)
      "${supervisorctl[@]}" start "$program" >/dev/null 2>&1 ||
        echo "supervisorctl could not start $program; see /var/log/portal/$program.log" >&2
      ;;
  esac
fi
# Either hands over to the running window (which comes to the front) or, without supervisor, becomes
# the window itself.
exec "${launcher[@]}" gui "$@"
