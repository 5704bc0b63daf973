#!/bin/bash
# Supervisor program "visomaster-launcher": the launcher window on the desktop's display, started at boot
# whether or not anyone has connected yet, so provisioning is under way before the user looks.
#
# Why supervisor and not XDG autostart: it starts exactly once per boot (XFCE's autostart would start
# it again with every new session), it is restarted after a crash (autorestart=unexpected), it stays
# closed when the user closes the window on purpose (the launcher exits 0, listed in exitcodes), and
# its output lands in the portal's log viewer. A second start from the desktop icon goes through
# open-launcher.sh, and the launcher itself is single-instance per workspace.
#
# Environment: VISO_DISPLAY (:1), VISO_LAUNCHER_CMD (/usr/local/bin/visomaster-launcher),
# VISO_WORKSPACE, VISO_HEADLESS.
set -uo pipefail

here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
# shellcheck source=SCRIPTDIR/lib/viso-common.sh
. "${VISO_LIB:-$here/lib/viso-common.sh}"

export PROC_NAME=${PROC_NAME:-visomaster-launcher}
viso_load_environment
viso_setup_logging

viso_require_desktop "VISO_HEADLESS=1: provisioning runs in the visomaster-provision service instead."

display=$(viso_display)
viso_wait_for_boot_provisioning
viso_wait_for_x "$display" || exit 1

export DISPLAY=$display
# The launcher's browser drop page listens on the internal port of the portal's "Upload" entry.
VISO_UPLOAD_PORT=$(viso_portal_port "Upload" 17860)
export VISO_UPLOAD_PORT

launcher=()
viso_split_command "$(viso_launcher_command)" launcher
viso_log "Starting the launcher window on $display: ${launcher[*]} gui (workspace: ${VISO_WORKSPACE:-default})"
exec "${launcher[@]}" gui
