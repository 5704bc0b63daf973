#!/bin/bash
# Last step of the image build: fails the build, with one line per problem, when the image lacks
# something the desktop or the launcher needs at boot. Also runnable in a container to diagnose.
set -uo pipefail

problems=0
need() {
  local what=$1
  shift
  if ! "$@" >/dev/null 2>&1; then
    echo "image-check: missing $what" >&2
    problems=$((problems + 1))
  fi
}

need "KasmVNC's Xvnc (kasmvncserver .deb)" command -v Xvnc
need "kasmvncpasswd (kasmvncserver .deb)" command -v kasmvncpasswd
need "KasmVNC's web client in /usr/share/kasmvnc/www" test -f /usr/share/kasmvnc/www/index.html
need "a readable snake-oil certificate (ssl-cert)" test -r /etc/ssl/certs/ssl-cert-snakeoil.pem
need "a readable snake-oil key (ssl-cert)" test -r /etc/ssl/private/ssl-cert-snakeoil.key
need "xfce4-session" command -v xfce4-session
need "dbus-run-session" command -v dbus-run-session
need "thunar" command -v thunar
need "xfce4-terminal" command -v xfce4-terminal
need "xdpyinfo (x11-utils)" command -v xdpyinfo
need "xdg-open (xdg-utils: the window's Show log / Open log folder)" command -v xdg-open
need "exo-open (exo-utils: what xdg-open runs on XFCE)" command -v exo-open
need "a text viewer for logs (mousepad)" command -v mousepad
need "ffmpeg" command -v ffmpeg
need "git" command -v git
need "the XFCE panel's default layout (no first-start question)" \
  test -f /etc/xdg/xfce4/xfconf/xfce-perchannel-xml/xfce4-panel.xml
need "XFCE's Failsafe session in the package's xfce4-session.xml (the image must not replace that file)" \
  grep -q FailsafeSessionName /etc/xdg/xfce4/xfconf/xfce-perchannel-xml/xfce4-session.xml
for channel in xfce4-session xfwm4 xfce4-desktop; do
  need "the image's XFCE settings for $channel in /etc/xdg/visomaster" \
    test -f "/etc/xdg/visomaster/xfce4/xfconf/xfce-perchannel-xml/$channel.xml"
done
for entry in /vast_ai_provisioning_script.sh /src/provisioning_script.sh; do
  need "the provisioning entry point $entry" test -x "$entry"
done
need "/logs/portal -> /var/log/portal" test "$(readlink /logs/portal)" = /var/log/portal
need "/logs/workspace -> /workspace/logs" test "$(readlink /logs/workspace)" = /workspace/logs
need "the diagnostics notebook in /notebooks" test -s /notebooks/VisoMaster-Diagnostics.ipynb
need "DISPLAY for login shells (/etc/profile.d/visomaster-display.sh)" test -r /etc/profile.d/visomaster-display.sh
need "bash completion for visomaster-launcher (/etc/bash_completion.d, /etc/profile.d)" bash -c \
  '. /etc/bash_completion.d/visomaster-launcher && complete -p visomaster-launcher && test -r /etc/profile.d/visomaster-completion.sh'
need "the launcher's Java runtime" /opt/visomaster-launcher/runtime/bin/java -version
need "JavaFX in the launcher's runtime" sh -c \
  '/opt/visomaster-launcher/runtime/bin/java --list-modules | grep -q "^javafx.controls@"'
need "the visomaster-launcher command" command -v visomaster-launcher
need "the visomaster-open command" command -v visomaster-open
for entry in visomaster-launcher visomaster; do
  need "/usr/share/applications/$entry.desktop" test -f "/usr/share/applications/$entry.desktop"
  need "the $entry icon" test -f "/usr/share/icons/hicolor/128x128/apps/$entry.png"
done
for lib in libgtk-3.so.0 libXtst.so.6 libXxf86vm.so.1 libGL.so.1 libEGL.so.1 libxkbcommon-x11.so.0 \
  libxcb-cursor.so.0 libxcb-icccm.so.4 libxcb-image.so.0 libxcb-keysyms.so.1 libxcb-render-util.so.0 \
  libxcb-shape.so.0 libxcb-randr.so.0 libxcb-xinerama.so.0 libglib-2.0.so.0; do
  need "$lib (JavaFX / VisoMaster's Qt)" sh -c "ldconfig -p | grep -q '$lib '"
done

if [ "$problems" -gt 0 ]; then
  echo "image-check: $problems problem(s); the image would not boot into a working desktop." >&2
  exit 1
fi
echo "image-check: everything the desktop and the launcher need is installed."
