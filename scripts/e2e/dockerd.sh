#!/usr/bin/env bash
# projen-node-docker: the Docker Engine of the BuildKit end-to-end builds (after setup.sh).
#
# Usage:  bash scripts/e2e/dockerd.sh start [OWNER_PID]
#             starts (or reuses) a dockerd in PND_E2E_HOME/docker and prints, one a line,
#             PND_E2E_DOCKER_DIR=..., DOCKER_HOST=unix://... and DOCKER_CONFIG=...
#             (a folder another live OWNER_PID uses is left alone: this one gets docker-<pid>)
#         bash scripts/e2e/dockerd.sh stop [DIR]      stops it by its pid (default PND_E2E_HOME/docker)
#         bash scripts/e2e/dockerd.sh load IMAGE...   moves stand-ins over (podman save | docker load),
#             into the daemon of DOCKER_HOST, unless it has them already
#
# Build with docker.io's own client, which has BuildKit built in (/usr/local/bin/docker may be a
# newer client without buildx, which falls back to the legacy builder):
#   eval "$(bash scripts/e2e/dockerd.sh start)"; export DOCKER_HOST DOCKER_CONFIG
#   DOCKER_BUILDKIT=1 /usr/bin/docker build --network host ...
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly SCRIPT_DIR
# shellcheck source-path=SCRIPTDIR
{
  . "$SCRIPT_DIR/lib/log.sh"
  . "$SCRIPT_DIR/lib/dockerd.sh"
  . "$SCRIPT_DIR/env.sh"
}
E2E_HOME=$PND_E2E_HOME
readonly E2E_HOME

case "${1:-}" in
  start) dockerd_start "${2:-$PPID}" ;;
  stop) dockerd_stop "${2:-$E2E_HOME/docker}" ;;
  load) shift; dockerd_load "$@" ;;
  *)
    sed -n '2,/^set -euo pipefail/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
