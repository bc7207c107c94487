import type { Dockerfile } from './dockerfile';
import { CopyInstruction } from './instructions';
import type { DockerfileStage } from './stage';

/** One source that a COPY takes from the build context. */
export interface ContextCopy {
  /** The source as the COPY names it (it may be a pattern). */
  readonly source: string;
  /** The COPY. */
  readonly copy: CopyInstruction;
  /** The stage of the COPY. */
  readonly stage: DockerfileStage;
}

/** Every source that the Dockerfile's COPY instructions take from the build context, in order. */
export function contextCopies(dockerfile: Dockerfile): ContextCopy[] {
  return dockerfile.stages.flatMap((stage) => stage.instructions
    .filter((instruction): instruction is CopyInstruction => instruction instanceof CopyInstruction && instruction.fromContext)
    .flatMap((copy) => copy.sources.map((source) => ({ source, copy, stage }))));
}
