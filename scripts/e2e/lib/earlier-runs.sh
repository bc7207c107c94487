# shellcheck shell=bash
# What earlier test runs left in the storage: removed before each run, so that every run starts
# from the stand-ins alone. Left to grow, the storage slows every later build: each buildah step
# reads and rewrites the storage's image list (seen: 6,900 images made a fully cached build
# take 10 s instead of 2, and two cold builds side by side 110 s instead of 11).

# The lock every test run holds, shared, for as long as it runs (scripts/e2e/lanes.sh).
run_lock() { printf '%s\n' "$E2E_HOME/run.lock"; }

# drop_earlier_runs: removes every container, and every image setup.sh did not make, unless a
# test run is using the storage now.
drop_earlier_runs() {
  local t keep=() all=() drop=() id listed
  t=$(now_ms)
  exec 8>"$(run_lock)"
  if ! flock -n -x 8; then
    log "a test run is using this storage: the images of earlier runs are kept"
    exec 8>&-
    return 0
  fi
  podman rm -af -t 1 >/dev/null 2>&1 || true
  buildah rm -a >/dev/null 2>&1 || true
  # The stand-ins and the Debian roots they are built on (lib/images-base.sh).
  mapfile -t keep < <({ cat "$E2E_HOME/images.txt"; printf 'localhost/pnd-e2e/debian:%s-minbase\n' trixie bookworm; } \
    | while read -r name; do image_id "$name"; done | sort -u)
  listed=$(podman images -a -q --no-trunc 2>&1) \
    || die "could not list the images in $E2E_HOME/storage ($listed); remove the whole home with: bash scripts/e2e/setup.sh --clean"
  mapfile -t all < <(printf '%s\n' "$listed" | sed -n 's/^sha256://p' | sort -u)
  for id in "${all[@]}"; do
    [[ " ${keep[*]} " == *" $id "* ]] || drop+=("$id")
  done
  if [ "${#drop[@]}" -gt 0 ]; then
    podman rmi -f "${drop[@]}" >/dev/null 2>&1 \
      || die "could not remove the images earlier test runs left in $E2E_HOME/storage; remove the whole home with: bash scripts/e2e/setup.sh --clean"
  fi
  exec 8>&-
  log "removed ${#drop[@]} images earlier test runs left ($(secs_since "$t")s)"
}
