import { shellQuote } from '../core/shell';

/**
 * Shell that picks a builder which can really build the generated Dockerfiles, for the
 * docker tasks: they mount caches and secrets in RUN (`RUN --mount`), which only BuildKit,
 * podman and buildah can build; Docker's legacy builder stops at the first such line.
 *
 * - docker, when a daemon answers and the client builds with BuildKit: through the buildx
 *   plugin, or (clients before 23.0) through its own BuildKit client, which
 *   `DOCKER_BUILDKIT=1` turns on. A client of 23.0 or later without buildx can only reach the
 *   legacy builder: it is skipped, with a line that says what to install;
 * - else buildah (run with podman, when there is one), else podman. buildah comes first because
 *   it can commit the final image again without its history (see {@link RECOMMIT}).
 *
 * Sets `builder` (docker, buildah or podman), `build` (the command) and `run`
 * (the command that runs images: docker or podman, empty with buildah alone).
 */
export const PICK_BUILDER = [
  'builder=""; skipped="";',
  'if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then',
  'if docker buildx version >/dev/null 2>&1; then builder=docker;',
  'else client=$(docker version --format "{{.Client.Version}}" 2>/dev/null || echo 0);',
  'if [ "${client%%.*}" -lt 23 ] 2>/dev/null; then builder=docker;',
  'else skipped="docker $client has no buildx plugin, and without it docker build uses the legacy builder, which cannot build RUN --mount: install the buildx plugin (the docker-buildx-plugin package from Docker, or docker-buildx) to build with docker";',
  'fi; fi; fi;',
  'if [ -z "$builder" ] && command -v buildah >/dev/null 2>&1; then builder=buildah;',
  'elif [ -z "$builder" ] && command -v podman >/dev/null 2>&1; then builder=podman; fi;',
  'if [ -z "$builder" ]; then echo "no builder for RUN --mount here: install docker with the buildx plugin, podman or buildah${skipped:+ ($skipped)}" >&2; exit 1; fi;',
  'if [ -n "$skipped" ]; then echo "$skipped; using $builder" >&2; fi;',
  'case $builder in',
  'docker) build="env DOCKER_BUILDKIT=1 docker build"; run=docker;;',
  'buildah) build="buildah bud --format docker --layers"; run=""; if command -v podman >/dev/null 2>&1; then run=podman; fi;;',
  'podman) build="podman build --format docker --layers"; run=podman;;',
  'esac;',
].join(' ');

/**
 * Shell that reads the commit: `revision` (its id), `epoch` (`SOURCE_DATE_EPOCH` when set,
 * else the commit time) and `created` (that time in ISO 8601, UTC); `unknown` and empty
 * outside a git repository. Then `stamp`, the builder's flags that make the image's times
 * that of the commit: BuildKit (0.11 and later) reads the `SOURCE_DATE_EPOCH` build arg;
 * podman and buildah take `--timestamp` (also the time of every file in the layers they write).
 * Needs `builder` from {@link PICK_BUILDER}.
 */
export const READ_COMMIT = [
  'revision=$(git rev-parse HEAD 2>/dev/null || echo unknown);',
  'epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || true)};',
  'created=unknown; stamp="";',
  'if [ -n "$epoch" ]; then',
  'created=$(date -u -d "@$epoch" +%Y-%m-%dT%H:%M:%SZ 2>/dev/null || date -u -r "$epoch" +%Y-%m-%dT%H:%M:%SZ);',
  'if [ "$builder" = docker ]; then stamp="--build-arg SOURCE_DATE_EPOCH=$epoch"; else stamp="--timestamp $epoch"; fi;',
  'fi;',
].join(' ');

/**
 * Shell that commits buildah's final image again without its history, at the commit time.
 * The history buildah 1.28 writes names the intermediate images of the build (`FROM <id>`
 * comments, `parent`), which differ from build to build; `--omit-history` on the build itself
 * would drop them, but buildah finds cached layers by their history, so nothing built that way
 * is ever reused. Committed again, the image gets one empty layer (the same 1 KiB every time),
 * and two cold builds of one commit differ only in `container`, the id of the committing
 * container. podman (4.3) cannot commit without history: its images keep it.
 */
export function recommit(image: string): string {
  return [
    'if [ "$builder" = buildah ] && [ -n "$epoch" ]; then',
    `ctr=$(buildah from --pull=never ${shellQuote(image)}) && buildah commit --quiet --format docker --omit-history --timestamp "$epoch" --rm "$ctr" ${shellQuote(image)} >/dev/null;`,
    'fi',
  ].join(' ');
}
