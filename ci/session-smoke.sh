#!/bin/bash
# Session smoke test: boots the image's desktop services the way the image does — supervisord with the
# repository's supervisor/*.conf and the real scripts — with Xvfb standing in for KasmVNC's Xvnc
# (VISO_X_SERVER_CMD), a temporary HOME, workspace and portal-log folder, and checks that:
#   the X server and the desktop session come up by themselves; the KasmVNC password is generated into
#   a root-only file and never logged; ~/Downloads is the workspace's output folder; the desktop icons
#   are links to the installed entries; the headless-only services step aside cleanly; the launcher's
#   window "VisoMaster Launcher" appears with nobody connected, and provisioning begins in the test
#   workspace; after a crash (SIGKILL) supervisor brings the window back.
# With the stand-in launcher (ci/standin-launcher.sh) it also checks that a window closed on purpose
# (exit 0) stays closed, and that the desktop icon's command (scripts/open-launcher.sh) brings it back
# under supervisor without ever showing two windows.
#
# Usage: ci/session-smoke.sh [real|standin]
#   real     the checkout's bin/visomaster-launcher (or VISO_SMOKE_LAUNCHER)        [default]
#   standin  ci/standin-launcher.sh, an xmessage window with the launcher's title
# Artifacts (screenshot, logs, workspace): target/smoke/<mode>/
# Needs: supervisor, xvfb, x11-utils, xdotool, imagemagick, git.
set -uo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
mode=${1:-real}
out="$root/target/smoke/$mode"
timeout_s=${VISO_SMOKE_TIMEOUT:-150}
failures=0
skipped=""

ok() { echo "  ok: $*"; }
fail() { echo "  FAIL: $*"; failures=$((failures + 1)); }

# wait_for SECONDS COMMAND… : polls every half second.
wait_for() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -ge "$deadline" ] && return 1
    sleep 0.5
  done
}

case "$mode" in
  real) launcher_cmd=${VISO_SMOKE_LAUNCHER:-$root/bin/visomaster-launcher} ;;
  standin) launcher_cmd="$root/ci/standin-launcher.sh" ;;
  *) echo "usage: $0 [real|standin]" >&2; exit 2 ;;
esac

echo "Session smoke test ($mode): launcher = $launcher_cmd"
rm -rf "$out"
mkdir -p "$out/home" "$out/workspace" "$out/portal-logs" "$out/conf.d"

window_expected=1

# A fixture VisoMaster repository, cloned over file:// so provisioning starts without a network.
fixture="$out/fixture-repo"
mkdir -p "$fixture/app"
printf 'print("fixture VisoMaster")\n' >"$fixture/main.py"
: >"$fixture/app/__init__.py"
if ! { git -C "$fixture" init -q -b main && git -C "$fixture" add -A &&
  git -C "$fixture" -c user.name=smoke -c user.email=smoke@example.invalid commit -q -m fixture; }; then
  echo "  FAIL: could not create the fixture git repository"
  exit 1
fi
cat >"$out/workspace/launcher.json" <<EOF
{
  "repoUrl": "file://$fixture",
  "ref": "main",
  "modelsBaseUrl": "http://127.0.0.1:9/models",
  "autoProvision": true
}
EOF

# A display nobody uses.
display_number=""
for n in $(seq 91 140); do
  if [ ! -e "/tmp/.X$n-lock" ] && [ ! -e "/tmp/.X11-unix/X$n" ]; then
    display_number=$n
    break
  fi
done
[ -n "$display_number" ] || { echo "  FAIL: no free X display between :91 and :140"; exit 1; }
display=":$display_number"

# The environment supervisord passes to the services (in the image it comes from the boot scripts).
unset VNC_PW WEB_PASSWORD OPEN_BUTTON_TOKEN VISO_HEADLESS WORKSPACE VISO_SESSION_CMD DISPLAY
export HOME="$out/home" XDG_CACHE_HOME="$out/home/.cache"
export VISO_WORKSPACE="$out/workspace" VISO_LOG_DIR="$out/portal-logs" VISO_STATE_DIR="$out/state"
export VISO_ENV_FILE=/dev/null VISO_PORTAL_YAML="$out/no-portal/portal.yaml"
export VISO_BOOT_PROVISIONING_FLAG="$out/no-boot-provisioning" VISO_SKIP_DIR="$out/supervisor-skip"
export VISO_DISPLAY="$display" VISO_X_SERVER_CMD="Xvfb $display -screen 0 1600x900x24 -nolisten tcp"
export VISO_APPLICATIONS_DIR="$root/desktop-entries" VISO_LAUNCHER_CMD="$launcher_cmd"
export VISO_JAVA_OPTS="-Dprism.order=sw"
PORTAL_CONFIG=$(sed -n 's/^ENV PORTAL_CONFIG="\([^"]*\)".*/\1/p' "$root/Dockerfile")
export PORTAL_CONFIG

# supervisord as in the image, with the programs' image paths pointed at the checkout.
for conf in "$root"/supervisor/*.conf; do
  sed -e "s#/opt/visomaster/#$root/#g" -e "s#HOME=\"/root\"#HOME=\"$HOME\"#" "$conf" >"$out/conf.d/$(basename "$conf")"
done
cat >"$out/supervisord.conf" <<EOF
[unix_http_server]
file=$out/supervisor.sock
[supervisord]
logfile=$out/supervisord.log
pidfile=$out/supervisord.pid
childlogdir=$out
[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
[supervisorctl]
serverurl=unix://$out/supervisor.sock
[include]
files = $out/conf.d/*.conf
EOF
ctl() { supervisorctl -c "$out/supervisord.conf" "$@"; }
state_of() { ctl status "$1" 2>/dev/null | awk '{print $2}'; }
state_is() { [ "$(state_of "$1")" = "$2" ]; }

supervisord -n -c "$out/supervisord.conf" >"$out/supervisord.stdout" 2>&1 &
supervisord_pid=$!

teardown() {
  # VISO_SMOKE_HOLD=SECONDS keeps everything running for a look (e.g. DISPLAY=:91 xwininfo -root -tree).
  [ -n "${VISO_SMOKE_HOLD:-}" ] && echo "Holding for ${VISO_SMOKE_HOLD}s (display $display)…" && sleep "$VISO_SMOKE_HOLD"
  ctl shutdown >/dev/null 2>&1
  local waited=0
  while kill -0 "$supervisord_pid" 2>/dev/null && [ "$waited" -lt 40 ]; do
    sleep 0.5
    waited=$((waited + 1))
  done
  kill -KILL "$supervisord_pid" 2>/dev/null
  # An X server left behind by a killed supervisord: only ours, identified by its lock.
  local lock="/tmp/.X$display_number-lock" pid
  if [ -f "$lock" ]; then
    pid=$(tr -dc '0-9' <"$lock")
    if [ -n "$pid" ] && grep -q "Xvfb" "/proc/$pid/cmdline" 2>/dev/null; then
      kill "$pid" 2>/dev/null
    fi
  fi
}
trap teardown EXIT

logs="$VISO_LOG_DIR"
if wait_for 40 xdpyinfo -display "$display"; then
  ok "the kasmvnc program started the X server on $display (Xvfb standing in for Xvnc)"
else
  fail "no X server on $display after 40 s; see $logs/kasmvnc.log"
fi

password_file="$VISO_STATE_DIR/vnc-password"
if wait_for 10 test -s "$password_file"; then
  mode_file=$(stat -c %a "$password_file") mode_dir=$(stat -c %a "$VISO_STATE_DIR")
  if [ "$mode_file" = 600 ] && [ "$mode_dir" = 700 ]; then
    ok "KasmVNC password generated into a root-only file ($mode_file, folder $mode_dir)"
  else
    fail "password file mode $mode_file / folder $mode_dir, expected 600 / 700"
  fi
  password=$(cat "$password_file")
  if grep -rqF -- "$password" "$logs" "$out/supervisord.stdout" "$out/supervisord.log"; then
    fail "the generated password appears in a log"
  else
    ok "the password is not in any log"
  fi
  if grep -qF "$password_file" "$logs/kasmvnc.log"; then
    ok "the log names the password file"
  else
    fail "kasmvnc.log does not name $password_file"
  fi
else
  fail "no generated password in $password_file"
fi

if [ "$(readlink "$HOME/Downloads")" = "$VISO_WORKSPACE/output" ] && [ -d "$VISO_WORKSPACE/output" ]; then
  ok "HOME/Downloads -> workspace output (KasmVNC's download panel)"
else
  fail "HOME/Downloads is not a link to $VISO_WORKSPACE/output"
fi

if wait_for 40 grep -q "Starting the desktop session" "$logs/desktop.log"; then
  ok "the desktop program started a session ($(grep -o 'Starting the desktop session.*' "$logs/desktop.log" | head -n1))"
else
  fail "the desktop session did not start; see $logs/desktop.log"
fi
# The image's desktop has a window manager; a smoke without one hides focus and key handling bugs
# (VISO_SMOKE_REQUIRE_WM=1, as container-checks.sh sets it, makes its absence a failure).
wm_running() { DISPLAY=$display xprop -root _NET_SUPPORTING_WM_CHECK 2>/dev/null | grep -q 'window id'; }
if wait_for 40 wm_running; then
  ok "a window manager runs on $display ($(pgrep -x xfwm4 >/dev/null && echo xfwm4 || echo 'not xfwm4'))"
elif [ "${VISO_SMOKE_REQUIRE_WM:-0}" = 1 ]; then
  fail "no window manager on $display within 40 s (install xfce4-session xfwm4 …, as the image has them)"
else
  skipped="${skipped:+$skipped, }no window manager (XFCE not installed)"
fi
for entry in visomaster-launcher visomaster; do
  if [ "$(readlink "$HOME/Desktop/$entry.desktop")" = "$root/desktop-entries/$entry.desktop" ]; then
    ok "desktop icon $entry.desktop is a link to the installed entry (trusted by XFCE)"
  else
    fail "no desktop icon link for $entry.desktop"
  fi
done

for program in visomaster-provision visomaster-upload; do
  if wait_for 20 state_is "$program" EXITED; then
    ok "$program stepped aside cleanly on a desktop box (EXITED, not restarted)"
  else
    fail "$program is $(state_of "$program"), expected EXITED; see $logs/$program.log"
  fi
done

if wait_for 60 grep -q "Starting the launcher window" "$logs/visomaster-launcher.log"; then
  ok "the visomaster-launcher program started the launcher on $display with nobody connected"
else
  fail "the launcher program did not start the launcher; see $logs/visomaster-launcher.log"
fi

find_window() { DISPLAY=$display xdotool search --name '^VisoMaster Launcher$' 2>/dev/null | head -n1; }
window_up() { [ -n "$(find_window)" ]; }

if [ "$window_expected" = 1 ]; then
  if wait_for "$timeout_s" window_up; then
    ok "window \"VisoMaster Launcher\" is on screen"
  else
    fail "no \"VisoMaster Launcher\" window within ${timeout_s}s; see $logs/visomaster-launcher.log"
  fi
  if [ "$mode" = real ]; then
    provisioning_began() {
      grep -q "StepStarted" "$VISO_WORKSPACE/logs/provision.jsonl" 2>/dev/null ||
        [ -f "$VISO_WORKSPACE/.launcher/state.json" ]
    }
    if wait_for 90 provisioning_began; then
      ok "provisioning began in the test workspace by itself"
    else
      fail "provisioning did not begin: no StepStarted in $VISO_WORKSPACE/logs/provision.jsonl"
    fi
  fi
fi

sleep 1
if DISPLAY=$display import -window root "$out/session.png" 2>"$out/import.err" && [ -s "$out/session.png" ]; then
  ok "screenshot saved: $out/session.png ($(identify -format '%wx%h' "$out/session.png" 2>/dev/null))"
else
  fail "could not take a screenshot: $(head -n1 "$out/import.err")"
fi

if [ "$window_expected" = 1 ]; then
  old_pid=$(ctl pid visomaster-launcher)
  if [ -n "$old_pid" ] && [ "$old_pid" != 0 ]; then
    kill -KILL "$old_pid"
    restarted() { local p; p=$(ctl pid visomaster-launcher); [ -n "$p" ] && [ "$p" != 0 ] && [ "$p" != "$old_pid" ]; }
    if wait_for 30 restarted && wait_for "$timeout_s" window_up; then
      ok "after a crash (SIGKILL) supervisor restarted the launcher and its window is back"
    else
      fail "the launcher did not come back after a crash (state $(state_of visomaster-launcher))"
    fi
  else
    fail "the launcher program is not running (state $(state_of visomaster-launcher))"
  fi
fi

if [ "$mode" = standin ] && [ "$window_expected" = 1 ]; then
  # Press the window's default button, as a user closing it: the stand-in exits 0. Only once supervisor
  # counts the program as started (RUNNING after startsecs): an exit while STARTING is a failed start,
  # which supervisor retries. A window that has just been mapped may not take keys yet, hence the retries.
  # Under a window manager the window has the focus, so xdotool presses Return through XTEST; the window
  # closes on the press, xdotool's release then fails on the vanished window, and Return stays down with
  # autorepeat on: every stand-in window opened later (its default button answers Return) would close at
  # once, exit 0 before startsecs, and supervisor would give up (FATAL). The keyup releases it for good.
  wait_for 30 state_is visomaster-launcher RUNNING
  for _ in 1 2 3 4 5; do
    wid=$(find_window)
    [ -n "$wid" ] && DISPLAY=$display xdotool key --window "$wid" Return >/dev/null 2>&1
    DISPLAY=$display xdotool keyup Return >/dev/null 2>&1
    wait_for 3 state_is visomaster-launcher EXITED && break
    [ -n "${VISO_SMOKE_DEBUG:-}" ] && echo "  debug: window [$wid] state $(state_of visomaster-launcher) windows: $(DISPLAY=$display xdotool search --name "^VisoMaster Launcher$" | tr "\n" " ")"
  done
  if wait_for 5 state_is visomaster-launcher EXITED; then
    sleep 4
    if [ "$(state_of visomaster-launcher)" = EXITED ] && ! window_up; then
      ok "a window closed on purpose (exit 0) stays closed"
    else
      fail "after a deliberate close the launcher came back ($(state_of visomaster-launcher))"
    fi
  else
    fail "the deliberate close did not end the launcher (state $(state_of visomaster-launcher))"
  fi
fi

if [ "$mode" = standin ] && [ "$window_expected" = 1 ]; then
  # The desktop icon after a deliberate close: visomaster-open starts the supervised launcher again and
  # hands over to it, so there is exactly one window, under supervisor.
  DISPLAY=$display VISO_SUPERVISORCTL="supervisorctl -c $out/supervisord.conf" "$root/scripts/open-launcher.sh" >"$out/open-launcher.out" 2>&1
  open_rc=$?
  windows() { DISPLAY=$display xdotool search --name '^VisoMaster Launcher$' 2>/dev/null | wc -l; }
  if [ "$open_rc" -eq 0 ] && wait_for 20 state_is visomaster-launcher RUNNING && wait_for 20 window_up; then
    sleep 2
    if [ "$(windows)" -eq 1 ]; then
      ok "the desktop icon (visomaster-open) reopened the launcher under supervisor, one window"
    else
      fail "visomaster-open left $(windows) launcher windows"
    fi
  else
    fail "visomaster-open did not reopen the launcher (exit $open_rc, state $(state_of visomaster-launcher))"
  fi
  # Clicking the icon again while it runs hands over instead of opening a second window.
  DISPLAY=$display VISO_SUPERVISORCTL="supervisorctl -c $out/supervisord.conf" "$root/scripts/open-launcher.sh" >>"$out/open-launcher.out" 2>&1
  sleep 2
  if [ "$(windows)" -eq 1 ] && state_is visomaster-launcher RUNNING; then
    ok "a second click on the icon opens no second window"
  else
    fail "a second click left $(windows) windows (state $(state_of visomaster-launcher))"
  fi
fi

echo "Session smoke test ($mode): $failures failure(s)${skipped:+; SKIPPED: $skipped}. Artifacts: $out"
[ "$failures" -eq 0 ]
