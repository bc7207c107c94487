# shellcheck shell=bash
# 4. verification of the images

prun() { podman run --rm --network host "$@"; }

expect() { # WHAT EXPECTED ACTUAL
  if [ "$2" != "$3" ]; then die "verify: $1: expected '$2', got '$3'"; fi
}
expect_major() { # IMAGE MAJOR VERSION
  case "$3" in v"$2".*) ;; *) die "verify $1: node reports '$3', expected v$2.x" ;; esac
}

APT_VERIFIED=" "
verify_node_image() { # KIND MAJOR SUITE IMAGE
  local kind=$1 major=$2 suite=$3 img=$4 out
  out=$(prun "$img" node -e 'console.log(process.version)')
  expect_major "$img" "$major" "$out"
  out=$(prun "$img" -e 'console.log(process.version)')
  expect_major "$img (entrypoint passes options to node)" "$major" "$out"
  expect "$img: id -u node" 1000 "$(prun "$img" id -u node)"
  expect "$img: id -g node" 1000 "$(prun "$img" id -g node)"
  out=$(prun "$img" npm --version)
  expect "$img: npm --version" "$HOST_NPM_VERSION" "$out"
  out=$(prun --user 1000:1000 --workdir /home/node "$img" npm view is-number version)
  [ -n "$out" ] || die "verify $img: npm view is-number version printed nothing"
  expect "$img: config" '["docker-entrypoint.sh"] ["node"]' \
    "$(podman image inspect --format '{{json .Config.Entrypoint}} {{json .Config.Cmd}}' "$img")"
  if [ "$kind" = alpine ]; then
    prun "$img" sh -c 'apk add --no-cache tini >/dev/null 2>&1 && grep -q "apk add --no-cache tini" /etc/apk-shim.log &&
      addgroup -S app && adduser -S -G app app && id app && test -x /usr/bin/env' >/dev/null ||
      die "verify $img: busybox shell, apk/addgroup/adduser shims or /usr/bin/env do not work"
  fi
  if [ "$kind" = slim ] && [[ $APT_VERIFIED != *" $suite "* ]]; then
    prun "$img" sh -c 'apt-get update -qq && apt-cache show --no-all-versions libatomic1 >/dev/null' ||
      die "verify $img: apt-get update cannot reach the mirror from inside the image"
    APT_VERIFIED="$APT_VERIFIED$suite "
  fi
}

verify_distroless() { # MAJOR REPO
  local major=$1 repo=$2 img out mnt
  for img in "$repo:latest" "$repo:nonroot" "$repo:debug" "$repo:debug-nonroot"; do
    out=$(prun "$img" -e 'console.log(process.version)')
    expect_major "$img" "$major" "$out"
    expect "$img: entrypoint/cmd" '["/nodejs/bin/node"] null' \
      "$(podman image inspect --format '{{json .Config.Entrypoint}} {{json .Config.Cmd}}' "$img")"
    out=$(prun "$img" -e 'console.log(process.getuid() + ":" + process.getgid())')
    case "$img" in
      *nonroot) expect "$img: uid:gid" 65532:65532 "$out"
        expect "$img: config user/workdir" "65532:65532 /home/nonroot" \
          "$(podman image inspect --format '{{.Config.User}} {{.Config.WorkingDir}}' "$img")" ;;
      *) expect "$img: uid:gid" 0:0 "$out" ;;
    esac
    mnt=$(podman image mount "$img")
    if [ -e "$mnt/bin/sh" ] || [ -e "$mnt/usr/local/bin/npm" ] || [ -e "$mnt/usr/bin/env" ]; then
      podman image unmount "$img" >/dev/null
      die "verify $img: a shell, env or npm is present"
    fi
    case "$img" in
      *debug*) [ -x "$mnt/busybox/sh" ] || { podman image unmount "$img" >/dev/null; die "verify $img: /busybox/sh missing"; } ;;
      *) [ ! -e "$mnt/busybox" ] || { podman image unmount "$img" >/dev/null; die "verify $img: /busybox present"; } ;;
    esac
    podman image unmount "$img" >/dev/null
  done
  # shellcheck disable=SC2016 # $PATH is expanded by the container's shell
  out=$(prun --entrypoint /busybox/sh "$repo:debug-nonroot" -c 'id -u; echo "$PATH"')
  expect "$repo:debug-nonroot: busybox sh" "65532
$STD_PATH:/busybox" "$out"
  # node trusts the host CA (TLS is intercepted here): an HTTPS request to the npm registry
  out=$(prun "$repo:nonroot" -e 'fetch(process.argv[1] + "is-number").then((r) => console.log(r.status), (e) => { console.log(String(e.cause || e)); process.exit(1); })' "$NPM_REGISTRY")
  expect "$repo:nonroot: HTTPS to the npm registry" 200 "$out"
}

run_verifications() {
  local v kind major suite img t0
  [ "${PND_E2E_VERIFY:-built}" = none ] && return 0
  for v in "${VERIFY[@]}"; do
    read -r kind major suite img <<<"$v"
    t0=$(now_ms)
    case "$kind" in
      distroless) verify_distroless "$major" "$img" ;;
      *) verify_node_image "$kind" "$major" "$suite" "$img" ;;
    esac
    log "verified $img ($(secs_since "$t0")s)"
  done
}
