#!/bin/bash
# Assembles the launcher as the image installs it, from a Maven build (./mvnw -DskipTests package):
#   <dest>/runtime/                 jlink'd Java runtime with JavaFX (from the javafx-*-linux.jar modules)
#   <dest>/visomaster-launcher.jar  the thin jar
#   <dest>/lib/*.jar                its libraries, JavaFX left out (it lives in the runtime)
#   <dest>/bin/visomaster-launcher  the wrapper (scripts/visomaster-launcher)
#   <dest>/jvm.options              the wrapper's JVM options (assets/jvm.options)
# Used by the Dockerfile's build stage and by ci/container-checks.sh.
# Usage: package-launcher.sh TARGET_DIR DEST_DIR
set -euo pipefail

target=${1:?usage: package-launcher.sh TARGET_DIR DEST_DIR}
dest=${2:?usage: package-launcher.sh TARGET_DIR DEST_DIR}
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)

# Modules the launcher needs. From `jdeps --print-module-deps --ignore-missing-deps` over the jar and
# target/lib: java.base java.desktop java.logging java.management java.security.jgss java.sql
# javafx.controls. Added for what jdeps cannot see (service providers, reflection, code to come):
#   jdk.httpserver (upload page), jdk.crypto.ec (TLS with EC keys, i.e. most HTTPS downloads),
#   jdk.charsets (archive and file names in legacy encodings), jdk.zipfs (zip file system),
#   jdk.unsupported (sun.misc.Unsafe for JNA/Kotlin/JavaFX), jdk.management (process metrics),
#   java.naming (JDK TLS host-name checks and JGit). logback needs java.logging (the bridge for OkHttp's and
#   JavaFX's java.util.logging) and java.xml (in java.desktop); CP437 zip names need jdk.charsets.
modules=java.base,java.desktop,java.logging,java.management,java.naming,java.security.jgss,java.sql
modules+=,jdk.charsets,jdk.crypto.ec,jdk.httpserver,jdk.management,jdk.unsupported,jdk.zipfs
modules+=,javafx.base,javafx.graphics,javafx.controls

shopt -s nullglob
fx_jars=("$target"/lib/javafx-*-linux.jar)
if [ "${#fx_jars[@]}" -eq 0 ]; then
  echo "No javafx-*-linux.jar in $target/lib: run ./mvnw -DskipTests package first." >&2
  exit 1
fi
[ -f "$target/visomaster-launcher.jar" ] || { echo "No $target/visomaster-launcher.jar: run ./mvnw -DskipTests package first." >&2; exit 1; }

rm -rf "$dest"
mkdir -p "$dest/lib" "$dest/bin"
module_path=$(IFS=:; echo "${fx_jars[*]}")
jlink --module-path "$module_path" --add-modules "$modules" \
  --strip-debug --no-header-files --no-man-pages --compress=2 --generate-cds-archive \
  --output "$dest/runtime"

cp "$target/visomaster-launcher.jar" "$dest/"
for jar in "$target"/lib/*.jar; do
  case "$(basename "$jar")" in javafx-*) continue ;; esac
  cp "$jar" "$dest/lib/"
done
cp "$here/visomaster-launcher" "$dest/bin/visomaster-launcher"
cp "$here/../assets/jvm.options" "$dest/jvm.options"
chmod 755 "$dest/bin/visomaster-launcher"
echo "Launcher packaged in $dest ($(du -sh "$dest" | cut -f1))."
