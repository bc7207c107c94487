# shellcheck shell=sh
# projen-node-docker end-to-end tests: source me after `bash scripts/e2e/setup.sh`.
#   . scripts/e2e/env.sh
# Exports PND_E2E_HOME and the variables that point buildah, podman and skopeo at the isolated
# storage and configuration that setup.sh wrote (CONTAINERS_STORAGE_CONF, CONTAINERS_CONF,
# CONTAINERS_REGISTRIES_CONF, STORAGE_DRIVER, BUILDAH_ISOLATION, BUILDAH_FORMAT).
# Returns 1, with a message, when setup.sh has not run for this PND_E2E_HOME.
_pnd_e2e_home=${PND_E2E_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/projen-node-docker/e2e}
if [ -f "$_pnd_e2e_home/env.sh" ]; then
  # shellcheck source=/dev/null
  . "$_pnd_e2e_home/env.sh"
  if [ -r /proc/sys/kernel/random/boot_id ] && [ -f "$_pnd_e2e_home/boot-id" ] &&
    [ "$(cat /proc/sys/kernel/random/boot_id)" != "$(cat "$_pnd_e2e_home/boot-id")" ]; then
    echo "[pnd-e2e] the machine was restarted since setup: run 'bash scripts/e2e/setup.sh' again" >&2
  fi
  unset _pnd_e2e_home
else
  echo "[pnd-e2e] setup has not run for $_pnd_e2e_home: run 'bash scripts/e2e/setup.sh' first" >&2
  unset _pnd_e2e_home
  # shellcheck disable=SC2317
  return 1 2>/dev/null || exit 1
fi
