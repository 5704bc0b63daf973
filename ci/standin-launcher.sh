#!/bin/bash
# Stand-in for `visomaster-launcher` in ci/session-smoke.sh: a plain X client whose window has the
# launcher's title. It exercises the image's session and supervisor wiring (start at boot, restart
# after a crash, stay closed after a deliberate close) independently of the JavaFX window.
# `gui` opens the window and exits 0 when its button is pressed (like a user closing the launcher); when
# the window is already open it raises it and exits 0 (the launcher's single-instance handoff). Any
# other command exits 2, as an unknown command does.
set -euo pipefail
title="VisoMaster Launcher"
case "${1:-gui}" in
  gui)
    if running=$(xdotool search --name "^$title\$" 2>/dev/null) && [ -n "$running" ]; then
      xdotool windowraise "$(head -n1 <<<"$running")"
      exit 0
    fi
    exec xmessage -title "$title" -default okay -buttons okay:0 "stand-in for the VisoMaster Launcher window"
    ;;
  *) echo "stand-in launcher: only 'gui' is implemented" >&2; exit 2 ;;
esac
