# shellcheck shell=bash
# buildah working containers, and the images a rebuild replaced

CTR=
cleanup_ctr() {
  if [ -n "$CTR" ]; then
    buildah rm "$CTR" >/dev/null 2>&1 || true
    CTR=
  fi
}

# new_ctr FROM  -> sets CTR and MNT
new_ctr() {
  CTR=$(buildah from --pull-never --quiet "$1")
  # shellcheck disable=SC2034 # MNT: the root the build_* functions fill
  MNT=$(buildah mount "$CTR")
}

# commit_ctr NAME [TAG...]: commit CTR as a docker-format image, then tag it
commit_ctr() {
  local name=$1 t old
  shift
  old=$(image_id "$name")
  buildah unmount "$CTR" >/dev/null
  buildah commit --quiet --rm --format docker --identity-label=false "$CTR" "$name" >/dev/null
  CTR=
  for t in "$@"; do buildah tag "$name" "$t"; done
  drop_old_image "$old"
}

# Images a rebuild replaced: removed at the end of the run (newest first, so children go before
# their parents) once they have no name left; kept while other images still build on them.
OLD_IMAGES=()
drop_old_image() { [ -z "$1" ] || OLD_IMAGES+=("$1"); }
sweep_old_images() {
  local i id
  for ((i = ${#OLD_IMAGES[@]} - 1; i >= 0; i--)); do
    id=${OLD_IMAGES[$i]}
    if [ -z "$(podman image inspect --format '{{join .RepoTags ","}}' "$id" 2>/dev/null)" ]; then
      podman rmi "$id" >/dev/null 2>&1 || true
    fi
  done
}
