# shellcheck shell=bash
# 1. host packages, installed with apt-get only when some are missing

pkg_installed() { [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" = installed ]; }

ensure_packages() {
  local missing=() p
  if command -v dpkg-query >/dev/null 2>&1; then
    for p in $APT_PACKAGES; do pkg_installed "$p" || missing+=("$p"); done
  else
    for p in buildah podman skopeo runc debootstrap busybox jq curl docker-registry dockerd; do
      command -v "$p" >/dev/null 2>&1 || missing+=("$p")
    done
  fi
  if [ "${#missing[@]}" -eq 0 ]; then
    log "host packages: all present, apt-get skipped"
    return 0
  fi
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    die "missing host packages: ${missing[*]}
    This setup needs root and apt-get (Debian) to install them. Install them by hand
    (apt-get install -y --no-install-recommends ${missing[*]}) or skip the real-build tests."
  fi
  local t0
  t0=$(now_ms)
  log "host packages: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || die "apt-get update failed"
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || die "apt-get install ${missing[*]} failed"
  log "host packages: installed in $(secs_since "$t0")s"
}
