# shellcheck shell=bash
# --clean: containers, mounts and the whole PND_E2E_HOME

clean() {
  if [ ! -d "$E2E_HOME" ]; then
    log "nothing to clean at $E2E_HOME"
    return 0
  fi
  dockerd_stop_all
  if [ -f "$E2E_HOME/env.sh" ] && command -v podman >/dev/null 2>&1; then
    # shellcheck source=/dev/null
    . "$E2E_HOME/env.sh"
    remove_containers
    podman image umount -a -f >/dev/null 2>&1 || true
  fi
  unmount_under "$E2E_HOME"
  rm -rf "${E2E_HOME:?}"
  log "removed $E2E_HOME"
}
