import { IConstruct } from 'constructs';
import { pathInProject } from '../../core/construct-path';
import { Finding, FindingSeverity } from '../../core/finding';
import { ImageReference } from '../../images';
import type { Dockerfile } from '../dockerfile';
import { _ValidationContext } from '../instruction';
import {
  CmdInstruction, CopyInstruction, EntrypointInstruction, HealthcheckInstruction, RawInstruction, RunInstruction, RunMountType, UserInstruction,
} from '../instructions';
import type { DockerfileStage } from '../stage';
import { IGNORABLE_RULES } from './ignorable';
import { DockerfileRule } from './rule';
import { Problem } from '../../core/problem';

const STAGE_NAME = /^[a-z][a-z0-9_.-]*$/;
const RESERVED_STAGE_NAMES = ['scratch', 'context'];
const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9]+)?$/;
const VARIABLE_REFERENCE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::[-+][^}]*)?\}|([A-Za-z_][A-Za-z0-9_]*))/g;
const BUILD_CHECK_NAME = /^[A-Za-z]+$/;
// Platform ARGs that builders define in the global scope without an ARG line.
const AUTOMATIC_PLATFORM_ARGS = ['BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT', 'TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT'];
const SINGLE_INSTRUCTIONS = [CmdInstruction, EntrypointInstruction, HealthcheckInstruction];

/**
 * Checks a whole Dockerfile: each instruction's own values, each stage, and the
 * relations between stages. Knowingly ignored findings are left out.
 */
export function validateDockerfile(dockerfile: Dockerfile): Finding[] {
  const findings: Finding[] = [];
  const context: _ValidationContext = { compatibility: dockerfile.compatibility };
  const report = (construct: IConstruct, problem: Problem) =>
    findings.push({ severity: FindingSeverity.ERROR, ...problem, path: pathInProject(construct) });

  checkIgnoredRules(dockerfile.ignoreRules).forEach((problem) => report(dockerfile, problem));
  checkDirectives(dockerfile, report);
  for (const arg of dockerfile.globalArgs) {
    arg._validate(context).forEach((problem) => report(dockerfile, problem));
  }

  const stages = dockerfile.stages;
  if (stages.length === 0) {
    report(dockerfile, { rule: DockerfileRule.NO_STAGES, message: 'the Dockerfile has no stage.', fix: 'Add a stage with addStage().' });
  }
  stages.forEach((stage, index) => {
    const problems = [
      ...checkIgnoredRules(stage.ignoreRules),
      ...checkStageName(stage, stages),
      ...checkBase(stage, index, dockerfile),
      ...checkSingleInstructions(stage),
      ...checkCopySources(stage, index, stages),
      ...stage.instructions.flatMap((instruction) => instruction._validate(context)),
      ...stage._validateStage(),
      ...(index === stages.length - 1 ? checkFinalUser(stage) : []),
    ];
    for (const problem of problems) {
      if (!isIgnored(problem.rule, stage.ignoreRules)) {
        report(stage, problem);
      }
    }
  });

  return findings.filter((finding) => !isIgnored(finding.rule, dockerfile.ignoreRules));
}

/** Whether a rule's findings are knowingly accepted: asked for, and a rule that may be ignored. */
function isIgnored(rule: string, ignoreRules: DockerfileRule[]): boolean {
  return (ignoreRules as string[]).includes(rule) && (IGNORABLE_RULES as ReadonlySet<string>).has(rule);
}

function checkIgnoredRules(rules: DockerfileRule[]): Problem[] {
  return rules.filter((candidate) => !IGNORABLE_RULES.has(candidate)).map((rule) => ({
    rule: DockerfileRule.UNIGNORABLE_RULE,
    message: `rule ${rule} cannot be ignored: what it finds would break the build or the image.`,
    fix: `Remove ${rule} from ignoreRules and fix what it reports; only ${[...IGNORABLE_RULES].join(', ')} can be ignored.`,
  }));
}

function checkDirectives(dockerfile: Dockerfile, report: (construct: IConstruct, problem: Problem) => void) {
  if (/\s/.test(dockerfile.syntax)) {
    report(dockerfile, {
      rule: DockerfileRule.INVALID_VALUE,
      message: `syntax "${dockerfile.syntax}" contains white space.`,
      fix: 'Give an image reference such as "docker/dockerfile:1", or "" for no directive.',
    });
  }
  for (const check of dockerfile.skipBuildChecks.filter((name) => !BUILD_CHECK_NAME.test(name))) {
    report(dockerfile, {
      rule: DockerfileRule.INVALID_VALUE,
      message: `build check "${check}" in skipBuildChecks is not a check name.`,
      fix: 'Use check names such as "JSONArgsRecommended", letters only.',
    });
  }
}

function checkStageName(stage: DockerfileStage, stages: DockerfileStage[]): Problem[] {
  const problems: Problem[] = [];
  if (RESERVED_STAGE_NAMES.includes(stage.name.toLowerCase())) {
    problems.push({
      rule: DockerfileRule.RESERVED_STAGE_NAME,
      message: `stage name "${stage.name}" is reserved by builders.`,
      fix: `Choose another name, such as "${stage.name.toLowerCase()}-stage".`,
    });
  } else if (!STAGE_NAME.test(stage.name)) {
    const suggestion = stage.name.toLowerCase().replace(/[^a-z0-9_.-]+/g, '-').replace(/^[^a-z]+/, '') || 'build';
    problems.push({
      rule: DockerfileRule.STAGE_NAME_CASING,
      message: `stage name "${stage.name}" must be lowercase letters, digits, "-", "_" and ".", starting with a letter.`,
      fix: `Pass name: "${suggestion}" (the name defaults to the construct id).`,
    });
  }
  const first = stages.find((other) => other.name === stage.name);
  if (first !== stage) {
    problems.push({
      rule: DockerfileRule.DUPLICATE_STAGE_NAME,
      message: `stage name "${stage.name}" is already used by ${pathInProject(first!)}.`,
      fix: 'Give each stage its own name.',
    });
  }
  return problems;
}

function checkBase(stage: DockerfileStage, index: number, dockerfile: Dockerfile): Problem[] {
  const problems: Problem[] = [];
  const base = stage.from;
  if (base.baseStage) {
    const baseIndex = dockerfile.stages.indexOf(base.baseStage);
    if (baseIndex < 0 || baseIndex >= index) {
      const where = baseIndex < 0 ? 'a stage of another Dockerfile' : baseIndex === index ? 'the stage itself' : 'a later stage';
      problems.push({
        rule: DockerfileRule.STAGE_REFERENCE,
        message: `FROM ${base.baseStage.name} names ${where}; a stage can only build on earlier stages of its Dockerfile.`,
        fix: 'Create the base stage first, in the same Dockerfile.',
      });
    }
  } else if (!base.isScratch) {
    problems.push(...checkImageInFrom(base.imageReference!, dockerfile));
  }
  if (stage.platform !== undefined) {
    problems.push(...checkPlatform(stage.platform, dockerfile));
  }
  return problems;
}

function checkImageInFrom(image: string, dockerfile: Dockerfile): Problem[] {
  const problems: Problem[] = [];
  const globals = new Map(dockerfile.globalArgs.map((arg) => [arg.name, arg]));
  let resolved = image;
  let resolvable = true;
  for (const match of image.matchAll(VARIABLE_REFERENCE)) {
    const name = match[1] ?? match[2];
    const arg = globals.get(name);
    if (!arg) {
      problems.push({
        rule: DockerfileRule.UNDEFINED_ARG_IN_FROM,
        message: `FROM ${image} uses $${name}, which no ARG before the first FROM declares.`,
        fix: `Declare it with dockerfile.addGlobalArg('${name}', '<default>').`,
      });
      resolvable = false;
    } else if (arg.defaultValue === undefined) {
      problems.push({
        severity: FindingSeverity.WARNING,
        rule: DockerfileRule.INVALID_DEFAULT_ARG_IN_FROM,
        message: `FROM ${image} uses global ARG ${name}, which has no default, so the build fails unless --build-arg ${name}=... is passed.`,
        fix: `Give it a default: dockerfile.addGlobalArg('${name}', '<default>').`,
      });
      resolvable = false;
    } else {
      resolved = resolved.replace(match[0], arg.defaultValue);
    }
  }
  if (!resolvable) {
    return problems;
  }
  const shown = resolved === image ? `"${image}"` : `"${image}" (with defaults: "${resolved}")`;
  const problem = ImageReference.problemWith(resolved);
  if (problem) {
    problems.push({
      rule: DockerfileRule.INVALID_IMAGE_REFERENCE,
      message: `image ${shown} is not a valid reference: ${problem}.`,
      fix: 'Write it as [registry/]repository:tag[@sha256:digest], for example "node:24-trixie-slim".',
    });
  } else if (!ImageReference.parse(resolved).isPinned) {
    problems.push(unpinnedProblem(shown));
  }
  return problems;
}

function unpinnedProblem(shown: string): Problem {
  return {
    rule: DockerfileRule.UNPINNED_IMAGE,
    message: `image ${shown} has no tag or uses "latest", so every build may get a different image.`,
    fix: `Give a version tag (for example "node:24-trixie-slim") or a digest, or ignore rule ${DockerfileRule.UNPINNED_IMAGE} on purpose.`,
  };
}

function checkPlatform(platform: string, dockerfile: Dockerfile): Problem[] {
  const variable = /^\$(?:\{([A-Z_][A-Z0-9_]*)\}|([A-Z_][A-Z0-9_]*))$/.exec(platform);
  if (variable) {
    const name = variable[1] ?? variable[2];
    if (name === 'TARGETPLATFORM') {
      return [{
        severity: FindingSeverity.WARNING,
        rule: DockerfileRule.REDUNDANT_TARGET_PLATFORM,
        message: '--platform=$TARGETPLATFORM only repeats what builders do by default.',
        fix: 'Remove the platform option.',
      }];
    }
    if (AUTOMATIC_PLATFORM_ARGS.includes(name) || dockerfile.globalArgs.some((arg) => arg.name === name)) {
      return [];
    }
    return [{
      rule: DockerfileRule.UNDEFINED_ARG_IN_FROM,
      message: `--platform=${platform} uses $${name}, which is neither a builder platform ARG nor declared before the first FROM.`,
      fix: `Use $BUILDPLATFORM, or declare it with dockerfile.addGlobalArg('${name}', '<default>').`,
    }];
  }
  if (PLATFORM.test(platform)) {
    return [];
  }
  return [{
    rule: DockerfileRule.INVALID_VALUE,
    message: `platform "${platform}" is not os/arch[/variant] or a variable.`,
    fix: 'Use a platform such as "linux/amd64" or "linux/arm64/v8", or "$BUILDPLATFORM".',
  }];
}

function checkSingleInstructions(stage: DockerfileStage): Problem[] {
  return SINGLE_INSTRUCTIONS.flatMap((kind) => {
    const found = stage.instructions.filter((instruction) => instruction instanceof kind);
    if (found.length <= 1) {
      return [];
    }
    const keyword = found[0].keyword;
    return [{
      rule: DockerfileRule.MULTIPLE_INSTRUCTIONS_DISALLOWED,
      message: `stage "${stage.name}" has ${found.length} ${keyword} instructions; only the last would take effect.`,
      fix: `Keep one ${keyword} per stage.`,
    }];
  });
}

function checkCopySources(stage: DockerfileStage, index: number, stages: DockerfileStage[]): Problem[] {
  const problems: Problem[] = [];
  const names = stages.map((other) => other.name);
  const refer = (what: string, target: DockerfileStage | undefined, text: string | undefined) => {
    if (target) {
      const targetIndex = stages.indexOf(target);
      if (targetIndex < 0 || targetIndex >= index) {
        const where = targetIndex < 0 ? 'a stage of another Dockerfile' : targetIndex === index ? 'the stage itself' : 'a later stage';
        problems.push({
          rule: DockerfileRule.STAGE_REFERENCE,
          message: `${what}=${target.name} in stage "${stage.name}" names ${where}.`,
          fix: `Only earlier stages can be copied from: create "${target.name}" before "${stage.name}".`,
        });
      }
      return;
    }
    if (text === undefined) {
      return;
    }
    const byName = stages.findIndex((other) => other.name === text);
    const byNumber = /^[0-9]+$/.test(text) ? Number(text) : -1;
    const targetIndex = byName >= 0 ? byName : byNumber;
    if (targetIndex >= 0) {
      if (targetIndex >= index) {
        const where = targetIndex === index ? 'the stage itself' : targetIndex < stages.length ? 'a later stage' : 'no stage';
        problems.push({
          rule: DockerfileRule.STAGE_REFERENCE,
          message: `${what}=${text} in stage "${stage.name}" names ${where}.`,
          fix: `Only earlier stages can be copied from: ${names.slice(0, index).join(', ') || 'there are none before this one'}.`,
        });
      }
      return;
    }
    const imageProblem = ImageReference.problemWith(text);
    const image = imageProblem ? undefined : ImageReference.parse(text);
    if (!image || (image.tag === undefined && image.digest === undefined)) {
      problems.push({
        rule: DockerfileRule.STAGE_REFERENCE,
        message: `${what}=${text} in stage "${stage.name}" names no stage of this Dockerfile (${names.join(', ')}) and is not a tagged image reference.`,
        fix: 'Pass fromStage with the stage object, use an earlier stage\'s name, or give an image with a tag such as "node:24-trixie-slim".',
      });
    } else if (!image.isPinned) {
      problems.push(unpinnedProblem(`"${text}"`));
    }
  };
  for (const instruction of stage.instructions) {
    if (instruction instanceof CopyInstruction) {
      refer('COPY --from', instruction.fromStage, instruction.from);
    } else if (instruction instanceof RunInstruction) {
      for (const mount of instruction.mounts.filter((candidate) => candidate.type === RunMountType.BIND)) {
        refer('RUN --mount from', mount.fromStage, mount.fromImage);
      }
    }
  }
  return problems;
}

/** The user a stage runs as: its last USER, else its base stage's, else unknown (the image's). */
function effectiveUser(stage: DockerfileStage): UserInstruction | undefined {
  // A raw USER counts as much as a typed one.
  const users = stage.instructions.flatMap((instruction) => {
    if (instruction instanceof UserInstruction) {
      return [instruction];
    }
    const raw = instruction instanceof RawInstruction && instruction.keyword === 'USER' ? /^\s*USER\s+([^:\s]+)(?::(\S+))?/i.exec(instruction.text) : null;
    return raw ? [new UserInstruction({ user: raw[1], group: raw[2] })] : [];
  });
  if (users.length > 0) {
    return users[users.length - 1];
  }
  return stage.from.baseStage && stage.from.baseStage !== stage ? effectiveUser(stage.from.baseStage) : undefined;
}

function checkFinalUser(stage: DockerfileStage): Problem[] {
  const user = effectiveUser(stage);
  const fix = `Add a non-root USER with a numeric id (for example stage.addUser('1000', '1000')), or ignore rule ${DockerfileRule.ROOT_USER} on purpose.`;
  if (user?.isRoot) {
    return [{ rule: DockerfileRule.ROOT_USER, message: `the final stage "${stage.name}" runs as root (USER ${user.user}).`, fix }];
  }
  const image = stage.baseImage;
  // Images published for non-root use say so in their tag (distroless :nonroot, :debug-nonroot).
  if (!user && !(image && /nonroot/.test(image))) {
    return [{
      severity: FindingSeverity.WARNING,
      rule: DockerfileRule.ROOT_USER,
      message: `the final stage "${stage.name}" sets no USER, so it runs as its base image's user, which is root for most images.`,
      fix,
    }];
  }
  return [];
}
