# shellcheck shell=bash
# stamps: an image is reused when it exists with the id recorded next to a matching stamp

stamp_file() { printf '%s/stamps/%s\n' "$E2E_HOME" "$(printf '%s' "$1" | tr '/:' '__')"; }
image_id() { podman image inspect --format '{{.Id}}' "$1" 2>/dev/null || true; }
image_current() { # NAME STAMP
  [ "${PND_E2E_REBUILD:-0}" = 1 ] && return 1
  local f id
  f=$(stamp_file "$1")
  [ -f "$f" ] || return 1
  id=$(image_id "$1")
  [ -n "$id" ] && [ "$(cat "$f")" = "$2 $id" ]
}
record_stamp() { printf '%s %s\n' "$2" "$(image_id "$1")" >"$(stamp_file "$1")"; }

BUILT=()
REUSED=()
# shellcheck disable=SC2034 # STANDINS: filled by the build_* functions, read by main.sh
STANDINS=()
SUMMARY=()
note_image() { # built|reused NAME SECONDS
  if [ "$1" = built ]; then BUILT+=("$2"); else REUSED+=("$2"); fi
  SUMMARY+=("$(printf '%-8s %6ss  %s' "$1" "$3" "$2")")
  log "$1 $2 ($3s)"
}

all_tags_match() { # NAME TAG...: every extra tag points at the same image
  local id t
  id=$(image_id "$1")
  shift
  for t in "$@"; do [ "$(image_id "$t")" = "$id" ] || return 1; done
}
