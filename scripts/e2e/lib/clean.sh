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
    podman rm -af -t 1 >/dev/null 2>&1 || true
    buildah rm -a >/dev/null 2>&1 || true
    podman image umount -a -f >/dev/null 2>&1 || true
  fi
  local mp
  while read -r mp; do
    umount -l "$mp" 2>/dev/null || true
  done < <(awk -v h="$E2E_HOME/" 'index($2, h) == 1 { print $2 }' /proc/mounts | sort -r)
  rm -rf "${E2E_HOME:?}"
  log "removed $E2E_HOME"
}
