import { posix } from 'path';
import { DockerfileStage, IContainerImage } from '../dockerfile';
import {
  CopyInstruction, EntrypointInstruction, EnvInstruction, ExposeInstruction, HealthcheckInstruction, HealthcheckInstructionProps, Protocol,
} from '../dockerfile/instructions';

/** Programs that run as PID 1 to pass signals on and reap zombies. */
const INIT_PROGRAMS = new Set(['tini', 'tini-static', 'docker-init', 'dumb-init', 'catatonit']);

/**
 * What a container of an image runs with, read from the typed Dockerfile model
 * of the stage it is built from (and the stages that one starts from), so that
 * whatever `.projenrc.ts` adds to the stage counts, whoever declared the image.
 */
export interface ImageRuntime {
  /** The ports the image exposes. */
  readonly ports: Array<{ readonly port: number; readonly protocol: Protocol }>;
  /** The environment its ENV instructions set (those that expand no variables). */
  readonly environment: { [name: string]: string };
  /** Its health check, if it has one. */
  readonly healthcheck?: HealthcheckInstructionProps;
  /** Whether its ENTRYPOINT starts an init process (tini) in front of the service. */
  readonly hasInit: boolean;
  /** Paths the Dockerfile hands to a user other than root (`COPY --chown`): the service writes there. */
  readonly writablePaths: string[];
}

/** The stage the image is built from, and the earlier stages it starts from, first first. */
function stageChain(image: IContainerImage): DockerfileStage[] {
  const stages = image.dockerfile.stages;
  const target = image.target ? image.dockerfile.tryFindStage(image.target) : stages[stages.length - 1];
  const chain: DockerfileStage[] = [];
  for (let stage = target; stage && !chain.includes(stage); stage = stage.from.baseStage) {
    chain.unshift(stage);
  }
  return chain;
}

/** Reads what a container of the image runs with. Call it after the image has read the project (at synthesis). */
export function imageRuntime(image: IContainerImage): ImageRuntime {
  const ports: Array<{ port: number; protocol: Protocol }> = [];
  const environment: { [name: string]: string } = {};
  let healthcheck: HealthcheckInstructionProps | undefined;
  let hasInit = false;
  const writablePaths: string[] = [];
  for (const instruction of stageChain(image).flatMap((stage) => stage.instructions)) {
    if (instruction instanceof ExposeInstruction) {
      if (!ports.some((known) => known.port === instruction.port && known.protocol === instruction.protocol)) {
        ports.push({ port: instruction.port, protocol: instruction.protocol });
      }
    } else if (instruction instanceof EnvInstruction && !instruction.expandVariables) {
      Object.assign(environment, instruction.variables);
    } else if (instruction instanceof HealthcheckInstruction) {
      // A later HEALTHCHECK replaces an earlier one; HEALTHCHECK NONE turns it off.
      healthcheck = instruction.options;
    } else if (instruction instanceof EntrypointInstruction) {
      hasInit = INIT_PROGRAMS.has(posix.basename(instruction.argv[0] ?? ''));
    } else if (instruction instanceof CopyInstruction && instruction.chown !== undefined && !/^(?:0|root)(?::|$)/.test(instruction.chown)) {
      writablePaths.push(instruction.destination);
    }
  }
  return { ports, environment, healthcheck, hasInit, writablePaths };
}
