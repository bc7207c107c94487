import { DockerfileStage, LabelInstruction } from '../dockerfile';

/** The build args that carry what changes with every commit: the revision and the creation time. */
export const BUILD_METADATA_ARGS = { revision: 'REVISION', created: 'CREATED' };

/** The OCI labels the build args fill. */
export const BUILD_METADATA_LABELS = {
  revision: 'org.opencontainers.image.revision',
  created: 'org.opencontainers.image.created',
};

/**
 * Adds the per-commit metadata to the end of a stage: `ARG REVISION`, `ARG CREATED`
 * and the labels they fill. Written after every COPY and RUN, a new commit changes
 * only the image config, never a cached layer (a build arg declared before a RUN is
 * part of that RUN's cache key).
 */
export function addBuildMetadata(stage: DockerfileStage): void {
  stage.addArg(BUILD_METADATA_ARGS.revision, 'unknown');
  stage.addArg(BUILD_METADATA_ARGS.created, 'unknown');
  stage.addInstruction(new LabelInstruction({
    labels: {
      [BUILD_METADATA_LABELS.revision]: `\${${BUILD_METADATA_ARGS.revision}}`,
      [BUILD_METADATA_LABELS.created]: `\${${BUILD_METADATA_ARGS.created}}`,
    },
    expandVariables: true,
  }));
}
