/**
 * Shell that picks a builder which can really build the generated Dockerfiles, for the
 * docker tasks: they mount caches and secrets in RUN (`RUN --mount`), which only BuildKit,
 * podman and buildah can build; Docker's legacy builder stops at the first such line.
 *
 * - docker, when a daemon answers and the client builds with BuildKit: through the buildx
 *   plugin, or (clients before 23.0) through its own BuildKit client, which
 *   `DOCKER_BUILDKIT=1` turns on. A client of 23.0 or later without buildx can only reach the
 *   legacy builder: it is skipped, with a line that says what to install;
 * - else podman, else buildah (which builds but cannot run).
 *
 * Sets `builder` (docker, podman or buildah), `build` (the command) and `run`
 * (the command that runs images, empty for buildah).
 */
export const PICK_BUILDER = [
  'builder=""; skipped="";',
  'if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then',
  'if docker buildx version >/dev/null 2>&1; then builder=docker;',
  'else client=$(docker version --format "{{.Client.Version}}" 2>/dev/null || echo 0);',
  'if [ "${client%%.*}" -lt 23 ] 2>/dev/null; then builder=docker;',
  'else skipped="docker $client has no buildx plugin, and without it docker build uses the legacy builder, which cannot build RUN --mount: install the buildx plugin (the docker-buildx-plugin package from Docker, or docker-buildx) to build with docker";',
  'fi; fi; fi;',
  'if [ -z "$builder" ] && command -v podman >/dev/null 2>&1; then builder=podman;',
  'elif [ -z "$builder" ] && command -v buildah >/dev/null 2>&1; then builder=buildah; fi;',
  'if [ -z "$builder" ]; then echo "no builder for RUN --mount here: install docker with the buildx plugin, podman or buildah${skipped:+ ($skipped)}" >&2; exit 1; fi;',
  'if [ -n "$skipped" ]; then echo "$skipped; using $builder" >&2; fi;',
  'case $builder in',
  'docker) build="env DOCKER_BUILDKIT=1 docker build"; run=docker;;',
  'podman) build="podman build --format docker --layers"; run=podman;;',
  'buildah) build="buildah bud --format docker --layers"; run="";;',
  'esac;',
].join(' ');

/**
 * Shell that reads the commit: `revision` (its id), `epoch` (`SOURCE_DATE_EPOCH` when set,
 * else the commit time) and `created` (that time in ISO 8601, UTC); `unknown` and empty
 * outside a git repository. Then `stamp`, the builder's flags that make the image's times
 * that of the commit: BuildKit (0.11 and later) reads the `SOURCE_DATE_EPOCH` build arg;
 * podman and buildah take `--timestamp`, with `--omit-history` because the history they
 * write names the build's intermediate images, which differ from build to build.
 * Needs `builder` from {@link PICK_BUILDER}.
 */
export const READ_COMMIT = [
  'revision=$(git rev-parse HEAD 2>/dev/null || echo unknown);',
  'epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || true)};',
  'created=unknown; stamp="";',
  'if [ -n "$epoch" ]; then',
  'created=$(date -u -d "@$epoch" +%Y-%m-%dT%H:%M:%SZ 2>/dev/null || date -u -r "$epoch" +%Y-%m-%dT%H:%M:%SZ);',
  'if [ "$builder" = docker ]; then stamp="--build-arg SOURCE_DATE_EPOCH=$epoch"; else stamp="--timestamp $epoch --omit-history"; fi;',
  'fi;',
].join(' ');
