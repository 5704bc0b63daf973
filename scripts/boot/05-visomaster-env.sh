#!/bin/bash
# /etc/vast_boot.d/05-visomaster-env.sh — sourced (not run) by the base image's boot_default.sh before
# 10-prep-env.sh writes the environment into /etc/environment. Therefore: no `exit`, no `set -e`,
# nothing left behind but the variables it means to change. Idempotent: running it twice changes
# nothing more than running it once.
#
# VISO_WORKSPACE: the workspace (the base image's WORKSPACE unless set), for the launcher and the scripts.
# With a desktop: DISPLAY names the desktop's display (:1), so that GUI programs started from Jupyter's
# terminal or over SSH open on the desktop (/etc/environment carries it into those shells; the image's
# /etc/profile.d/visomaster-display.sh covers shells that skip it).
# A box started with VISO_HEADLESS=1 has no desktop: drop the portal's "Desktop" entry so the portal
# does not offer a link to nothing. The services decide for themselves as well (see scripts/lib).
__viso_boot_env() {
  # One workspace for every process: the base image names it WORKSPACE, the launcher reads VISO_WORKSPACE
  # (else /workspace). Exported here, it reaches /etc/environment and so supervisor's programs and shells.
  export VISO_WORKSPACE=${VISO_WORKSPACE:-${WORKSPACE:-/workspace}}
  case "${VISO_HEADLESS:-0}" in
    1 | true | TRUE | True | yes) ;;
    *)
      export DISPLAY=${DISPLAY:-${VISO_DISPLAY:-:1}}
      return 0
      ;;
  esac
  [ -n "${PORTAL_CONFIG:-}" ] || return 0
  PORTAL_CONFIG=$(printf '%s\n' "$PORTAL_CONFIG" | tr '|' '\n' |
    awk -F: '{ entry = $5; for (i = 6; i <= NF; i++) entry = entry ":" $i }
             tolower(entry) != "desktop"' | paste -sd '|' -)
  export PORTAL_CONFIG
  echo "VisoMaster: VISO_HEADLESS=1, so the portal's Desktop entry is left out; visomaster-provision installs VisoMaster."
}
__viso_boot_env
unset -f __viso_boot_env
