#!/bin/bash
# Supervisor program "visomaster-guard": the idle guard. It stops this Vast instance after
# VISO_IDLE_STOP_MINUTES idle minutes (default 60 on Vast, 0 = off; announced 5 minutes before) and sends
# notifications to VISO_NOTIFY_URL. Runs with and without a desktop, so closing the window changes nothing.
set -uo pipefail

here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
# shellcheck source=SCRIPTDIR/lib/viso-common.sh
. "${VISO_LIB:-$here/lib/viso-common.sh}"

export PROC_NAME=${PROC_NAME:-visomaster-guard}
viso_load_environment
viso_setup_logging

launcher=()
viso_split_command "$(viso_launcher_command)" launcher
viso_log "Idle guard: ${launcher[*]} guard (a stopped box keeps its disk; start it again from the Vast console)."
exec "${launcher[@]}" guard
