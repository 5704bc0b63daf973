#!/usr/bin/env python3
"""Writes the fixture VisoMaster that the booted image provisions in CI (ci/image-boot.sh), the same shape
as the Java tests' testing.FixtureVisoMaster: an upstream git repository (main.py, app/, a requirements
file, a models manifest in upstream's models_data.py format), a pip folder with a tiny wheel and a
find-links page (served over HTTP like an index, so pip's download cache is used), a mirror folder with the
model files, the launcher.json that points the launcher at all three, and a slow PROVISIONING_SCRIPT that
puts that launcher.json into the workspace: a launcher that did not wait for it would provision the
default (unreachable) VisoMaster.

Usage: boot-fixture.py OUT_DIR CONTAINER_FIXTURE_DIR MODELS_URL PYTHON_MINOR [PROVISIONING_SECONDS]
  OUT_DIR/fixture    mounted read-only in the container at CONTAINER_FIXTURE_DIR
  OUT_DIR/workspace  mounted as /workspace
  MODELS_URL         where the mirror folder is served (a loopback server in the container's netns)
"""
import base64
import hashlib
import json
import os
import random
import subprocess
import sys
import zipfile

PREFIX = "https://github.com/visomaster/visomaster-assets/releases/download"
MAIN_PY = """import sys, time
print("fixture VisoMaster started", flush=True)
for i in range(3600):
    print(f"fixture VisoMaster tick {i}", flush=True)
    time.sleep(1)
"""


def write(path, text, mode="w"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, mode) as f:
        f.write(text)


def wheel(folder, name, version):
    dist = f"{name}-{version}.dist-info"
    files = {
        f"{name}/__init__.py": f'VERSION = "{version}"\n',
        f"{dist}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\nSummary: CI fixture\n",
        f"{dist}/WHEEL": "Wheel-Version: 1.0\nGenerator: visomaster-ci\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = ""
    for path, text in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
        record += f"{path},sha256={digest},{len(text.encode())}\n"
    files[f"{dist}/RECORD"] = record + f"{dist}/RECORD,,\n"
    os.makedirs(folder, exist_ok=True)
    with zipfile.ZipFile(os.path.join(folder, f"{name}-{version}-py3-none-any.whl"), "w") as z:
        for path, text in files.items():
            z.writestr(path, text)


PROVISIONING_SH = """#!/bin/bash
# The CI boot's PROVISIONING_SCRIPT: slow on purpose, then writes the launcher's configuration.
echo "fixture provisioning: started, {seconds} s to go"
sleep {seconds}
cp {fixture}/launcher.json /workspace/launcher.json
echo "fixture provisioning: wrote /workspace/launcher.json"
"""


def main(out, container_fixture, models_url, python_minor, provisioning_seconds="20", models=6, size=96 * 1024):
    fixture = os.path.join(out, "fixture")
    upstream = os.path.join(fixture, "upstream")
    write(os.path.join(upstream, "main.py"), MAIN_PY)
    write(os.path.join(upstream, "app", "__init__.py"), "")
    write(os.path.join(upstream, "app", "ui", "README"), "fixture\n")
    write(os.path.join(upstream, "requirements_test.txt"), "# fixture requirements\ntinypkg==1.0 \n")
    write(os.path.join(upstream, ".gitignore"), "model_assets/\n")
    rng = random.Random(7)
    manifest = [f"models_dir = './model_assets'\nassets_repo = \"{PREFIX}\"\n\nmodels_list = ["]
    for i in range(models):
        name = f"fixture_model_{i}.onnx"
        data = rng.randbytes(size + i * 997)
        write(os.path.join(fixture, "mirror", "v0.1.0", name), data, "wb")
        manifest.append(f"    {{'model_name': 'FixtureModel{i}', 'local_path': f'{{models_dir}}/{name}',\n"
                        f"     'hash': '{hashlib.sha256(data).hexdigest()}',\n"
                        f"     'url': f'{{assets_repo}}/v0.1.0/{name}'}},")
    manifest.append("]\n")
    write(os.path.join(upstream, "app", "processors", "models_data.py"), "\n".join(manifest))
    git = ["git", "-C", upstream, "-c", "user.name=ci", "-c", "user.email=ci@example.invalid"]
    subprocess.run(["git", "init", "-q", "-b", "main", upstream], check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-q", "-m", "fixture VisoMaster"], check=True)
    wheel(os.path.join(fixture, "wheels"), "tinypkg", "1.0")
    write(os.path.join(fixture, "wheels", "index.html"),
          '<!DOCTYPE html><a href="tinypkg-1.0-py3-none-any.whl">tinypkg-1.0-py3-none-any.whl</a>\n')
    config = {
        "repoUrl": f"file://{container_fixture}/upstream",
        "ref": "main",
        "pythonVersion": python_minor,
        "requirementsFile": "requirements_test.txt",
        "overrides": [],
        "modelsBaseUrl": models_url,
        "envManager": "venv",
        "parallelDownloads": 4,
        "autoProvision": True,
    }
    os.makedirs(os.path.join(out, "workspace"), exist_ok=True)
    write(os.path.join(fixture, "launcher.json"), json.dumps(config, indent=2) + "\n")
    write(os.path.join(fixture, "provisioning.sh"),
          PROVISIONING_SH.format(seconds=int(provisioning_seconds), fixture=container_fixture))
    os.chmod(os.path.join(fixture, "provisioning.sh"), 0o755)
    print(f"fixture: {models} models, repo file://{container_fixture}/upstream, models {models_url}")


if __name__ == "__main__":
    if len(sys.argv) not in (5, 6):
        sys.exit(__doc__)
    main(*sys.argv[1:])
