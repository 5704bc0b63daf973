#!/usr/bin/env python3
"""Static checks of the Dockerfile against the repository (no Docker engine needed).

- every COPY/ADD source of the build context exists and is not excluded by .dockerignore;
- every file the image runs from the context (RUN lines, supervisor commands, desktop entries' Exec and
  Icon, links made with ln) maps back through a COPY to a repository file that exists and is executable
  where it is executed;
- every file under the image's directories (scripts/, kasmvnc/, supervisor/, desktop-entries/) reaches
  the image through some COPY, so nothing written for the image is silently left out;
- the ARG/ENV promises of issues 5 and 8 (base image tag, KasmVNC version and package URL, NVIDIA
  capabilities, portal entries, the package's XFCE session file left alone, the provisioning entry points).

Prints one line per problem and exits 1 when there is any.
"""
import configparser
import fnmatch
import glob
import os
import re
import shlex
import stat
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
problems = []


def problem(msg):
    problems.append(msg)


def logical_lines(path):
    """Dockerfile lines with continuations joined and comments dropped, with their stage index."""
    lines, current = [], ""
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if not current and line.lstrip().startswith("#"):
                continue
            if line.rstrip().endswith("\\"):
                current += line.rstrip()[:-1] + " "
                continue
            current += line
            if current.strip():
                lines.append(current.strip())
            current = ""
    if current.strip():
        lines.append(current.strip())
    return lines


def dockerignore_allows(rel):
    """Evaluates .dockerignore (last matching pattern wins, '!' re-includes) for a context path."""
    path = os.path.join(ROOT, ".dockerignore")
    if not os.path.exists(path):
        return True
    allowed = True
    with open(path, encoding="utf-8") as f:
        patterns = [p.strip() for p in f if p.strip() and not p.strip().startswith("#")]
    parts = rel.strip("/").split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    for pattern in patterns:
        negate = pattern.startswith("!")
        pat = pattern[1:] if negate else pattern
        pat = pat.strip("/")
        if any(fnmatch.fnmatchcase(prefix, pat) for prefix in prefixes):
            allowed = negate
    return allowed


def git_mode(rel):
    try:
        out = subprocess.run(["git", "ls-files", "-s", "--", rel], cwd=ROOT, capture_output=True, text=True)
    except OSError:
        return None
    line = out.stdout.strip().splitlines()
    return line[0].split()[0] if line else None


def main():
    dockerfile = os.path.join(ROOT, "Dockerfile")
    lines = logical_lines(dockerfile)
    args, envs, stage = {}, {}, -1
    mapping = []  # (image path, repo path, is_dir) from COPY in the final stage
    runs = []
    built = []  # image folders filled from another build stage (checked by scripts/image-check.sh)
    for line in lines:
        word, _, rest = line.partition(" ")
        word = word.upper()
        if word == "FROM":
            stage += 1
            continue
        if word == "ARG":
            name, _, value = rest.partition("=")
            args.setdefault(name.strip(), value.strip())
        elif word == "ENV":
            for token in shlex.split(rest):
                name, _, value = token.partition("=")
                envs[name] = value
        elif word in ("COPY", "ADD"):
            tokens = shlex.split(rest)
            from_stage = any(t.startswith("--from=") for t in tokens)
            tokens = [t for t in tokens if not t.startswith("--")]
            sources, dest = tokens[:-1], tokens[-1]
            if from_stage:
                built.append(dest.rstrip("/") + "/")
                continue
            for src in sources:
                matches = glob.glob(os.path.join(ROOT, src))
                if not matches:
                    problem(f"Dockerfile: {word} source '{src}' does not exist in the repository")
                    continue
                for match in matches:
                    rel = os.path.relpath(match, ROOT)
                    if os.path.isdir(match):
                        inside = [os.path.relpath(os.path.join(d, f), ROOT)
                                  for d, _, files in os.walk(match) for f in files]
                        allowed = any(dockerignore_allows(r) for r in inside)
                    else:
                        allowed = dockerignore_allows(rel)
                    if not allowed:
                        problem(f"Dockerfile: {word} source '{rel}' is excluded by .dockerignore")
                    is_dir = os.path.isdir(match)
                    if stage >= 1:
                        if is_dir:
                            mapping.append((dest.rstrip("/") + "/", rel.rstrip("/") + "/", True))
                        elif dest.endswith("/"):
                            mapping.append((dest + os.path.basename(rel), rel, False))
                        else:
                            mapping.append((dest, rel, False))
        elif word == "RUN":
            runs.append((stage, rest))

    def repo_file_for(image_path):
        found = None
        for img, rel, is_dir in mapping:
            if is_dir and image_path.startswith(img):
                found = os.path.join(rel, image_path[len(img):])
            elif not is_dir and image_path == img:
                found = rel
        return found

    def require_executable(image_path, why):
        if any(image_path.startswith(folder) for folder in built):
            return
        rel = repo_file_for(image_path)
        if rel is None:
            problem(f"{why}: {image_path} is not put into the image by any COPY")
            return
        full = os.path.join(ROOT, rel)
        if not os.path.isfile(full):
            problem(f"{why}: {image_path} comes from {rel}, which does not exist")
            return
        if not os.stat(full).st_mode & stat.S_IXUSR:
            problem(f"{why}: {rel} (run as {image_path}) is not executable")
        mode = git_mode(rel)
        if mode is not None and mode != "100755":
            problem(f"{why}: {rel} is tracked by git with mode {mode}, not 100755 (a fresh checkout would break it)")

    # Files executed by RUN in the runtime stage: any path under a COPY destination.
    links = {}
    for stage_index, cmd in runs:
        if stage_index == 0:
            for token in re.findall(r"(?:\./)?scripts/[\w./-]+", cmd):
                full = os.path.join(ROOT, token.lstrip("./") if token.startswith("./") else token)
                if os.path.isfile(full) and not os.access(full, os.X_OK):
                    problem(f"build stage RUN: {token} is not executable")
            continue
        for match in re.finditer(r"ln -sfn? (\S+) (\S+)", cmd):
            links[match.group(2)] = match.group(1)
            if match.group(1).startswith("/opt/"):  # links to folders such as /var/log/portal are not programs
                require_executable(match.group(1), f"RUN ln {match.group(2)}")
        for token in re.findall(r"/opt/visomaster/[\w./-]+", cmd):
            if not any(token == target for target in links.values()):
                require_executable(token, "RUN")

    # Supervisor programs: their command must be an executable file the image contains.
    conf_dir_image = "/etc/supervisor/conf.d/"
    for img, rel, is_dir in mapping:
        if not (is_dir and img == conf_dir_image):
            continue
        for conf in sorted(glob.glob(os.path.join(ROOT, rel, "*.conf"))):
            parser = configparser.RawConfigParser(inline_comment_prefixes=(";",))
            parser.read(conf)
            for section in parser.sections():
                if section.startswith("program:"):
                    command = shlex.split(parser.get(section, "command"))[0]
                    require_executable(command, f"{os.path.relpath(conf, ROOT)} [{section}]")

    # Desktop entries: Exec's program is installed on PATH, Icon exists in the image.
    installed_commands = {os.path.basename(link) for link in links if link.startswith("/usr/local/bin/")}
    for img, rel, is_dir in mapping:
        if is_dir or not img.endswith(".desktop"):
            continue
        entry = configparser.RawConfigParser(interpolation=None)
        entry.optionxform = str
        entry.read(os.path.join(ROOT, rel))
        exec_cmd = shlex.split(entry.get("Desktop Entry", "Exec"))[0]
        if exec_cmd not in installed_commands:
            problem(f"{rel}: Exec runs '{exec_cmd}', which the Dockerfile does not install in /usr/local/bin")
        icon = entry.get("Desktop Entry", "Icon")
        if icon.startswith("/") and repo_file_for(icon) is None:
            problem(f"{rel}: Icon {icon} is not put into the image by any COPY")

    # Nothing written for the image is left out of it.
    for folder in ("scripts", "kasmvnc", "supervisor", "desktop-entries", "notebooks"):
        for path in glob.glob(os.path.join(ROOT, folder, "**", "*"), recursive=True):
            if os.path.isdir(path):
                continue
            rel = os.path.relpath(path, ROOT)
            if not any((is_dir and rel.startswith(src)) or rel == src for _, src, is_dir in mapping):
                problem(f"{rel} is never copied into the image")

    # Promises of issues 5 and 8.
    base = args.get("BASE_IMAGE", "")
    if not re.fullmatch(r"vastai/base-image:cuda-12\.4\.1-(auto|[\w.-]+-\d{4}-\d{2}-\d{2})", base):
        problem(f"ARG BASE_IMAGE={base!r} is neither vastai/base-image's cuda-12.4.1-auto nor a dated tag "
                "(the undated tags stopped moving in 2026-03)")
    if "KASMVNC_DEB_URL" not in args:
        problem("ARG KASMVNC_DEB_URL is missing (CI passes its stand-in package through it)")
    if any(img == "/etc/xdg/xfce4/xfconf/xfce-perchannel-xml/xfce4-session.xml" for img, _, _ in mapping):
        problem("the Dockerfile replaces the package's xfce4-session.xml, which alone defines XFCE's Failsafe session")
    for entry in ("/vast_ai_provisioning_script.sh", "/src/provisioning_script.sh"):
        if links.get(entry) != "/opt/visomaster/scripts/provision-entry.sh":
            problem(f"{entry} is not a link to /opt/visomaster/scripts/provision-entry.sh")
    if not re.fullmatch(r"\d+\.\d+\.\d+", args.get("KASMVNC_VERSION", "")):
        problem("ARG KASMVNC_VERSION has no x.y.z default")
    caps = envs.get("NVIDIA_DRIVER_CAPABILITIES", "")
    if caps != "all" and not {"utility", "graphics"} <= set(caps.split(",")):
        problem(f"NVIDIA_DRIVER_CAPABILITIES={caps!r} lacks utility and graphics")
    if envs.get("OPEN_BUTTON_PORT") != "1111":
        problem("ENV OPEN_BUTTON_PORT is not 1111")
    names = [entry.split(":", 4)[4] for entry in envs.get("PORTAL_CONFIG", "").split("|") if entry.count(":") >= 4]
    for wanted in ("Instance Portal", "Jupyter", "Desktop", "Upload"):
        if wanted not in names:
            problem(f"ENV PORTAL_CONFIG has no '{wanted}' entry")
    if sum(1 for line in lines if line.upper().startswith("RUN") and "apt-get install" in line) != 1:
        problem("the Dockerfile should install packages in exactly one apt layer")
    for line in lines:
        if "apt-get install" in line and "rm -rf /var/lib/apt/lists" not in line:
            problem("the apt layer does not clean /var/lib/apt/lists")

    for msg in problems:
        print(f"  {msg}")
    print(f"Dockerfile: {len(mapping)} COPY mappings, {len(runs)} RUN lines checked, {len(problems)} problem(s).")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
