# shellcheck shell=bash
# what the images copy from the host, and HOST_INPUTS, the stamp of all of it

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
  # shellcheck disable=SC2034 # HOST_INPUTS: part of every image stamp
  HOST_INPUTS=$(
    {
      echo "recipe=$PND_E2E_RECIPE_VERSION"
      # the code that makes the images (bash prints it without comments), not the rest of the
      # scripts: editing the verification or the summary does not force a rebuild. Listed by
      # name, so moving a function to another file of lib/ does not change the stamp either.
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
