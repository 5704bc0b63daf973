#!/bin/bash
# CI stand-in for vastai/base-image's /opt/instance-tools/bin/entrypoint.sh (the stand-in BASE_IMAGE made
# by ci/standin/make-standins.sh). Does what the real boot does before and around supervisord, minus the
# network parts (certificates, portal updates, Caddy):
#   sources /etc/vast_boot.d/*.sh in order (as boot_default.sh does);
#   drops Jupyter from PORTAL_CONFIG without VAST_TCP_PORT_8080 and writes /etc/environment (10-prep-env.sh);
#   writes /etc/portal.yaml from PORTAL_CONFIG (what the portal's configurator publishes) and logs which
#   entries Caddy would serve: only those with VAST_TCP_PORT_<external> set and external != internal;
#   creates /.provisioning and starts supervisord -n (65-supervisor-launch.sh), runs PROVISIONING_SCRIPT
#   once, until it succeeds, with its output in /var/log/portal/provisioning.log and /.provisioning_complete
#   after it (75-provisioning-script.sh; curl fetches the URL, file:// included), then removes
#   /.provisioning and waits for supervisord (95-supervisor-wait.sh). Services see /.provisioning for as
#   long as the script runs (the launcher waits for it: viso_wait_for_boot_provisioning).
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

touch /.provisioning
supervisord -n -u root -c /etc/supervisor/supervisord.conf &
supervisord_pid=$!
# podman stop signals this shell (PID 1): pass it on to supervisord.
trap 'kill -TERM "$supervisord_pid" 2>/dev/null' TERM INT

if [[ -n "${PROVISIONING_SCRIPT:-}" && ! -f /.provisioning_complete ]]; then
  echo "Provisioning instance with remote script from ${PROVISIONING_SCRIPT}" | tee -a /var/log/portal/provisioning.log
  [[ -f /provisioning.sh ]] || curl -fsSL -o /provisioning.sh "$PROVISIONING_SCRIPT"
  chmod +x /provisioning.sh &&
    (set -o pipefail; /provisioning.sh 2>&1 | tee -a /var/log/portal/provisioning.log) &&
    touch /.provisioning_complete &&
    echo "Provisioning complete!" | tee -a /var/log/portal/provisioning.log
  [[ -f /.provisioning_complete ]] ||
    echo "Note: Provisioning encountered issues but instance startup will continue" | tee -a /var/log/portal/provisioning.log
fi

rm -f /.provisioning
# wait returns early when a trapped signal arrives: wait again for supervisord's own end.
wait "$supervisord_pid"
wait "$supervisord_pid"
