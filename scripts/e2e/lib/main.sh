# shellcheck shell=bash
# the run: arguments, selection, the build order, verification and the summary

want_variant() { [[ " $VARIANTS " == *" $1 "* ]]; }

# select_images: sets NODE_MAJORS, VARIANTS and SUITES (the Debian roots they need)
select_images() {
  local major v suite
  NODE_MAJORS=${PND_E2E_NODE_MAJORS:-22 24 26}
  VARIANTS=${PND_E2E_VARIANTS:-$ALL_VARIANTS}
  for v in $VARIANTS; do
    case " $ALL_VARIANTS " in *" $v "*) ;; *) die "unknown variant '$v' in PND_E2E_VARIANTS (known: $ALL_VARIANTS)" ;; esac
  done
  for major in $NODE_MAJORS; do
    [[ $major =~ ^[0-9]+$ ]] || die "PND_E2E_NODE_MAJORS must list numbers, got '$major'"
  done
  log "home: $E2E_HOME; Node majors: $NODE_MAJORS; variants: $VARIANTS"
  SUITES=()
  for suite in trixie bookworm; do
    if want_variant "$suite-slim" || { [ "$suite" = trixie ] && want_variant distroless; }; then
      SUITES+=("$suite")
    fi
  done
}

# The slow downloads (debootstrap per suite, the Node packages) run side by side.
prefetch() {
  local suite major pids=() pid
  for suite in "${SUITES[@]}"; do
    (ensure_rootfs_tarball "$suite") &
    pids+=($!)
  done
  (for major in $NODE_MAJORS; do resolve_node "$major"; done) &
  pids+=($!)
  for pid in "${pids[@]}"; do wait "$pid" || die "preparing the Debian roots or the Node packages failed (see above)"; done
}

# shellcheck disable=SC2034 # TRIXIE_BASE_*: read by build_distroless
build_bases() { # -> SUITE_BASE, SUITE_STAMP per suite; TRIXIE_BASE_IMAGE, TRIXIE_BASE_STAMP
  local suite
  declare -gA SUITE_BASE=() SUITE_STAMP=()
  for suite in "${SUITES[@]}"; do
    ensure_debian_base "$suite"
    SUITE_BASE[$suite]=$BASE_IMAGE
    SUITE_STAMP[$suite]=$BASE_STAMP
  done
  TRIXIE_BASE_IMAGE=${SUITE_BASE[trixie]:-}
  TRIXIE_BASE_STAMP=${SUITE_STAMP[trixie]:-}
}

build_images() {
  local major suite
  for major in $NODE_MAJORS; do
    resolve_node "$major"
    log "Node $major -> $NODE_VER"
    for suite in trixie bookworm; do
      if want_variant "$suite-slim"; then
        BASE_IMAGE=${SUITE_BASE[$suite]}
        BASE_STAMP=${SUITE_STAMP[$suite]}
        build_slim "$major" "$suite"
      fi
    done
    if want_variant alpine; then build_alpine "$major"; fi
    if want_variant distroless; then build_distroless "$major"; fi
  done
}

verify_everything() { # PND_E2E_VERIFY=all: the reused images too
  local major suite
  VERIFY=()
  for major in $NODE_MAJORS; do
    for suite in trixie bookworm; do
      if want_variant "$suite-slim"; then VERIFY+=("slim $major $suite docker.io/library/node:$major-$suite-slim"); fi
    done
    if want_variant alpine; then VERIFY+=("alpine $major - docker.io/library/node:$major-alpine"); fi
    if want_variant distroless; then VERIFY+=("distroless $major - gcr.io/distroless/nodejs$major-debian13"); fi
  done
}

# every stand-in in the storage, also those of earlier runs with other PND_E2E_NODE_MAJORS
write_images_list() {
  local n
  {
    printf '%s\n' "${STANDINS[@]}"
    [ ! -f "$E2E_HOME/images.txt" ] || cat "$E2E_HOME/images.txt"
  } | sort -u | while read -r n; do
    [ -z "$(image_id "$n")" ] || printf '%s\n' "$n"
  done >"$E2E_HOME/images.txt.tmp"
  mv -f "$E2E_HOME/images.txt.tmp" "$E2E_HOME/images.txt"
}

print_summary() { # T_START
  {
    echo
    echo "[pnd-e2e] summary (home: $E2E_HOME)"
    printf '  %s\n' "${SUMMARY[@]}"
    echo "[pnd-e2e] built ${#BUILT[@]}, reused ${#REUSED[@]}; total $(secs_since "$1")s"
    echo "[pnd-e2e] images listed in $E2E_HOME/images.txt; use them with: . scripts/e2e/env.sh"
  } >&2
}

main() {
  case "${1:-}" in
    -h | --help) usage; return 0 ;;
    --clean) clean; return 0 ;;
    "") ;;
    *) usage >&2; die "unknown argument $1" ;;
  esac
  local t_start
  t_start=$(now_ms)
  if [ "$(id -u)" -ne 0 ]; then
    die "scripts/e2e/setup.sh must run as root (debootstrap, chroot, rootful buildah/podman).
    Real-build tests cannot run here; skip them or run this as root."
  fi
  ensure_packages
  mkdir -p "$E2E_HOME"
  exec 9>"$E2E_HOME/.lock"
  flock 9 || die "cannot lock $E2E_HOME/.lock"
  write_configs
  touch "$E2E_HOME/work/run-start"
  # shellcheck source=/dev/null
  . "$E2E_HOME/env.sh"
  resolve_mirrors
  host_facts
  select_images

  VERIFY=()
  prefetch
  build_bases
  build_images
  if [ "${PND_E2E_VERIFY:-built}" = all ]; then verify_everything; fi
  run_verifications
  sweep_old_images
  write_images_list
  drop_earlier_runs
  print_summary "$t_start"
}
