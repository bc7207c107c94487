# shellcheck shell=bash
# What earlier test runs left in the storage: removed before each run, so that every run starts
# from the stand-ins alone. Left to grow, the storage slows every later build: each buildah step
# reads and rewrites the storage's image list (seen: 6,900 images made a fully cached build
# take 10 s instead of 4, and two cold builds side by side 110 s instead of 11).

# Every container of the storage: podman's, and buildah's working containers.
remove_containers() {
  podman rm -af -t 1 >/dev/null 2>&1 || true
  buildah rm -a >/dev/null 2>&1 || true
}

# unmount_under DIR: every mount below DIR, deepest first (overlay mounts a crashed build left).
unmount_under() {
  local mp
  while read -r mp; do
    umount -l "$mp" 2>/dev/null || true
  done < <(awk -v d="$1/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r)
}

# lock_out_test_runs: takes the run lock (fd 8) alone, which every test run holds shared for as
# long as it runs (scripts/e2e/lanes.sh); fails while a run holds it. Release with: exec 8>&-
lock_out_test_runs() {
  exec 8>"$E2E_HOME/run.lock"
  flock -n -x 8 || { exec 8>&-; return 1; }
}

# drop_earlier_runs: removes every container, and every image setup.sh did not make, unless a
# test run is using the storage now.
drop_earlier_runs() {
  local t keep=() all=() drop=() id listed
  t=$(now_ms)
  if ! lock_out_test_runs; then
    log "a test run is using this storage: the images of earlier runs are kept"
    return 0
  fi
  remove_containers
  # The stand-ins and the Debian roots they are built on (lib/images-base.sh).
  mapfile -t keep < <({ cat "$E2E_HOME/images.txt"; printf 'localhost/pnd-e2e/debian:%s-minbase\n' trixie bookworm; } \
    | while read -r name; do image_id "$name"; done | sort -u)
  # buildah lists from the storage's own records: it is fast on a large storage and lists an
  # image whose manifest was lost (a build killed while committing), where podman fails.
  listed=$(buildah images -a -q --no-trunc 2>&1) \
    || die "could not list the images in $E2E_HOME/storage ($listed); remove the whole home with: bash scripts/e2e/setup.sh --clean"
  mapfile -t all < <(printf '%s\n' "$listed" | sed -n 's/^sha256://p' | sort -u)
  for id in "${all[@]}"; do
    [[ " ${keep[*]} " == *" $id "* ]] || drop+=("$id")
  done
  if [ "${#drop[@]}" -gt 0 ]; then
    storage_readable_by_podman
    podman rmi -f "${drop[@]}" >/dev/null 2>&1 \
      || die "could not remove the images earlier test runs left in $E2E_HOME/storage; remove the whole home with: bash scripts/e2e/setup.sh --clean"
  fi
  exec 8>&-
  log "removed ${#drop[@]} images earlier test runs left ($(secs_since "$t")s)"
}

# The tests list and run images with podman, which refuses a whole storage for one image without
# its manifest: such images are removed (with buildah, which can) until podman reads the storage.
storage_readable_by_podman() {
  local out id tries=0
  until out=$(podman images -a -q 2>&1); do
    id=$(printf '%s\n' "$out" | sed -n 's/.*for image with ID "\([0-9a-f]\{64\}\)".*/\1/p' | head -n 1)
    tries=$((tries + 1))
    if [ -z "$id" ] || [ "$tries" -gt 20 ]; then
      die "podman cannot read $E2E_HOME/storage ($out); remove the whole home with: bash scripts/e2e/setup.sh --clean"
    fi
    log "removing image $id: its manifest is missing (a build was stopped while committing it)"
    buildah rmi -f "$id" >/dev/null 2>&1 || die "could not remove the damaged image $id; remove the whole home with: bash scripts/e2e/setup.sh --clean"
  done
}

# A storage past this many images costs more to prune image by image than to build the stand-ins
# again (seen: 6,900 images; buildah took minutes for each 200 removed, podman 3 minutes to list).
MAX_STORAGE_IMAGES=${PND_E2E_MAX_STORAGE_IMAGES:-2000}

# reset_oversized_storage: before the stand-ins are looked for, an empty storage in place of one
# too large to prune; the stand-ins are then built again. Skipped while a test run holds the run lock.
reset_oversized_storage() {
  local count
  [ -d "$E2E_HOME/storage/overlay-images" ] || return 0
  lock_out_test_runs || return 0
  count=$(buildah images -a -q 2>/dev/null | wc -l)
  if [ "$count" -le "$MAX_STORAGE_IMAGES" ]; then
    exec 8>&-
    return 0
  fi
  log "the storage holds $count images (more than $MAX_STORAGE_IMAGES): emptied, the stand-ins are built again"
  remove_containers
  podman image umount -a -f >/dev/null 2>&1 || true
  unmount_under "$E2E_HOME/storage"
  rm -rf "${E2E_HOME:?}/storage" "${E2E_HOME:?}/run"
  mkdir -p "$E2E_HOME/storage" "$E2E_HOME/run"
  exec 8>&-
}
