# shellcheck shell=sh
# /etc/profile.d/visomaster-display.sh — login shells (SSH, Jupyter's terminal) get DISPLAY=:1, the
# desktop's display, when it runs and nothing set DISPLAY already, so a GUI program started there opens
# on the desktop. Set DISPLAY yourself to choose another one.
if [ -z "${DISPLAY:-}" ] && [ -S /tmp/.X11-unix/X1 ]; then
  DISPLAY=:1
  export DISPLAY
fi
