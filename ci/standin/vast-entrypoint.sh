#!/bin/bash
# CI stand-in for vastai/base-image's /opt/instance-tools/bin/entrypoint.sh (the stand-in BASE_IMAGE made
# by ci/standin/make-standins.sh). Does what the real boot does before and around supervisord, minus the
# network parts (certificates, portal updates, Caddy):
#   sources /etc/vast_boot.d/*.sh in order (as boot_default.sh does);
#   drops Jupyter from PORTAL_CONFIG without VAST_TCP_PORT_8080 and writes /etc/environment (10-prep-env.sh);
#   writes /etc/portal.yaml from PORTAL_CONFIG (what the portal's configurator publishes) and logs which
#   entries Caddy would serve: only those with VAST_TCP_PORT_<external> set and external != internal;
#   runs PROVISIONING_SCRIPT's stand-in flag /.provisioning around nothing (no remote script here);
#   execs supervisord -n with the image's /etc/supervisor/supervisord.conf.
umask 002
export WORKSPACE=${WORKSPACE:-/workspace}
mkdir -p "$WORKSPACE" /var/log/portal
cd "$WORKSPACE" || exit 1

for script in /etc/vast_boot.d/*.sh; do
  # shellcheck disable=SC1090
  [[ -f "$script" && -r "$script" ]] && . "$script"
done

if [[ -z "${VAST_TCP_PORT_8080:-}" ]]; then
  PORTAL_CONFIG=$(echo "${PORTAL_CONFIG:-}" | tr '|' '\n' | grep -vi jupyter | tr '\n' '|' | sed 's/|$//')
fi
export PORTAL_CONFIG

env -0 | grep -zEv '^(HOME=|SHLVL=)|CONDA' | while IFS= read -r -d '' line; do
  printf '%s="%s"\n' "${line%%=*}" "${line#*=}"
done >/etc/environment

portal_log=/var/log/portal/portal-standin.log
{
  echo "applications:"
  tr '|' '\n' <<<"$PORTAL_CONFIG" | while IFS=: read -r host external internal path name; do
    [[ -n "$name" ]] || continue
    printf '  %s:\n    hostname: %s\n    external_port: %s\n    internal_port: %s\n    open_path: %s\n    name: %s\n' \
      "$name" "$host" "$external" "$internal" "$path" "$name"
  done
} >/etc/portal.yaml
tr '|' '\n' <<<"$PORTAL_CONFIG" | while IFS=: read -r _host external internal _path name; do
  [[ -n "$name" ]] || continue
  var="VAST_TCP_PORT_${external}"
  if [[ -n "${!var:-}" && "$external" != "$internal" ]]; then
    echo "portal entry '$name': served on $external (${var}=${!var}), proxied to 127.0.0.1:$internal"
  elif [[ "$external" == "$internal" ]]; then
    echo "portal entry '$name': listed, no proxy (the app itself listens on $external)"
  else
    echo "portal entry '$name': NOT served: $var is not set"
  fi
done >"$portal_log"

exec supervisord -n -u root -c /etc/supervisor/supervisord.conf
