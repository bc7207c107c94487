import type { DockerfileStage } from './stage';

/** The image reference that a digest pin applies to: the stage's own FROM image, unless it names a digest or a variable, or is scratch. */
export function pinnableImage(stage: DockerfileStage): string | undefined {
  const reference = stage.from.imageReference;
  return reference && !reference.includes('@') && !reference.includes('$') && !stage.from.isScratch ? reference : undefined;
}
