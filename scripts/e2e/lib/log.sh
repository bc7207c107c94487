# shellcheck shell=bash
# log lines, fatal errors and timings (every [pnd-e2e] line goes to stderr)

log() { printf '[pnd-e2e] %s\n' "$*" >&2; }
die() {
  printf '\n[pnd-e2e] ERROR: %s\n\n' "$*" >&2
  exit 1
}
now_ms() { date +%s%3N; }
secs_since() { awk -v a="$1" -v b="$(now_ms)" 'BEGIN { printf "%.1f", (b - a) / 1000 }'; }
