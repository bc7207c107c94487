#!/usr/bin/env bash
# projen-node-docker: runs the end-to-end suite (after setup.sh), as `npx projen e2e` does.
#
# Usage:  bash scripts/e2e/lanes.sh            the whole suite, in two lanes side by side
#         bash scripts/e2e/lanes.sh --list     which files each lane runs
#         bash scripts/e2e/lanes.sh FILE...    only those files, in one run, with both builders
#
# The lanes: buildah runs every file, building with buildah only (PND_E2E_BUILDERS=buildah);
# BuildKit runs, at the same time, the files that build with every builder (those that use
# BUILDERS from test/e2e/describe-with-builder.ts), with BuildKit only. Much of a build waits
# on the registry, the disk or a health check, so two lanes use the two cores that one leaves
# half idle. Each lane has its own dockerd and writes its own report.
#
# The buildah lane has the more work (the files that build with buildah alone), so a file
# whose first lines say `// e2e lane: BuildKit` runs in the BuildKit lane instead, whole: one
# whose buildah builds share nothing with other files' (cold builds with caches of their own,
# images of its own), which containers-storage's locks let run beside the other lane's.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

config=vitest.e2e.config.mts
if [ $# -gt 0 ] && [ "$1" != --list ]; then
  exec npx vitest run --config "$config" "$@"
fi

mapfile -t both_builders < <(grep -l '\bBUILDERS\b' test/e2e/*.e2e.test.ts)
mapfile -t moved < <(grep -l '^// e2e lane: BuildKit$' test/e2e/*.e2e.test.ts || true)
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
  excluded+=(--exclude "$file")
done
buildkit_files=("${both_builders[@]}" "${moved[@]}")
if [ "${1:-}" = --list ]; then
  echo "buildah lane: every file but ${moved[*]:-none}, with buildah"
  echo "BuildKit lane: ${both_builders[*]} with BuildKit; ${moved[*]:-nothing else} whole"
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
