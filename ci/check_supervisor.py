#!/usr/bin/env python3
"""Parses supervisor/*.conf with supervisord's own option parser (the `supervisor` package), inside a
supervisord.conf shaped like the base image's, and checks the behaviour the image relies on:

- every program logs to stdout (Vast's log) and names itself in PROC_NAME (the portal log file);
- programs that may step aside with `exit 0` after a pause (viso_skip) treat 0 as expected and have a
  startsecs shorter than that pause, so a skip is a clean stop rather than a failed start;
- the launcher window: restarted after a crash, never after exit 0 (closed on purpose);
- the headless provisioning runs once (no restart loop on a failing install);
- the idle guard starts at boot and is restarted after a crash;
- the launcher's programs wait long enough for its clean stop before supervisor sends SIGKILL.

Usage: check_supervisor.py SUPERVISOR_CONF_DIR  (needs the `supervisor` Python package)
"""
import os
import re
import sys
import tempfile

from supervisor.datatypes import RestartUnconditionally, RestartWhenExitUnexpected
from supervisor.options import ServerOptions

EXPECTED = {"kasmvnc", "desktop", "visomaster-launcher", "visomaster-provision", "visomaster-upload",
            "visomaster-guard"}
# Seconds a clean stop of the launcher takes at most, from the Java sources' waits: the window (VisoMaster's
# stop 10 s + the meters 2 s + setup's 15 s) and the provision command's shutdown hook (30 s), plus margin.
CLEAN_STOP_SECONDS = {"visomaster-launcher": 27, "visomaster-provision": 30}
MARGIN_SECONDS = 5


def skip_pause_seconds(scripts_dir):
    lib = os.path.join(scripts_dir, "lib", "viso-common.sh")
    with open(lib, encoding="utf-8") as f:
        match = re.search(r"VISO_SKIP_PAUSE_SECONDS:-(\d+)", f.read())
    return int(match.group(1))


def main(conf_dir):
    problems = []
    repo = os.path.dirname(os.path.abspath(conf_dir))
    pause = skip_pause_seconds(os.path.join(repo, "scripts"))
    with tempfile.TemporaryDirectory() as tmp:
        main_conf = os.path.join(tmp, "supervisord.conf")
        with open(main_conf, "w", encoding="utf-8") as f:
            f.write(
                "[unix_http_server]\nfile=%(tmp)s/supervisor.sock\n\n"
                "[supervisord]\nlogfile=%(tmp)s/supervisord.log\npidfile=%(tmp)s/supervisord.pid\n\n"
                "[rpcinterface:supervisor]\n"
                "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n"
                "[supervisorctl]\nserverurl=unix://%(tmp)s/supervisor.sock\n\n"
                "[include]\nfiles = %(conf)s/*.conf\n" % {"tmp": tmp, "conf": os.path.abspath(conf_dir)}
            )
        options = ServerOptions()
        options.realize(args=["-c", main_conf])  # exits with supervisord's own message on a bad file

    programs = {}
    for group in options.process_group_configs:
        for proc in group.process_configs:
            programs[proc.name] = proc
    if set(programs) != EXPECTED:
        problems.append(f"programs are {sorted(programs)}, expected {sorted(EXPECTED)}")

    for name, proc in sorted(programs.items()):
        where = f"[program:{name}]"
        if proc.stdout_logfile != "/dev/stdout" or not proc.redirect_stderr:
            problems.append(f"{where} must log to /dev/stdout with redirect_stderr=true (Vast's log)")
        if (proc.environment or {}).get("PROC_NAME") != name:
            problems.append(f"{where} must set PROC_NAME to its own name (its portal log file)")
        if not (proc.stopasgroup and proc.killasgroup):
            problems.append(f"{where} must stop and kill its whole process group")
        if proc.autorestart is RestartWhenExitUnexpected:
            if proc.exitcodes != [0]:
                problems.append(f"{where} exitcodes must be 0 (a deliberate stop), is {proc.exitcodes}")
            if proc.startsecs >= pause:
                problems.append(f"{where} startsecs={proc.startsecs} must be below the {pause}s skip pause")
        elif proc.autorestart is RestartUnconditionally:
            problems.append(f"{where} autorestart=true would restart a deliberate skip forever")

    for name, needed in CLEAN_STOP_SECONDS.items():
        proc = programs.get(name)
        if proc and proc.stopwaitsecs < needed + MARGIN_SECONDS:
            problems.append(f"[program:{name}] stopwaitsecs={proc.stopwaitsecs} would SIGKILL the launcher before its "
                            f"clean stop ({needed} s) ends: set it to {needed + MARGIN_SECONDS} or more")

    launcher = programs.get("visomaster-launcher")
    if launcher and launcher.autorestart is not RestartWhenExitUnexpected:
        problems.append("[program:visomaster-launcher] must restart after a crash but stay closed after exit 0")
    guard = programs.get("visomaster-guard")
    if guard and (guard.autorestart is not RestartWhenExitUnexpected or not guard.autostart):
        problems.append("[program:visomaster-guard] must start at boot and restart after a crash (the idle stop)")
    provision = programs.get("visomaster-provision")
    if provision and provision.autorestart is not False:
        problems.append("[program:visomaster-provision] must run once (autorestart=false)")
    order = [programs[n].priority for n in ("kasmvnc", "desktop", "visomaster-launcher") if n in programs]
    if order != sorted(order):
        problems.append("priorities must start kasmvnc, then desktop, then the launcher")

    for p in problems:
        print(f"  {p}")
    print(f"supervisor: {len(programs)} programs parsed by supervisord's parser, {len(problems)} problem(s).")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "supervisor"))
