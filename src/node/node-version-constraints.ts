import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { NodeProject } from 'projen/lib/javascript';
import { NodeImageRule } from './node-image-rule';
import { manifestField } from './project-manifest';
import { Problem } from '../core/problem';
import { chooseNodeLine, codenameMajor, newestLtsMajor, NodeVersionConstraint, unknownLineProblem } from '../images/node-release-lines';

/** The files version managers read (nvm, fnm, volta's fallbacks, nodenv, asdf's legacy files). */
const VERSION_FILES = ['.nvmrc', '.node-version'];
const NEWEST_ALIASES = ['node', 'stable', 'latest', 'current', 'lts/*'];

/** What a project says of its Node.js versions: each as a range, and a version file line the library cannot read. */
export interface ProjectNodeConstraints {
  readonly constraints: NodeVersionConstraint[];
  readonly unreadable?: { readonly source: string; readonly text: string };
}

/** The Node.js versions a project states, each as a range, or what a version file says that the library cannot read. */
export function projectNodeConstraints(project: NodeProject): ProjectNodeConstraints {
  const constraints: NodeVersionConstraint[] = [];
  if (project.minNodeVersion) {
    constraints.push({ source: 'minNodeVersion', range: `>=${project.minNodeVersion}` });
  }
  if (project.maxNodeVersion) {
    constraints.push({ source: 'maxNodeVersion', range: `<=${project.maxNodeVersion}` });
  }
  const engines = (manifestField(project, 'engines') as { node?: unknown } | undefined)?.node;
  if (typeof engines === 'string' && engines.trim() !== '') {
    constraints.push({ source: 'engines.node in package.json', range: engines });
  }
  for (const file of VERSION_FILES) {
    const path = join(project.outdir, file);
    if (!existsSync(path)) {
      continue;
    }
    const text = readFileSync(path, 'utf-8').split('\n').map((line) => line.replace(/#.*/, '').trim()).find((line) => line !== '') ?? '';
    const range = versionFileRange(text);
    if (range === undefined) {
      return { constraints, unreadable: { source: file, text } };
    }
    constraints.push({ source: file, range });
  }
  return { constraints };
}

/** What a version file line means as a range: `22`, `v22.12.0`, `lts/jod`, `lts/*`, `node`; undefined for an alias the library does not know. */
function versionFileRange(text: string): string | undefined {
  const version = /^v?(\d+(?:\.\d+){0,2})$/.exec(text);
  if (version) {
    return version[1];
  }
  if (NEWEST_ALIASES.includes(text.toLowerCase())) {
    return `${newestLtsMajor()}.x`;
  }
  const codename = /^lts\/([a-z]+)$/i.exec(text);
  const major = codename ? codenameMajor(codename[1]) : undefined;
  return major === undefined ? undefined : `${major}.x`;
}

/** The Node.js line of an image: `nodeMajor` when given, else the newest LTS line that fits the project, and why it cannot be built when it cannot. */
export function projectNodeLine(project: NodeProject, nodeMajor?: number): { major: number; problems: Problem[] } {
  const unsupported = (problem: { message: string; fix: string } | undefined, rule = NodeImageRule.UNSUPPORTED_NODE_VERSION): Problem[] =>
    (problem ? [{ rule, ...problem }] : []);
  if (nodeMajor !== undefined) {
    return { major: nodeMajor, problems: unsupported(unknownLineProblem(nodeMajor)) };
  }
  const { constraints, unreadable } = projectNodeConstraints(project);
  if (unreadable) {
    return {
      major: newestLtsMajor(),
      problems: unsupported({
        message: `${unreadable.source} says "${unreadable.text}", which is neither a version nor an alias this library knows (lts/*, lts/iron, lts/jod, lts/krypton, node).`,
        fix: `Write a major such as "${newestLtsMajor()}" or a version such as "${newestLtsMajor()}.1.0" in ${unreadable.source}.`,
      }, NodeImageRule.INVALID_NODE_VERSION),
    };
  }
  const choice = chooseNodeLine(constraints);
  return 'major' in choice ? { major: choice.major, problems: [] } : { major: newestLtsMajor(), problems: unsupported(choice.problem) };
}
