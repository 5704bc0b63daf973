#!/bin/bash
# The provisioning entry points that Vast's on-start scripts look for, installed as
# /vast_ai_provisioning_script.sh and /src/provisioning_script.sh (both links to this file).
# Installs VisoMaster into the workspace without a window: `visomaster-launcher provision`, which is
# idempotent (what is done and verified is skipped), so this is safe to run at any time and any number of
# times. When the launcher window (or another run) is provisioning the same workspace it holds the
# workspace's lock: then this waits up to VISO_PROVISION_WAIT_SECONDS (30) for it, and if it is still at
# work, says so and exits 0, since that run finishes the job.
# Logs to /var/log/portal/visomaster-provisioning.log (the portal's log viewer) and
# /workspace/logs/visomaster-provisioning.log.
# Exit: 0 installed (or being installed by the window), 1 a step failed, 2 a configuration error.
set -uo pipefail

here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
# shellcheck source=SCRIPTDIR/lib/viso-common.sh
. "${VISO_LIB:-$here/lib/viso-common.sh}"

# Always our own name, never the caller's: Jupyter's terminals and kernels carry PROC_NAME=jupyter and the
# desktop's PROC_NAME=desktop, and viso_setup_logging would rotate and write that service's portal log.
export PROC_NAME=visomaster-provisioning
viso_load_environment
workspace=${VISO_WORKSPACE:-${WORKSPACE:-/workspace}}
VISO_LOG_ALSO="$workspace/logs/$PROC_NAME.log" viso_setup_logging

launcher=()
viso_split_command "$(viso_launcher_command)" launcher
wait_limit=${VISO_PROVISION_WAIT_SECONDS:-30}
case "$wait_limit" in
  '' | *[!0-9]*)
    viso_log "VISO_PROVISION_WAIT_SECONDS='$wait_limit' is not a whole number of seconds; waiting up to 30 s instead (set it to a number such as 60)."
    wait_limit=30
    ;;
esac
if viso_is_headless; then
  follow="Follow it in $workspace/logs/provision.log (or the visomaster-provision log in the Instance Portal)"
else
  follow="Follow it in the launcher window on the desktop or in $workspace/logs/provision.log"
fi
waited=0
viso_log "Provisioning VisoMaster in $workspace: ${launcher[*]} provision"
while :; do
  "${launcher[@]}" provision
  status=$?
  [ "$status" -eq 3 ] || break
  if [ "$waited" -ge "$wait_limit" ]; then
    holder=$(tr -dc '0-9' <"$workspace/.launcher/lock" 2>/dev/null)
    viso_log "The launcher${holder:+ (pid $holder)} is provisioning this workspace right now and finishes the job itself; nothing else to do here. $follow, and run this script again afterwards if you like (it is safe at any time)."
    exit 0
  fi
  viso_log "Another launcher run holds the workspace; waiting for it (${waited}s of ${wait_limit}s)…"
  sleep 5
  waited=$((waited + 5))
done
case "$status" in
  0) viso_log "VisoMaster is installed and verified in $workspace." ;;
  2) viso_log "The launcher's configuration is wrong (exit 2); the lines above name the file and key to fix." ;;
  *) viso_log "Provisioning stopped with exit code $status; the lines above say why. Fix that and run ${0#./} again (or click Retry in the launcher window)." ;;
esac
exit "$status"
