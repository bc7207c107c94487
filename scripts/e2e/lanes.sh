#!/usr/bin/env bash
# projen-node-docker: runs the end-to-end suite (after setup.sh), as `npx projen e2e` does.
#
# Usage:  bash scripts/e2e/lanes.sh            the whole suite, in two lanes side by side
#         bash scripts/e2e/lanes.sh FILE...    only those files, in one run, with both builders
#
# The lanes: buildah runs every file, building with buildah only (PND_E2E_BUILDERS=buildah);
# BuildKit runs, at the same time, the files that build with every builder (those that use
# BUILDERS from test/e2e/describe-with-builder.ts), with BuildKit only. The two never share a
# store: buildah's is containers-storage, BuildKit's is its own dockerd's (each lane starts
# one). Much of a build waits on the registry, the disk or a health check, so two lanes
# use the two cores that one leaves half idle. Each lane writes its own report.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

config=vitest.e2e.config.mts

# Held, shared, until every test process has ended: setup.sh removes what earlier runs left in
# the storage only when no run holds it (scripts/e2e/lib/earlier-runs.sh).
home=${PND_E2E_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/projen-node-docker/e2e}
mkdir -p "$home"
exec 8>"$home/run.lock"
flock -s 8
if [ $# -gt 0 ]; then
  exec npx vitest run --config "$config" "$@"
fi

mapfile -t buildkit_files < <(grep -l '\bBUILDERS\b' test/e2e/*.e2e.test.ts)
if [ "${#buildkit_files[@]}" -eq 0 ]; then
  echo "lanes.sh: no end-to-end file uses BUILDERS: nothing for the BuildKit lane" >&2
  exit 1
fi
rm -f test-reports/e2e.json test-reports/e2e-buildkit.json

# Each line of a lane's output starts with its name; the exit status is the lane's own.
lane() {
  local name=$1
  shift
  "$@" 2>&1 | sed -u "s/^/[$name] /"
  return "${PIPESTATUS[0]}"
}

PND_E2E_BUILDERS=buildah lane buildah npx vitest run --config "$config" &
buildah_lane=$!
PND_E2E_BUILDERS=BuildKit lane BuildKit npx vitest run --config "$config" --outputFile.json=test-reports/e2e-buildkit.json "${buildkit_files[@]}" &
buildkit_lane=$!

status=0
wait "$buildah_lane" || status=1
wait "$buildkit_lane" || status=1
exit "$status"
