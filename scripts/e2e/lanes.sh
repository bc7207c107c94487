#!/usr/bin/env bash
# projen-node-docker: runs the end-to-end suite (after setup.sh), as `npx projen e2e` does.
#
# Usage:  bash scripts/e2e/lanes.sh            the whole suite, in two lanes side by side
#         bash scripts/e2e/lanes.sh --list     which files each lane runs
#         bash scripts/e2e/lanes.sh FILE...    only those files, in one run, with both builders
#
# The lanes: buildah runs every file, building with buildah only (PND_E2E_BUILDERS=buildah);
# BuildKit runs, at the same time, the files that build with every builder (those that use
# BUILDERS from test/e2e/describe-with-builder.ts), with BuildKit only. Each lane has its own
# dockerd and writes its own report. Much of a build waits on the registry, the disk or a
# health check, so two lanes use the two cores that one leaves half idle.
#
# The buildah lane has the more work, so a file whose first line starts `// e2e lane: BuildKit`
# runs whole in the BuildKit lane instead, building as it says (with buildah, say). Its buildah
# builds then share containers-storage with the other lane's, which its locks allow; what is
# not safe is removing an image another build may be using as its cache, so no test removes
# intermediate images (setup.sh removes what a run left, before the next).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

config=vitest.e2e.config.mts

# Held, shared, until every test process has ended: setup.sh removes what earlier runs left in
# the storage only when no run holds it (scripts/e2e/lib/earlier-runs.sh).
# shellcheck source=scripts/e2e/env.sh
. scripts/e2e/env.sh
exec 8>"$PND_E2E_HOME/run.lock"
flock -s 8
if [ $# -gt 0 ] && [ "$1" != --list ]; then
  exec npx vitest run --config "$config" "$@"
fi

mapfile -t both_builders < <(grep -l '\bBUILDERS\b' test/e2e/*.e2e.test.ts)
mapfile -t moved < <(grep -l '^// e2e lane: BuildKit\b' test/e2e/*.e2e.test.ts || true)
if [ "${#both_builders[@]}" -eq 0 ]; then
  echo "lanes.sh: no end-to-end file uses BUILDERS: nothing for the BuildKit lane" >&2
  exit 1
fi
excluded=()
for file in "${moved[@]}"; do
  if grep -q '\bBUILDERS\b' "$file"; then
    echo "lanes.sh: $file builds with every builder (BUILDERS): in the BuildKit lane its buildah half would not run; drop its lane line" >&2
    exit 1
  fi
  if [[ "$(head -n 1 "$file")" != '// e2e lane: BuildKit'* ]]; then
    echo "lanes.sh: $file: the lane line must be the file's first line" >&2
    exit 1
  fi
  excluded+=(--exclude "$file")
done
buildkit_files=("${both_builders[@]}" "${moved[@]}")
if [ "${1:-}" = --list ]; then
  echo "buildah lane, with buildah: every file but ${moved[*]:-none}"
  echo "BuildKit lane, with BuildKit: ${both_builders[*]}; whole: ${moved[*]:-nothing}"
  exit 0
fi
rm -f test-reports/e2e.json test-reports/e2e-buildkit.json

# Each line of a lane's output starts with its name; the exit status is the lane's own.
lane() {
  local name=$1
  shift
  "$@" 2>&1 | sed -u "s/^/[$name] /"
  return "${PIPESTATUS[0]}"
}

PND_E2E_BUILDERS=buildah lane buildah npx vitest run --config "$config" "${excluded[@]}" &
buildah_lane=$!
PND_E2E_BUILDERS=BuildKit lane BuildKit npx vitest run --config "$config" --outputFile.json=test-reports/e2e-buildkit.json "${buildkit_files[@]}" &
buildkit_lane=$!

status=0
wait "$buildah_lane" || status=1
wait "$buildkit_lane" || status=1
exit "$status"
