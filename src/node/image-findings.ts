import { NodeProject } from 'projen/lib/javascript';
import { TypeScriptProject } from 'projen/lib/typescript';
import { FindingSeverity } from '../core/finding';
import { relativePathProblem } from '../core/input-checks';
import { Problem } from '../core/problem';
import { DockerIgnore } from '../ignore';
import { entryPointProblems, imageInputProblems } from './image-problems';
import { installScriptProblems } from './install-scripts';
import { ImagePreset, NodeDockerImageProps } from './node-docker-image-props';
import { NodeImageRule } from './node-image-rule';
import { projectNodeLine } from './node-version-constraints';
import { optionStringProblems } from './option-problems';
import { KNOWN_PACKAGE_MANAGERS, PackageManagerStrategy } from './package-managers';
import { Runtime, RuntimeFamily } from './runtime';
import { endOfLifeWarning } from '../images/node-release-lines';

/** What an image's problems are found from: its options and what it derived from the project. */
export interface NodeImageProblemInputs {
  readonly project: NodeProject;
  readonly props: NodeDockerImageProps;
  readonly id: string;
  readonly strategy?: PackageManagerStrategy;
  readonly runtime: Runtime;
  readonly ports: number[];
  readonly buildPackages: string[];
  readonly runtimePackages: string[];
  readonly environment: { [name: string]: string };
  readonly buildContext: string;
  readonly projectInContext?: string;
  readonly workdir: string;
  readonly dockerIgnore: DockerIgnore;
  readonly fromContext: (path: string) => string;
}

/** Every problem of a NodeDockerImage's options in its project, errors and warnings. */
export function nodeImageProblems(inputs: NodeImageProblemInputs): Problem[] {
  const { project, props, strategy, runtime } = inputs;
  const problem = (rule: NodeImageRule, message: string, fix: string): Problem[] => [{ rule, message, fix }];
  const line = projectNodeLine(project, props.nodeMajor);
  const endOfLife = endOfLifeWarning(line.major, new Date());
  const nestjs = props.preset === ImagePreset.NESTJS;
  const distroless = runtime.family === RuntimeFamily.DISTROLESS;
  return [
    ...line.problems,
    // The only thing that depends on the day: a warning, never a broken synthesis.
    ...(endOfLife && line.problems.length === 0
      ? [{ rule: NodeImageRule.NODE_LINE_END_OF_LIFE, severity: FindingSeverity.WARNING, ...endOfLife }]
      : []),
    ...(strategy ? [] : problem(NodeImageRule.UNKNOWN_PACKAGE_MANAGER,
      `package manager "${project.package.packageManager}" is not one NodeDockerImage knows (${KNOWN_PACKAGE_MANAGERS.join(', ')}).`,
      'Set packageManager on the project to a javascript.NodePackageManager value.')),
    ...imageInputProblems({
      ports: inputs.ports,
      healthCheck: props.healthCheck,
      command: props.command,
      uid: props.uid,
      gid: props.gid,
      systemPackages: [...inputs.buildPackages, ...inputs.runtimePackages],
    }),
    ...optionStringProblems({
      id: inputs.id,
      buildContext: inputs.buildContext,
      workdir: inputs.workdir,
      runtimeFiles: props.runtimeFiles ?? [],
      environment: inputs.environment,
      buildArgs: props.buildArgs ?? {},
      ports: inputs.ports,
      healthCheck: props.healthCheck,
      runtimeFamily: runtime.family,
      runtimePackages: inputs.runtimePackages,
    }),
    // A context that is no safe path is reported as such (InvalidPath) and not again here.
    ...(inputs.projectInContext === undefined && relativePathProblem('', inputs.buildContext, { mayLeave: true }) === undefined
      ? problem(NodeImageRule.INVALID_BUILD_CONTEXT,
        `buildContext "${inputs.buildContext}" does not contain the project, so the Dockerfile could not copy its package.json.`,
        'Use "." (the project folder) or a folder above it, such as a monorepo root ("../..").') : []),
    ...(nestjs && !(project instanceof TypeScriptProject) ? problem(NodeImageRule.PRESET_MISMATCH,
      'the NestJS preset runs the compiled dist/main.js, and this project compiles no TypeScript.',
      'Use a typescript.TypeScriptAppProject, or leave out the preset and set command.') : []),
    ...entryPointProblems(project, props, inputs.dockerIgnore, inputs.fromContext),
    ...installScriptProblems(project, props.nativeAddons ?? []),
    ...(distroless && (props.runtimePackages ?? []).length > 0 ? problem(NodeImageRule.UNSUPPORTED_ON_RUNTIME,
      `runtimePackages (${props.runtimePackages!.join(', ')}) cannot be installed on distroless, which has no package manager.`,
      'Use Runtime.slim(), or copy what the service needs from the build stage (image.stage(\'runtime\').addCopy(...)).') : []),
    ...(distroless && props.init ? problem(NodeImageRule.UNSUPPORTED_ON_RUNTIME,
      'init (tini) cannot be installed on distroless, which has no package manager.',
      'Leave init out and start the container with an init process (docker run --init, or your orchestrator\'s equivalent).') : []),
  ];
}
