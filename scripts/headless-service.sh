#!/bin/bash
# Supervisor programs for a box without a desktop (VISO_HEADLESS=1):
#   headless-service.sh provision   program "visomaster-provision": installs everything once per boot
#   headless-service.sh serve       program "visomaster-upload": the browser drop page (portal "Upload")
# With a desktop both jobs belong to the launcher window, so both programs step aside.
set -uo pipefail

here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
# shellcheck source=SCRIPTDIR/lib/viso-common.sh
. "${VISO_LIB:-$here/lib/viso-common.sh}"

mode=${1:-}
case "$mode" in
  provision) export PROC_NAME=${PROC_NAME:-visomaster-provision} ;;
  serve) export PROC_NAME=${PROC_NAME:-visomaster-upload} ;;
  *)
    echo "Usage: $0 provision|serve" >&2
    exit 2
    ;;
esac
viso_load_environment
viso_setup_logging

if ! viso_is_headless; then
  viso_skip "the desktop's launcher window does this (set VISO_HEADLESS=1 for a box without a desktop)."
fi

launcher=()
viso_split_command "$(viso_launcher_command)" launcher

if [ "$mode" = serve ]; then
  viso_wait_for_portal_config
  if ! viso_portal_has "Upload"; then
    viso_skip "the portal configuration has no \"Upload\" entry."
  fi
  port=$(viso_portal_port "Upload" 17860)
  viso_log "Serving the upload page on 127.0.0.1:$port (portal entry \"Upload\")."
  exec "${launcher[@]}" serve --port "$port"
fi

viso_wait_for_boot_provisioning
viso_log "Provisioning VisoMaster without a desktop: ${launcher[*]} provision"
"${launcher[@]}" provision
status=$?
if [ "$status" -eq 0 ]; then
  viso_log "Provisioning finished."
else
  viso_log "Provisioning stopped with exit code $status; the lines above say why. Run 'supervisorctl start visomaster-provision' to try again."
fi
exit "$status"
