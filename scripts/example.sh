#!/usr/bin/env bash
# The README's first command (`npx projen example`): synthesizes examples/hello-service and,
# where a container builder is present, builds the image, runs it and prints the answer of its
# health endpoint. Elsewhere it prints the Dockerfile and how to build it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
example="$root/examples/hello-service"
image=localhost/hello-service:example
container=hello-service-example
port=${PORT:-3000}

echo "== synthesizing examples/hello-service (its .projenrc.ts uses the library from source)"
(cd "$example" && PROJEN_DISABLE_POST=1 "$root/node_modules/.bin/ts-node" --skip-project \
  --compiler-options '{"module":"commonjs","esModuleInterop":true}' .projenrc.ts)
echo
echo "== examples/hello-service/Dockerfile"
cat "$example/Dockerfile"
echo

# On machines set up for the end-to-end tests, build against the local stand-in base images.
network=(--publish "127.0.0.1:$port:3000") build_network=()
# shellcheck source=/dev/null
if [ -f "$root/scripts/e2e/env.sh" ] && . "$root/scripts/e2e/env.sh" 2>/dev/null; then
  echo "(using the end-to-end storage in $PND_E2E_HOME, with its stand-in base images)"
  network=(--network host) build_network=(--network host)
fi

# The Dockerfile mounts caches and secrets in RUN, which Docker's legacy builder cannot build:
# docker only with BuildKit (the buildx plugin, or a client before 23.0, which has its own).
docker_builds() {
  command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1 || return 1
  docker buildx version >/dev/null 2>&1 && return 0
  local client
  client=$(docker version --format '{{.Client.Version}}' 2>/dev/null || echo 0)
  [ "${client%%.*}" -lt 23 ] 2>/dev/null && return 0
  echo "(docker $client has no buildx plugin, and its legacy builder cannot build RUN --mount: install the buildx plugin, docker-buildx-plugin, to build with docker)"
  return 1
}

if docker_builds; then
  build=(env DOCKER_BUILDKIT=1 docker build "${build_network[@]}") run=(docker) checker=''
elif command -v podman >/dev/null 2>&1; then
  build=(podman build --format docker --layers) run=(podman) checker=podman
elif command -v buildah >/dev/null 2>&1; then
  build=(buildah bud --format docker --layers) run=() checker=''
else
  echo "No container builder that can build RUN --mount found (docker with the buildx plugin, podman or buildah). To build and run the image:"
  echo "  docker buildx build -t hello-service examples/hello-service"
  echo "  docker run --rm -p 3000:3000 hello-service"
  exit 0
fi

echo "== building $image with ${build[*]}"
"${build[@]}" -t "$image" -f "$example/Dockerfile" "$example" 2>&1 | tail -n 5 || {
  echo "the build failed"; exit 1; }
if [ ${#run[@]} -eq 0 ]; then
  echo "Built $image with buildah; run it with podman or docker: podman run --rm -p 3000:3000 $image"
  exit 0
fi

echo "== running $container"
"${run[@]}" rm -f "$container" >/dev/null 2>&1 || true
trap '"${run[@]}" rm -f "$container" >/dev/null 2>&1 || true' EXIT
# podman logs harmless systemd errors here: health checks are run on demand below.
"${run[@]}" run -d --name "$container" "${network[@]}" "$image" >/dev/null 2>&1
for _ in $(seq 1 60); do
  if answer=$(node -e "fetch('http://127.0.0.1:$port/health').then(async (r) => { if (!r.ok) process.exit(1); console.log(await r.text()); }, () => process.exit(1))" 2>/dev/null); then
    echo "GET http://127.0.0.1:$port/health -> $answer"
    if [ -n "$checker" ]; then
      "$checker" healthcheck run "$container" >/dev/null && echo "HEALTHCHECK: healthy"
    fi
    exit 0
  fi
  sleep 0.5
done
echo "the service did not answer on port $port; its log:"
"${run[@]}" logs "$container" || true
exit 1
