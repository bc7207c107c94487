# shellcheck shell=bash
# localhost/pnd-e2e/debian:<suite>-minbase: the debootstrap root, made image-like; the base of
# the slim images and the source of the distroless files

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
  # shellcheck disable=SC2034 # BASE_STAMP: read by main.sh and build_slim
  BASE_STAMP="$stamp $(image_id "$BASE_IMAGE")"
  note_image built "$BASE_IMAGE" "$(secs_since "$t0")"
}
