#!/bin/sh
# projen-node-docker e2e stand-in: entrypoint of the stand-in node base images.
# Written for the tests; it mimics the behaviour of the official image's entrypoint:
# the arguments are handed to node when the first one is an option (-e, --version, ...),
# a file that is not executable (app.js), or a name that is not a command on PATH.
set -e
if [ "$#" -eq 0 ]; then
  exec node
fi
first=$1
case "$first" in
  -*) set -- node "$@" ;;
  *)
    if [ -f "$first" ] && [ ! -x "$first" ]; then
      set -- node "$@"
    elif ! command -v "$first" >/dev/null 2>&1; then
      set -- node "$@"
    fi
    ;;
esac
exec "$@"
