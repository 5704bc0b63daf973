# shellcheck shell=bash
# shellcheck disable=SC2154,SC2317,SC2016 # name, ns_path, out, root: set by ci/image-boot.sh; helpers called through wait_for; commands run in the container
# The checks of the booted image, sourced by ci/image-boot.sh (which sets name, ns_path, out, root). They
# look from outside: the host's X tools through the container's network namespace (its X server's abstract
# socket), podman exec for processes and files, curl inside the namespace for the HTTP services.

ok() { echo "  ok: $*"; boot_passed=$((boot_passed + 1)); }
bad() { echo "  FAIL: $*"; boot_failed=$((boot_failed + 1)); }
# check DESCRIPTION COMMAND…: ok or FAIL by the command's exit status.
check() { local what=$1; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }
X() { nsenter --net="$ns_path" env DISPLAY=:1 "$@"; }
in_ns() { nsenter --net="$ns_path" "$@"; }
in_ctr() { podman exec "$name" "$@"; }
wait_for() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -ge "$deadline" ] && return 1
    sleep 1
  done
}

launcher_window() { X xdotool search --name '^VisoMaster Launcher$' 2>/dev/null | head -n1; }
window_up() { [ -n "$(launcher_window)" ]; }
wm_window() { X xprop -root _NET_SUPPORTING_WM_CHECK 2>/dev/null | grep -o '0x[0-9a-f]*'; }
wm_name() { local w; w=$(wm_window) && X xprop -id "$w" _NET_WM_NAME 2>/dev/null | sed -n 's/.*= "\(.*\)"/\1/p'; }
wm_is_xfwm4() { [ "$(wm_name)" = Xfwm4 ]; }
# supervisorctl exits 3 when a program is not running: read its state rather than its exit status.
program_state() { in_ctr supervisorctl status "$1" 2>/dev/null | awk '{print $2}'; }
launcher_pid() { in_ctr supervisorctl pid visomaster-launcher 2>/dev/null | tr -dc '0-9'; }
events() { cat "$out/workspace/logs/provision.jsonl" 2>/dev/null; }
run_started() { events | grep -q '"StepStarted"'; }
provision_complete() { in_ctr visomaster-launcher --json status 2>/dev/null | grep -q '"complete" *: *true'; }

# The managed windows (_NET_CLIENT_LIST) as "id<TAB>type<TAB>title" lines.
client_windows() {
  local w
  for w in $(X xprop -root _NET_CLIENT_LIST 2>/dev/null | grep -o '0x[0-9a-f]*'); do
    printf '%s\t%s\t%s\n' "$w" \
      "$(X xprop -id "$w" _NET_WM_WINDOW_TYPE 2>/dev/null | grep -o '_NET_WM_WINDOW_TYPE_[A-Z_]*' | head -n1)" \
      "$(X xprop -id "$w" _NET_WM_NAME 2>/dev/null | sed -n 's/.*= "\(.*\)"/\1/p')"
  done
}

check_desktop_session() {
  check "the X server (KasmVNC stand-in) answers on :1" wait_for 90 X xdpyinfo
  if wait_for 90 wm_is_xfwm4; then
    ok "a window manager owns the screen: _NET_SUPPORTING_WM_CHECK -> $(wm_window) \"$(wm_name)\""
  else
    bad "no window manager: _NET_SUPPORTING_WM_CHECK gives '$(wm_window)' '$(wm_name)'; see desktop.log"
  fi
  for program in xfwm4 xfce4-panel xfdesktop; do
    check "$program runs" wait_for 60 in_ctr pgrep -x "$program"
  done
  panel_and_desktop_mapped() {
    local types
    types=$(client_windows | cut -f2)
    grep -q _NET_WM_WINDOW_TYPE_DOCK <<<"$types" && grep -q _NET_WM_WINDOW_TYPE_DESKTOP <<<"$types"
  }
  if wait_for 60 panel_and_desktop_mapped; then
    ok "the panel (DOCK windows) and the desktop (a DESKTOP window) are mapped"
  else
    bad "no panel or desktop window among the managed windows: $(client_windows | cut -f2,3 | paste -sd, -)"
  fi
  check "compositing is off (no _NET_WM_CM_S0 owner)" bash -c "! nsenter --net='$ns_path' env DISPLAY=:1 xprop -root _NET_WM_CM_S0 2>/dev/null | grep -q window"
}

# find_icon NAME: "x y" of the centre of the desktop icon drawn from assets/icons/NAME.png (48 px, as
# xfdesktop draws it) in the icon column of desktop-icons.png; fails when nothing there looks like it.
find_icon() {
  local template="$out/icon-$1.png" result score x y
  convert "$root/assets/icons/$1.png" -resize 48x48 -background '#1e2233' -flatten "$template"
  result=$(compare -metric RMSE -subimage-search "$out/icon-strip.png" "$template" null: 2>&1 | tail -n1)
  score=$(sed -n 's/.*(\([0-9.]*\)).*/\1/p' <<<"$result")
  x=$(sed -n 's/.*@ \([0-9]*\),\([0-9]*\).*/\1/p' <<<"$result")
  y=$(sed -n 's/.*@ \([0-9]*\),\([0-9]*\).*/\2/p' <<<"$result")
  echo "  (icon $1: best match $score at $x,$y; a missing icon scores about 0.3)" >&2
  [ -n "$score" ] && awk -v s="$score" 'BEGIN { exit !(s < 0.22) }' || return 1
  echo "$((x + 24)) $((y + 24))"
}

double_click() { X xdotool mousemove "$1" "$2" click --repeat 2 --delay 120 1; }

check_desktop_icons() {
  local rc_file icon missing="" wid at state
  # xfdesktop records where it placed each icon.
  if wait_for 60 in_ctr grep -q '^\[/root/Desktop/' /root/.config/xfce4/desktop/icons.screen.latest.rc; then
    rc_file=$(in_ctr cat /root/.config/xfce4/desktop/icons.screen.latest.rc)
    for icon in visomaster-launcher.desktop visomaster.desktop workspace output; do
      grep -qxF "[/root/Desktop/$icon]" <<<"$rc_file" || missing+=" $icon"
    done
    if [ -z "$missing" ]; then
      ok "xfdesktop placed the four icons: $(grep -o '^\[/root/Desktop/[^]]*' <<<"$rc_file" | sed 's|.*/||' | paste -sd, -)"
    else
      bad "xfdesktop did not place:$missing (its icon file: $(tr '\n' ' ' <<<"$rc_file"))"
    fi
  else
    bad "xfdesktop placed no icons (/root/.config/xfce4/desktop/icons.screen.latest.rc)"
  fi
  for icon in visomaster-launcher.desktop visomaster.desktop workspace output; do
    check "desktop icon $icon is a link (trusted without a checksum)" in_ctr test -L "/root/Desktop/$icon"
  done
  # The window covers the icons: minimize it, look, and bring it back with its own desktop icon.
  wid=$(launcher_window)
  [ -n "$wid" ] && X xdotool windowminimize "$wid"
  sleep 2
  screenshot desktop-icons.png
  convert "$out/desktop-icons.png" -crop 200x700+0+0 +repage "$out/icon-strip.png"
  for icon in visomaster visomaster-launcher; do
    if at=$(find_icon "$icon"); then
      ok "the $icon icon is drawn on the desktop (centre at $at)"
    else
      bad "the $icon icon is not drawn in the desktop's icon column (see desktop-icons.png)"
    fi
  done
  at=$(find_icon visomaster-launcher 2>/dev/null) || return
  double_click "${at% *}" "${at#* }"
  normal_again() { state=$(X xprop -id "$wid" WM_STATE 2>/dev/null | sed -n 's/.*window state: //p'); [ "$state" = Normal ]; }
  if wait_for 30 normal_again && [ "$(X xdotool search --name '^VisoMaster Launcher$' | wc -l)" -eq 1 ]; then
    ok "a double click on the launcher's desktop icon brought the minimized window back (one window)"
  else
    bad "the launcher's desktop icon did not bring the window back (state '$state')"
  fi
}

# A window closed on purpose stays closed; its desktop icon starts it again under supervisor.
check_close_and_reopen() {
  local wid at
  wid=$(launcher_window)
  [ -n "$wid" ] || { bad "no launcher window to close"; return; }
  local started=$SECONDS
  X xdotool windowactivate --sync "$wid" key alt+F4
  program_exited() { [ "$(program_state visomaster-launcher)" = EXITED ]; }
  if ! wait_for 60 program_exited; then
    bad "Alt+F4 did not end the launcher: $(in_ctr supervisorctl status visomaster-launcher)"
    return
  fi
  sleep 5
  if program_exited && ! window_up; then
    ok "the window closed on purpose (Alt+F4, ended after $((SECONDS - started - 5)) s) stays closed (supervisor: EXITED)"
  else
    bad "after Alt+F4: $(in_ctr supervisorctl status visomaster-launcher); windows: $(client_windows | cut -f3 | paste -sd, -)"
    return
  fi
  at=$(find_icon visomaster-launcher 2>/dev/null) || { bad "no launcher icon to click"; return; }
  double_click "${at% *}" "${at#* }"
  program_running() { [ "$(program_state visomaster-launcher)" = RUNNING ]; }
  if wait_for 60 program_running && wait_for 120 window_up && sleep 2 &&
    [ "$(X xdotool search --name '^VisoMaster Launcher$' | wc -l)" -eq 1 ]; then
    ok "its desktop icon opened it again, under supervisor (RUNNING), one window"
  else
    bad "the desktop icon did not reopen the launcher: $(in_ctr supervisorctl status visomaster-launcher)"
  fi
}

check_launcher_window() {
  local wid extents state
  if wait_for 180 window_up; then
    wid=$(launcher_window)
    ok "window \"VisoMaster Launcher\" is on screen ($wid)"
  else
    bad "no \"VisoMaster Launcher\" window within 180 s; see visomaster-launcher.log"
    return
  fi
  wait_for 20 sh -c "nsenter --net='$ns_path' env DISPLAY=:1 xprop -id $wid _NET_FRAME_EXTENTS | grep -q ' = '"
  extents=$(X xprop -id "$wid" _NET_FRAME_EXTENTS 2>/dev/null | sed -n 's/.* = //p')
  state=$(X xprop -id "$wid" WM_STATE 2>/dev/null | sed -n 's/.*window state: //p')
  if [ -n "$extents" ] && [ "$(cut -d, -f3 <<<"$extents" | tr -d ' ')" -gt 0 ] 2>/dev/null && [ "$state" = Normal ]; then
    ok "the launcher window is framed by the window manager (frame extents $extents, state $state)"
  else
    bad "the launcher window is not framed (_NET_FRAME_EXTENTS '$extents', WM_STATE '$state')"
  fi
}

check_no_error_dialog() {
  local windows unexpected
  windows=$(client_windows)
  unexpected=$(grep -v -P '\tVisoMaster Launcher$' <<<"$windows" | grep -E 'DIALOG|[Ee]rror|[Uu]nable|[Ff]ail' || true)
  if [ -z "$unexpected" ]; then
    ok "no error dialog; managed windows: $(cut -f3 <<<"$windows" | paste -sd, -)"
  else
    bad "unexpected dialog(s): $unexpected"
  fi
}

check_provisioning_and_entry_points() {
  if wait_for 120 run_started; then
    ok "provisioning started by itself ($(events | grep -c '"StepStarted"') steps started so far)"
  else
    bad "provisioning did not start: no StepStarted in workspace/logs/provision.jsonl"
  fi
  local entry output rc
  # Run as from Jupyter's terminal, whose shells carry PROC_NAME=jupyter: Jupyter's portal log stays its own.
  in_ctr sh -c 'echo "jupyter log line" >/var/log/portal/jupyter.log; rm -f /var/log/portal/jupyter.log.old'
  for entry in /vast_ai_provisioning_script.sh /src/provisioning_script.sh; do
    output=$(podman exec -e PROC_NAME=jupyter "$name" "$entry" 2>&1)
    rc=$?
    if [ "$rc" -eq 0 ] && grep -q "is provisioning this workspace right now" <<<"$output"; then
      ok "$entry exits 0 politely while the window's run holds the workspace"
    elif [ "$rc" -eq 0 ] && grep -q "installed and verified" <<<"$output"; then
      bad "$entry ran after the window's run had ended, so the lock case was not tested: $(tail -n1 <<<"$output")"
    else
      bad "$entry exited $rc: $(tail -n 3 <<<"$output")"
    fi
  done
  check "the entry points log to /var/log/portal/visomaster-provisioning.log" \
    in_ctr grep -q "Provisioning VisoMaster" /var/log/portal/visomaster-provisioning.log
  check "… and to /workspace/logs/visomaster-provisioning.log" \
    grep -q "Provisioning VisoMaster" "$out/workspace/logs/visomaster-provisioning.log"
  check "… under their own name when started with PROC_NAME=jupyter (Jupyter's log untouched, not rotated)" in_ctr sh -c \
    'grep -q "\[visomaster-provisioning\] Provisioning VisoMaster" /var/log/portal/visomaster-provisioning.log &&
     [ "$(cat /var/log/portal/jupyter.log)" = "jupyter log line" ] && [ ! -e /var/log/portal/jupyter.log.old ]'
  in_ctr rm -f /var/log/portal/jupyter.log
}

# The base image's boot: /.provisioning while PROVISIONING_SCRIPT runs (the fixture's sleeps, then writes
# launcher.json); the launcher waits for it, so it starts on the fixture's configuration.
check_boot_provisioning() {
  check "PROVISIONING_SCRIPT ran and completed (provisioning.log, /.provisioning_complete, no /.provisioning)" \
    in_ctr sh -c 'grep -q "fixture provisioning: wrote" /var/log/portal/provisioning.log &&
      grep -q "Provisioning complete!" /var/log/portal/provisioning.log &&
      [ -e /.provisioning_complete ] && [ ! -e /.provisioning ]'
  check "the launcher waited for it (its log says so) and started after launcher.json was written" in_ctr sh -c \
    'log=/var/log/portal/visomaster-launcher.log
     grep -q "Waiting for the instance.s provisioning script to finish (/.provisioning exists)" "$log" &&
     started=$(sed -n "s/^\([0-9-]* [0-9:]*\) .*Starting the launcher window.*/\1/p" "$log" | head -n1) &&
     [ -n "$started" ] && [ "$(date -d "$started" +%s)" -ge "$(stat -c %Y /workspace/launcher.json)" ]'
}

# The base image's environment reaches the launcher (the stand-in sets what vastai/base-image's Dockerfile
# sets), and every process agrees on the workspace.
check_environment() {
  local pid
  pid=$(launcher_pid)
  check "/etc/environment carries VISO_WORKSPACE=/workspace (boot hook)" in_ctr grep -qx 'VISO_WORKSPACE="/workspace"' /etc/environment
  check "the launcher runs with VISO_WORKSPACE=/workspace and the base image's UV_NO_CACHE=1, UV_CACHE_DIR=/.uv/cache" \
    in_ctr sh -c "tr '\\0' '\\n' </proc/$pid/environ | grep -qx VISO_WORKSPACE=/workspace &&
      tr '\\0' '\\n' </proc/$pid/environ | grep -qx UV_NO_CACHE=1 &&
      tr '\\0' '\\n' </proc/$pid/environ | grep -qx UV_CACHE_DIR=/.uv/cache"
}

# What the window's "Show log" does: xdg-open on a .log file, with the launcher's environment (DISPLAY only,
# no session variables), opens a viewer window on the desktop.
check_show_log() {
  local viewer
  podman exec -d -e DISPLAY=:1 "$name" xdg-open /workspace/logs/provision.log >/dev/null
  viewer_up() { X xdotool search --name 'provision\.log' >/dev/null 2>&1; }
  if wait_for 30 viewer_up; then
    ok "xdg-open of a .log file opens a window: $(X xdotool search --name 'provision\.log' getwindowname %@ 2>/dev/null | head -n1)"
    screenshot desktop-show-log.png
  else
    bad "xdg-open /workspace/logs/provision.log opened no window within 30 s; windows: $(client_windows | cut -f3 | paste -sd, -)"
  fi
  viewer=$(in_ctr pgrep -n -x mousepad)
  [ -n "$viewer" ] && in_ctr kill "$viewer"
  wait_for 10 bash -c "! nsenter --net='$ns_path' env DISPLAY=:1 xdotool search --name 'provision\.log'"
}

check_crash_restart() {
  local old new
  old=$(launcher_pid)
  if [ -z "$old" ] || [ "$old" = 0 ]; then
    bad "the launcher program is not running: $(in_ctr supervisorctl status visomaster-launcher)"
    return
  fi
  in_ctr kill -KILL "$old"
  restarted() { new=$(launcher_pid); [ -n "$new" ] && [ "$new" != 0 ] && [ "$new" != "$old" ]; }
  if wait_for 30 restarted && wait_for 120 window_up; then
    ok "after SIGKILL (pid $old) supervisor restarted the launcher (pid $(launcher_pid)) and its window is back"
  else
    bad "the launcher did not come back after SIGKILL: $(in_ctr supervisorctl status visomaster-launcher)"
  fi
}

check_logs_and_services() {
  local program
  for program in kasmvnc desktop visomaster-launcher; do
    check "/var/log/portal/$program.log is written" in_ctr test -s "/var/log/portal/$program.log"
  done
  check "/workspace/logs/provision.log is written" test -s "$out/workspace/logs/provision.log"
  check "/logs links both log places" in_ctr sh -c 'test -s /logs/portal/kasmvnc.log && test -s /logs/workspace/provision.log'
  check "a VNC_PW shorter than 6 characters only warns while KasmVNC's login is off" \
    in_ctr grep -q "Warning: the KasmVNC password from VNC_PW is shorter than 6 characters" /var/log/portal/kasmvnc.log
  check "the upload page answers /healthz" in_ns curl -fsS -m 5 -o /dev/null http://127.0.0.1:17860/healthz
  check "KasmVNC's web port serves its web client" in_ns sh -c 'curl -fsS -m 5 http://127.0.0.1:16901/ | grep -q KasmVNC'
  echo "result of a CI run" >"$out/workspace/output/ci-result.txt"
  check "a file in /workspace/output downloads from KasmVNC's web root (/Downloads/)" \
    in_ns sh -c 'curl -fsS -m 5 http://127.0.0.1:16901/Downloads/ci-result.txt | grep -q "result of a CI run"'
  check "every portal entry is served with the README recipe's VAST_TCP_PORT_* (stand-in portal)" \
    in_ctr sh -c '! grep -q "NOT served" /var/log/portal/portal-standin.log && grep -c "served on" /var/log/portal/portal-standin.log | grep -qx 4'
  check "Jupyter/SSH login shells get DISPLAY=:1" in_ctr bash -lc '[ "$DISPLAY" = :1 ]'
  check "/etc/environment carries DISPLAY=:1" in_ctr grep -qx 'DISPLAY=":1"' /etc/environment
  check "interactive login shells complete visomaster-launcher's commands" \
    in_ctr bash -lic 'complete -p visomaster-launcher' </dev/null
  # the README recipe sets WEB_PASSWORD; the bug report must not hold it anywhere
  check "doctor --bundle writes a bug report with the launcher's log and without WEB_PASSWORD" in_ctr sh -c \
    'visomaster-launcher doctor --bundle /tmp/ci-report.tar.gz >/dev/null; [ -n "$WEB_PASSWORD" ] \
     && tar -tzf /tmp/ci-report.tar.gz | grep -q "/logs/launcher.log$" \
     && ! tar -xzOf /tmp/ci-report.tar.gz | grep -qF "$WEB_PASSWORD"'
  check "the diagnostics notebook is linked into /workspace" \
    test "$(readlink "$out/workspace/VisoMaster-Diagnostics.ipynb")" = /notebooks/VisoMaster-Diagnostics.ipynb
}

check_notebook() {
  if in_ctr python3 -m nbconvert --to notebook --execute --ExecutePreprocessor.timeout=300 \
    --output /workspace/logs/diagnostics-executed.ipynb /notebooks/VisoMaster-Diagnostics.ipynb >"$out/notebook.log" 2>&1; then
    cp "$out/workspace/logs/diagnostics-executed.ipynb" "$out/diagnostics.ipynb"
    ok "the diagnostics notebook executes headless without a cell error"
  else
    tail -n 20 "$out/notebook.log"
    bad "the diagnostics notebook failed; see $out/notebook.log"
  fi
  # Its fixes, switched on as a person would: retry provisioning, restart the desktop, the drop page.
  local desktop_pid
  desktop_pid=$(in_ctr supervisorctl pid desktop | tr -dc '0-9')
  if in_ctr sh -c 'sed -e "s/RETRY_PROVISIONING = False/RETRY_PROVISIONING = True/" \
        -e "s/RESTART_DESKTOP = False/RESTART_DESKTOP = True/" -e "s/INCLUDE_TOKEN = False/INCLUDE_TOKEN = True/" \
        /notebooks/VisoMaster-Diagnostics.ipynb >/tmp/fixes.ipynb &&
      grep -c "^    \"[A-Z_]* = True" /tmp/fixes.ipynb | grep -qx 3 &&
      python3 -m nbconvert --to notebook --execute --ExecutePreprocessor.timeout=300 \
        --output /workspace/logs/diagnostics-fixes-executed.ipynb /tmp/fixes.ipynb' >"$out/notebook-fixes.log" 2>&1; then
    ok "the notebook's fix cells run without a cell error when switched on"
  else
    tail -n 20 "$out/notebook-fixes.log"
    bad "the notebook's fix cells failed; see $out/notebook-fixes.log"
  fi
  new_desktop() { local p; p=$(in_ctr supervisorctl pid desktop | tr -dc '0-9'); [ -n "$p" ] && [ "$p" != 0 ] && [ "$p" != "$desktop_pid" ]; }
  if wait_for 30 new_desktop && wait_for 60 wm_is_xfwm4 && wait_for 60 in_ctr pgrep -x xfdesktop; then
    ok "… the desktop restarted by the notebook is back (new session, xfwm4 and xfdesktop running)"
  else
    bad "the desktop did not come back after the notebook's restart: $(in_ctr supervisorctl status desktop)"
  fi
  check "… the retry through the entry point reported an installed VisoMaster" \
    grep -q "installed and verified" "$out/workspace/logs/diagnostics-fixes-executed.ipynb"
}

screenshot() {
  if X import -window root "$out/$1" 2>"$out/import.err" && [ -s "$out/$1" ]; then
    ok "screenshot of the whole desktop: $out/$1 ($(identify -format '%wx%h' "$out/$1"))"
  else
    bad "no screenshot: $(head -n1 "$out/import.err")"
  fi
}

# The idle guard (supervisor program visomaster-guard) against the stand-in Vast API started here: it ran through
# the setup (kept awake by it), then stopped the idle box with the exact request, and the key is in no log.
start_vast_standin() {
  in_ctr sh -c "mkdir -p /tmp/vast-standin && nohup python3 /ci/fixture/vast-standin.py $vast_port \
    /tmp/vast-standin/requests.jsonl >/tmp/vast-standin/server.log 2>&1 &"
}
vast_requests() { in_ctr cat /tmp/vast-standin/requests.jsonl 2>/dev/null; }
stop_requested() {
  vast_requests | python3 -c '
import json, sys
key = sys.argv[1]
for line in sys.stdin:
    r = json.loads(line)
    h = {k.lower(): v for k, v in r["headers"].items()}
    if (r["method"] == "PUT" and r["path"] == "/api/v0/instances/4242/" and json.loads(r["body"]) == {"state": "stopped"}
            and h.get("authorization") == "Bearer " + key and h.get("content-type", "").startswith("application/json")):
        sys.exit(0)
sys.exit(1)' "$vast_key"
}
# Functions, not `sh -c` strings: in_ctr is a function of this script, which a child shell does not have (a
# negated "in_ctr: not found" passed).
guard_running() { [ "$(in_ctr supervisorctl status visomaster-guard 2>/dev/null | awk '{print $2}')" = RUNNING ]; }
key_written_nowhere() {
  in_ctr true || return 1
  ! in_ctr grep -rqs "$vast_key" /var/log/portal && ! grep -rqs "$vast_key" "$out/workspace/logs" "$out/workspace/.launcher"
}
check_idle_guard() {
  check "the idle guard runs as supervisor program visomaster-guard" wait_for 30 guard_running
  check "the guard's portal log says what it does and that a stopped box keeps its disk" in_ctr sh -c \
    'grep -q "The box stops itself after 1 minute of idleness (instance 4242" /var/log/portal/visomaster-guard.log &&
     grep -q "A stopped box keeps its disk (and its storage charge)" /var/log/portal/visomaster-guard.log'
  check "the setup kept the box awake (launcher.log: kept awake by: a setup is running)" \
    sh -c "grep -qh 'kept awake by: a setup is running' '$out'/workspace/logs/launcher*.log"
  if wait_for 150 stop_requested; then
    ok "the idle box was stopped: PUT /api/v0/instances/4242/ {\"state\":\"stopped\"} with Bearer <key>"
  else
    bad "no stop request reached the stand-in Vast API within 150 s; requests: $(vast_requests | cut -c1-300)"
  fi
  check "the guard's report (.launcher/guard.json) is written and holds no key" \
    sh -c "grep -q '\"stopsWhenIdle\" : true' '$out/workspace/.launcher/guard.json' && ! grep -q '$vast_key' '$out/workspace/.launcher/guard.json'"
  check "the instance's API key is in no portal log, workspace log or state file" key_written_nowhere
}

run_boot_checks() {
  boot_passed=0 boot_failed=0
  echo "=== checks of the booted image"
  start_vast_standin
  check_desktop_session
  check_launcher_window
  check_boot_provisioning
  check_environment
  check_provisioning_and_entry_points
  check_desktop_icons
  check_no_error_dialog
  screenshot desktop-provisioning.png
  check_crash_restart
  if wait_for 300 provision_complete; then
    ok "provisioning of the fixture VisoMaster completed (status: complete)"
  else
    bad "provisioning did not complete within 300 s; see workspace/logs/provision.log"
  fi
  check "pip's downloads landed in the workspace's cache (.cache/pip is not empty)" \
    sh -c "find '$out/workspace/.cache/pip' -type f 2>/dev/null | grep -q ."
  check_show_log
  check "after the window's run, the entry point provisions by itself and exits 0 (nothing left to do)" \
    in_ctr sh -c '/vast_ai_provisioning_script.sh | grep -q "installed and verified"'
  check_logs_and_services
  check_idle_guard
  check_notebook
  check_close_and_reopen
  check_no_error_dialog
  sleep 2
  screenshot desktop.png
}
