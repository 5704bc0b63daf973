#!/bin/bash
# /etc/vast_boot.d/06-visomaster-workspace.sh — sourced by the base image's boot (no `exit`, no `set -e`,
# idempotent). Puts the diagnostics notebook where Jupyter opens (the workspace) as a link to the image's
# copy in /notebooks, so it is always the image's current one, and creates the workspace's logs folder
# that /logs/workspace points at. A file of the user's with the same name is left alone.
__viso_boot_workspace() {
  local workspace=${VISO_WORKSPACE:-${WORKSPACE:-/workspace}} notebook
  mkdir -p "$workspace/logs" 2>/dev/null || return 0
  for notebook in /notebooks/*.ipynb; do
    [ -f "$notebook" ] || continue
    local link="$workspace/${notebook##*/}"
    if [ -L "$link" ] || [ ! -e "$link" ]; then
      ln -sfn "$notebook" "$link"
    fi
  done
}
__viso_boot_workspace
unset -f __viso_boot_workspace
