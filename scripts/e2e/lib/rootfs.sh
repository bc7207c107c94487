# shellcheck shell=bash
# Debian roots from debootstrap, cached as a tarball per suite

ensure_rootfs_tarball() { # SUITE -> sets ROOTFS_TAR, ROOTFS_STAMP
  local suite=$1 dir=$E2E_HOME/cache/rootfs t0
  ROOTFS_TAR=$dir/debian-$suite-minbase.tar
  ROOTFS_STAMP="rootfs=$ROOTFS_RECIPE_VERSION suite=$suite mirror=$DEBIAN_MIRROR include=$DEBIAN_INCLUDE"
  # Reused when the stamp matches, unless PND_E2E_REBUILD_ROOTFS=1 and it was not made in this run.
  if [ -s "$ROOTFS_TAR" ] && [ "$(cat "$ROOTFS_TAR.stamp" 2>/dev/null)" = "$ROOTFS_STAMP" ] &&
    { [ "${PND_E2E_REBUILD_ROOTFS:-0}" != 1 ] || [ -n "$(find "$ROOTFS_TAR" -newer "$E2E_HOME/work/run-start")" ]; }; then
    return 0
  fi
  t0=$(now_ms)
  local work=$E2E_HOME/work/debootstrap-$suite
  rm -rf "$work"
  mkdir -p "$work"
  log "debootstrap --variant=minbase $suite (once per suite; log: $E2E_HOME/logs/debootstrap-$suite.log)"
  if ! debootstrap --variant=minbase --include="$DEBIAN_INCLUDE" --components=main \
    "$suite" "$work" "$DEBIAN_MIRROR" >"$E2E_HOME/logs/debootstrap-$suite.log" 2>&1; then
    tail -n 20 "$E2E_HOME/logs/debootstrap-$suite.log" >&2
    die "debootstrap $suite failed"
  fi
  tar --numeric-owner --xattrs -C "$work" -cf "$ROOTFS_TAR.tmp" .
  mv -f "$ROOTFS_TAR.tmp" "$ROOTFS_TAR"
  printf '%s\n' "$ROOTFS_STAMP" >"$ROOTFS_TAR.stamp"
  rm -rf "$work"
  log "debootstrap $suite: $(secs_since "$t0")s"
}
