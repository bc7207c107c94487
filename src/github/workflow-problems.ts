import { Project } from 'projen';
import { GitHub } from 'projen/lib/github';
import { TRIVY_VERSION } from './action-pins';
import { cronProblem } from './cron';
import { RegistryPushOptions } from './registry-push-options';
import { TrivySeverity } from './trivy-severity';
import { WorkflowRule } from './workflow-rule';
import { codeProblem } from '../core/input-checks';
import { Problem } from '../core/problem';
import { kebabCase } from '../core/tasks';
import { IContainerImage } from '../dockerfile/container-image';
import { ImageReference } from '../images';

/** The schedule a workflow gets when none is given. */
export const DEFAULT_SCHEDULE = '23 4 * * 1';

const SEVERITIES: string[] = Object.values(TrivySeverity);

/** A TrivyWorkflow's options, with its defaults applied, as they are checked. */
export interface WorkflowInputs {
  readonly project: Project;
  readonly images: IContainerImage[];
  /** The root project's GitHub configuration, if any. */
  readonly github?: GitHub;
  /** Where the workflow is written, relative to the repository. */
  readonly workflowPath: string;
  /** The path of the construct that already writes a file where the workflow would be, if any. */
  readonly workflowPathTakenBy?: string;
  readonly schedule: string;
  readonly severities: TrivySeverity[];
  readonly platforms: string[];
  readonly push?: RegistryPushOptions;
  readonly registry?: string;
  readonly trivyVersion?: string;
  /** The repository secrets named for build secrets. */
  readonly buildSecretNames: string[];
  readonly workflowName: string;
  readonly runsOn: string[];
}

/** What is wrong with a workflow's options, each with its fix; empty when nothing is. */
export function workflowProblems(inputs: WorkflowInputs): Problem[] {
  const { project, schedule, severities, trivyVersion } = inputs;
  const scheduleProblem = cronProblem(schedule);
  return [
    ...imageProblems(project, inputs.images),
    ...githubProblems(inputs),
    ...(/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(inputs.workflowName) ? [] : [{
      rule: WorkflowRule.INVALID_WORKFLOW_NAME,
      message: `workflowName ${JSON.stringify(inputs.workflowName)} is not a file name: GitHub runs only the files directly in .github/workflows.`,
      fix: 'Give a name of letters, digits, ".", "_" and "-", starting with a letter or digit, such as "container-images".',
    }]),
    ...runsOnProblems(inputs.runsOn),
    ...(scheduleProblem === undefined ? [] : [{
      rule: WorkflowRule.INVALID_SCHEDULE,
      message: `schedule ${JSON.stringify(schedule)} ${scheduleProblem}.`,
      fix: `Give five fields, such as "${DEFAULT_SCHEDULE}" (Mondays, 04:23 UTC).`,
    }]),
    ...(severities.length === 0 ? [{
      rule: WorkflowRule.NO_SEVERITIES,
      message: 'severities is empty, so the scan could never fail.',
      fix: 'List at least one, such as TrivySeverity.CRITICAL.',
    }] : []),
    ...severities.filter((severity) => !SEVERITIES.includes(severity)).map((severity) => ({
      rule: WorkflowRule.INVALID_SEVERITY,
      message: `"${severity}" is not a Trivy severity.`,
      fix: `Use ${SEVERITIES.join(', ')} (TrivySeverity).`,
    })),
    ...inputs.platforms.filter((platform) => !/^[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9]+)?$/.test(platform)).map((platform) => ({
      rule: WorkflowRule.INVALID_PLATFORM,
      message: `platform "${platform}" is not os/arch[/variant].`,
      fix: 'Use platforms such as "linux/amd64" or "linux/arm64".',
    })),
    ...(inputs.push ? pushProblems(inputs.push, inputs.registry!) : []),
    ...secretNameProblems(inputs.buildSecretNames.filter((name) => name !== inputs.push?.usernameSecret && name !== inputs.push?.passwordSecret)),
    ...(trivyVersion !== undefined && !/^v\d+\.\d+\.\d+$/.test(trivyVersion) ? [{
      rule: WorkflowRule.INVALID_TRIVY_VERSION,
      message: `trivyVersion "${trivyVersion}" is not a release such as "${TRIVY_VERSION}".`,
      fix: 'Pin an exact Trivy release.',
    }] : []),
  ];
}

function imageProblems(project: Project, images: IContainerImage[]): Problem[] {
  if (images.length === 0) {
    return [{
      rule: WorkflowRule.NO_IMAGES,
      message: 'images is empty, so there is nothing to build.',
      fix: 'Pass the images of this project (such as NodeDockerImage objects) in images.',
    }];
  }
  const problems: Problem[] = [];
  const seen = new Map<string, IContainerImage>();
  for (const image of images) {
    const owner = Project.of(image);
    if (owner !== project) {
      problems.push({
        rule: WorkflowRule.FOREIGN_IMAGE,
        message: `image ${image.node.id} belongs to project "${owner.name}", not "${project.name}".`,
        fix: 'Give each project its own TrivyWorkflow, with its own images.',
      });
    }
    const name = kebabCase(image.node.id);
    const earlier = seen.get(name);
    if (earlier === image) {
      problems.push({ rule: WorkflowRule.DUPLICATE_IMAGE, message: `image ${image.node.id} is listed twice in images.`, fix: 'List each image once.' });
    } else if (earlier) {
      problems.push({
        rule: WorkflowRule.DUPLICATE_IMAGE,
        message: `images ${earlier.node.path} and ${image.node.path} would both be the job image-${name} and the task docker:scan:${name}.`,
        fix: 'Give the images ids that differ in more than case and punctuation.',
      });
    }
    seen.set(name, earlier ?? image);
    problems.push(...imageValueProblems(image));
  }
  return problems;
}

/** The values of an image that the workflow writes into steps: none may hold what GitHub or a shell would evaluate. */
function imageValueProblems(image: IContainerImage): Problem[] {
  const values: Array<[string, string | undefined]> = [
    ['id', image.node.id], ['imageName', image.imageName], ['Dockerfile path', image.dockerfile.path],
    ['buildContext', image.buildContext], ['ignore file path', image.ignoreFilePath], ['target', image.target],
    ...image.buildSecrets.map((id): [string, string] => ['build secret', id]),
    ...Object.entries(image.buildSecretFiles).flatMap(([id, file]): Array<[string, string]> => [['build secret', id], ['build secret file', file]]),
  ];
  const unsafe = values.flatMap(([label, value]) => {
    const problem = value === undefined ? undefined : codeProblem(`image ${image.node.id}'s ${label}`, value);
    return problem ? [{
      rule: WorkflowRule.UNSAFE_VALUE,
      message: problem,
      fix: 'Give the image plain names and paths (letters, digits, ".", "_", "-" and "/").',
    }] : [];
  });
  // The name is the tag the workflow builds, scans and pushes: one the builders would refuse fails every run.
  const invalidName = unsafe.length > 0 ? undefined : ImageReference.problemWith(image.imageName);
  return [...unsafe, ...(invalidName === undefined ? [] : [{
    rule: WorkflowRule.UNSAFE_VALUE,
    message: `image ${image.node.id}'s imageName ${JSON.stringify(image.imageName)} is not an image reference: ${invalidName}.`,
    fix: 'Name the image as builders tag it, such as "localhost/tools:1".',
  }])];
}

function runsOnProblems(runsOn: string[]): Problem[] {
  if (runsOn.length === 0) {
    return [{ rule: WorkflowRule.INVALID_RUNS_ON, message: 'runsOn is empty, so no runner could take the jobs.', fix: 'Give runner labels, such as ["ubuntu-24.04"].' }];
  }
  return runsOn.filter((label) => !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(label)).map((label) => ({
    rule: WorkflowRule.INVALID_RUNS_ON,
    message: `runsOn label ${JSON.stringify(label)} is not a runner label.`,
    fix: 'Give labels of letters, digits, ".", "_" and "-", such as "ubuntu-24.04" or "self-hosted".',
  }));
}

function githubProblems(inputs: WorkflowInputs): Problem[] {
  const root = inputs.project.root.name;
  if (!inputs.github) {
    return [{
      rule: WorkflowRule.NO_GITHUB,
      message: `project "${root}" has no GitHub configuration, so there is no workflow to write.`,
      fix: 'Enable GitHub on the root project (github: true), or leave out the TrivyWorkflow.',
    }];
  }
  if (!inputs.github.workflowsEnabled) {
    return [{
      rule: WorkflowRule.WORKFLOWS_DISABLED,
      message: `project "${root}" has GitHub workflows turned off (githubOptions.workflows is false), so the workflow would not be written.`,
      fix: 'Set githubOptions.workflows to true on the root project, or leave out the TrivyWorkflow.',
    }];
  }
  if (inputs.workflowPathTakenBy !== undefined) {
    return [{
      rule: WorkflowRule.WORKFLOW_FILE_TAKEN,
      message: `${inputs.workflowPath} is already written by ${inputs.workflowPathTakenBy}.`,
      fix: 'Give this TrivyWorkflow its own workflowName.',
    }];
  }
  return [];
}

function pushProblems(push: RegistryPushOptions, registry: string): Problem[] {
  const problems: Problem[] = [];
  if (!/^[a-z0-9.-]+(?::\d+)?$/i.test(registry)) {
    problems.push({
      rule: WorkflowRule.INVALID_REGISTRY,
      message: `push registry "${registry}" is not a registry host.`,
      fix: 'Give a host such as "ghcr.io" or "registry.example.com:5000", or leave it out for GHCR.',
    });
  } else if (registry !== 'ghcr.io' && (push.usernameSecret === undefined || push.passwordSecret === undefined)) {
    problems.push({
      rule: WorkflowRule.MISSING_CREDENTIALS,
      message: `pushing to ${registry} needs credentials, and usernameSecret and passwordSecret are not both given.`,
      fix: 'Store them as repository secrets and name them here (GHCR alone works with GITHUB_TOKEN).',
    });
  }
  problems.push(...secretNameProblems([push.usernameSecret, push.passwordSecret]));
  if (push.repository !== undefined && !/^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/.test(push.repository)) {
    problems.push({
      rule: WorkflowRule.INVALID_REPOSITORY,
      message: `push repository ${JSON.stringify(push.repository)} is not a repository path (lowercase letters and digits, separated by ".", "_", "-" or "/").`,
      fix: 'Give a path such as "my-org/services", or leave it out for the GitHub repository\'s own.',
    });
  }
  return problems;
}

function secretNameProblems(names: Array<string | undefined>): Problem[] {
  return [...new Set(names.filter((name): name is string => name !== undefined))]
    .filter((name) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || /^GITHUB_/i.test(name))
    .map((name) => ({
      rule: WorkflowRule.INVALID_SECRET_NAME,
      message: `"${name}" is not a name a repository secret can have.`,
      fix: 'Use letters, digits and underscores, not starting with GITHUB_.',
    }));
}
