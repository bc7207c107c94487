# shellcheck shell=bash
# the Docker Engine of the BuildKit builds: a dockerd of the harness's own, never the system's
#
# Debian's docker.io 20.10 (dockerd with its built-in BuildKit, and the client /usr/bin/docker).
# No init system runs here, so it is started by hand, with its data root, exec root, pid file,
# socket, daemon.json and client configuration all in one folder under PND_E2E_HOME, and stopped
# by the pid it wrote. No bridge and no iptables rules: builds and containers use the host's
# network or none. A folder in use by a live caller is never shared: a second caller gets one
# of its own (docker-<pid>), removed when it stops.

readonly DOCKER_CLI=/usr/bin/docker # docker.io's client; /usr/local/bin/docker may be another, without BuildKit

dockerd_pid() { # DIR -> the pid of the dockerd this harness started there, if it still runs
  local pid
  pid=$(cat "$1/dockerd.pid" 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null &&
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "--data-root $1/data " && printf '%s\n' "$pid"
}

dockerd_answers() { DOCKER_CONFIG="$1/cli" "$DOCKER_CLI" -H "unix://$1/docker.sock" info >/dev/null 2>&1; }

dockerd_launch() { # DIR
  local dir=$1 i
  if ! command -v dockerd >/dev/null 2>&1 || [ ! -x "$DOCKER_CLI" ]; then
    die "dockerd or $DOCKER_CLI is missing: run 'bash scripts/e2e/setup.sh' (it installs docker.io) as root"
  fi
  mkdir -p "$dir/cli"
  # An empty daemon.json of its own: /etc/docker/daemon.json is the system daemon's. And an empty
  # client config.json: buildah and podman read DOCKER_CONFIG too, and refuse a folder without it.
  [ -f "$dir/daemon.json" ] || printf '{}\n' >"$dir/daemon.json"
  [ -f "$dir/cli/config.json" ] || printf '{}\n' >"$dir/cli/config.json"
  rm -f "$dir/docker.sock" "$dir/dockerd.pid"
  setsid dockerd --config-file "$dir/daemon.json" --data-root "$dir/data" --exec-root "$dir/exec" \
    --pidfile "$dir/dockerd.pid" --host "unix://$dir/docker.sock" --storage-driver overlay2 \
    --iptables=false --ip-forward=false --ip-masq=false --bridge=none \
    >>"$dir/dockerd.log" 2>&1 </dev/null 8>&- &
  for i in $(seq 1 120); do
    dockerd_answers "$dir" && return 0
    [ "$i" -gt 4 ] && ! dockerd_pid "$dir" >/dev/null && break
    sleep 0.25
  done
  tail -n 20 "$dir/dockerd.log" >&2
  die "dockerd did not start in $dir (its log: $dir/dockerd.log)"
}

# dockerd_start OWNER_PID: prints the folder and DOCKER_HOST of a running dockerd for OWNER_PID
dockerd_start() {
  local owner=$1 dir=$E2E_HOME/docker user
  mkdir -p "$E2E_HOME"
  exec 8>"$E2E_HOME/.docker.lock"
  flock 8 || die "cannot lock $E2E_HOME/.docker.lock"
  user=$(cat "$dir/owner" 2>/dev/null || true)
  if [ -n "$user" ] && [ "$user" != "$owner" ] && kill -0 "$user" 2>/dev/null && dockerd_pid "$dir" >/dev/null; then
    log "dockerd in $dir is in use by process $user: starting one of this run's own"
    dir=$E2E_HOME/docker-$owner
  fi
  mkdir -p "$dir"
  printf '%s\n' "$owner" >"$dir/owner"
  if dockerd_pid "$dir" >/dev/null && dockerd_answers "$dir"; then
    log "dockerd in $dir: already running (pid $(dockerd_pid "$dir")), reused"
  else
    local t0
    t0=$(now_ms)
    dockerd_launch "$dir"
    log "dockerd in $dir: started (pid $(dockerd_pid "$dir")) in $(secs_since "$t0")s"
  fi
  flock -u 8
  printf 'PND_E2E_DOCKER_DIR=%s\nDOCKER_HOST=unix://%s/docker.sock\nDOCKER_CONFIG=%s/cli\n' "$dir" "$dir" "$dir"
}

# dockerd_stop DIR: stops the dockerd started in DIR by its pid; a run's own folder is removed
dockerd_stop() {
  local dir=$1 pid i
  if pid=$(dockerd_pid "$dir"); then
    kill -TERM "$pid"
    for i in $(seq 1 80); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.25
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "dockerd (pid $pid) did not stop in 20 s: killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    log "dockerd in $dir: stopped (pid $pid)"
  fi
  rm -f "$dir/owner"
  case "$dir" in
    "$E2E_HOME"/docker-[0-9]*)
      dockerd_unmount "$dir"
      rm -rf "${dir:?}"
      ;;
  esac
}

dockerd_unmount() { # DIR: what a killed dockerd may leave mounted there
  local mp
  while read -r mp; do
    umount -l "$mp" 2>/dev/null || true
  done < <(awk -v h="$1/" 'index($2, h) == 1 { print $2 }' /proc/mounts | sort -r)
}

# dockerd_load IMAGE...: moves stand-ins from the e2e storage into the daemon of DOCKER_HOST,
# unless it has them already (the image id is the digest of the config, the same on both sides)
dockerd_load() {
  local image id
  for image in "$@"; do
    id=$(podman image inspect --format '{{.Id}}' "$image" 2>/dev/null) ||
      die "$image is not in the e2e storage (run 'bash scripts/e2e/setup.sh'; PND_E2E_NODE_MAJORS may leave it out)"
    if [ "$("$DOCKER_CLI" image inspect --format '{{.Id}}' "$image" 2>/dev/null)" = "sha256:$id" ]; then
      continue
    fi
    podman save --format docker-archive "$image" | "$DOCKER_CLI" load >/dev/null ||
      die "could not load $image into the dockerd at $DOCKER_HOST"
    log "loaded $image into the dockerd"
  done
}

dockerd_stop_all() { # for --clean: every dockerd this harness left under the home
  local dir
  for dir in "$E2E_HOME"/docker "$E2E_HOME"/docker-[0-9]*; do
    [ -d "$dir" ] && dockerd_stop "$dir"
  done
  return 0
}
