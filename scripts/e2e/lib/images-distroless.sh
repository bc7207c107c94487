# shellcheck shell=bash
# c. gcr.io/distroless/nodejs<major>-debian13:{latest,nonroot,debug,debug-nonroot}

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
