# shellcheck shell=bash
# b. node:<major>-alpine look-alike (glibc + busybox, NOT Alpine)

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
