# shellcheck shell=bash
# the Debian mirror of the host's apt sources, and the npm registry

# Prints "URI SUITE COMPONENTS..." for every enabled `deb` entry of the host's apt sources
# (one-line *.list files and deb822 *.sources files).
apt_source_entries() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    sed -e 's/#.*//' "$f" | awk '
      $1 == "deb" {
        i = 2
        if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
        line = $(i) " " $(i + 1)
        for (j = i + 2; j <= NF; j++) line = line " " $j
        print line
      }'
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk '
      function flush(   n, m, a, b, uri, suite) {
        if (types ~ /(^|[ \t])deb([ \t]|$)/ && enabled != "no") {
          n = split(uris, uri, /[ \t]+/); m = split(suites, suite, /[ \t]+/)
          for (a = 1; a <= n; a++) for (b = 1; b <= m; b++)
            if (uri[a] != "" && suite[b] != "") print uri[a], suite[b], comps
        }
        types = ""; uris = ""; suites = ""; comps = ""; enabled = "yes"; key = ""
      }
      BEGIN { enabled = "yes" }
      /^[ \t]*#/ { next }
      /^[ \t]*$/ { flush(); next }
      /^[ \t]/ { v = $0; sub(/^[ \t]+/, "", v)
                 if (key == "uris") uris = uris " " v; else if (key == "suites") suites = suites " " v
                 next }
      {
        key = tolower($0); sub(/:.*/, "", key)
        v = $0; sub(/^[^:]*:[ \t]*/, "", v); sub(/[ \t]+$/, "", v)
        if (key == "types") types = v
        else if (key == "uris") uris = v
        else if (key == "suites") suites = v
        else if (key == "components") comps = v
        else if (key == "enabled") enabled = tolower(v)
      }
      END { flush() }' "$f"
  done
}

resolve_mirrors() {
  local codename entries
  codename=$(. /etc/os-release && printf '%s' "${VERSION_CODENAME:-}")
  entries=$(apt_source_entries)
  DEBIAN_MIRROR=${PND_E2E_DEBIAN_MIRROR:-}
  if [ -z "$DEBIAN_MIRROR" ]; then
    DEBIAN_MIRROR=$(awk -v s="$codename" '$2 == s && / main( |$)/ { print $1; exit }' <<<"$entries")
  fi
  if [ -z "$DEBIAN_MIRROR" ]; then
    DEBIAN_MIRROR=$(awk '$2 !~ /-(security|updates|backports)$/ && $1 !~ /security/ && / main( |$)/ { print $1; exit }' <<<"$entries")
  fi
  [ -n "$DEBIAN_MIRROR" ] ||
    die "cannot find the Debian mirror in the host's apt sources; set PND_E2E_DEBIAN_MIRROR"
  DEBIAN_SECURITY_MIRROR=${PND_E2E_DEBIAN_SECURITY_MIRROR:-}
  if [ -z "$DEBIAN_SECURITY_MIRROR" ]; then
    DEBIAN_SECURITY_MIRROR=$(awk -v s="$codename-security" '$2 == s { print $1; exit }' <<<"$entries")
  fi
  DEBIAN_MIRROR=${DEBIAN_MIRROR%/}
  DEBIAN_SECURITY_MIRROR=${DEBIAN_SECURITY_MIRROR%/}
  NPM_REGISTRY=$(npm config get registry)
  NPM_REGISTRY=${NPM_REGISTRY%/}/
  log "Debian mirror (from the host's apt sources): $DEBIAN_MIRROR${DEBIAN_SECURITY_MIRROR:+, security: $DEBIAN_SECURITY_MIRROR}"
}
