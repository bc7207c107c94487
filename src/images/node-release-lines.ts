import { intersects, validRange } from 'semver';

/**
 * A Node.js LTS release line and the day it stops receiving fixes.
 */
export interface NodeReleaseLine {
  readonly major: number;
  /** The LTS codename, as `.nvmrc` names it (`lts/jod`). */
  readonly codename?: string;
  readonly endOfLife: string;
}

/**
 * The LTS lines the library builds images for, oldest first: data kept in one
 * place and updated with the library, so that upgrading it moves every image
 * that names no version to the newest line. Which line an image gets never
 * depends on the day; a line past its end of life only brings a warning.
 */
export const NODE_RELEASE_LINES: readonly NodeReleaseLine[] = [
  { major: 20, codename: 'iron', endOfLife: '2026-04-30' },
  { major: 22, codename: 'jod', endOfLife: '2027-04-30' },
  { major: 24, codename: 'krypton', endOfLife: '2028-04-30' },
  // LTS since 2026-10-28.
  { major: 26, endOfLife: '2029-04-30' },
];

/** A range of Node.js versions a project states, and where it states it. */
export interface NodeVersionConstraint {
  /** Where the range comes from, as a user would name it (`engines.node in package.json`). */
  readonly source: string;
  /** A semver range (`>=20.11`, `^22`, `24`). */
  readonly range: string;
}

/** What is wrong, and how to fix it. */
export interface NodeLineProblem {
  readonly message: string;
  readonly fix: string;
}

/** The newest LTS line the library knows. */
export function newestLtsMajor(): number {
  return NODE_RELEASE_LINES[NODE_RELEASE_LINES.length - 1].major;
}

/** The LTS line of a major, if the library builds images for it. */
export function releaseLine(major: number): NodeReleaseLine | undefined {
  return NODE_RELEASE_LINES.find((line) => line.major === major);
}

const KNOWN_MAJORS = () => NODE_RELEASE_LINES.map((line) => line.major).join(', ');

/**
 * The newest LTS line that satisfies every constraint (a line satisfies a range
 * when some release of it does), or the problem when none does.
 */
export function chooseNodeLine(constraints: NodeVersionConstraint[]): { major: number } | { problem: NodeLineProblem } {
  const invalid = constraints.find((constraint) => validRange(constraint.range) === null);
  if (invalid) {
    return {
      problem: {
        message: `${invalid.source} "${invalid.range}" is not a version range.`,
        fix: 'Write a range such as ">=22" or "^24.11.0", or a major such as "24".',
      },
    };
  }
  const fitting = NODE_RELEASE_LINES.filter((line) => constraints.every((constraint) => intersects(constraint.range, `${line.major}.x`)));
  if (fitting.length === 0) {
    const stated = constraints.map((constraint) => `"${constraint.range}" (${constraint.source})`).join(' and ');
    return {
      problem: {
        message: `no Node.js LTS line this library builds images for (${KNOWN_MAJORS()}) satisfies ${stated}.`,
        fix: 'Widen the range to include one of those lines, or set nodeMajor on the image.',
      },
    };
  }
  return { major: fitting[fitting.length - 1].major };
}

/** Why a major asked for by name cannot be built, or undefined when it can. */
export function unknownLineProblem(major: number): NodeLineProblem | undefined {
  return releaseLine(major) ? undefined : {
    message: `Node.js ${major} is not an LTS line this library builds images for (${KNOWN_MAJORS()}).`,
    fix: 'Set nodeMajor on the image, or minNodeVersion on the project, to one of those lines.',
  };
}

/** A warning when the line is past its end of life on the given day. */
export function endOfLifeWarning(major: number, today: Date): NodeLineProblem | undefined {
  const line = releaseLine(major);
  if (!line || line.endOfLife >= today.toISOString().slice(0, 10)) {
    return undefined;
  }
  const newer = NODE_RELEASE_LINES.filter((candidate) => candidate.major > major && candidate.endOfLife >= today.toISOString().slice(0, 10));
  return {
    message: `Node.js ${major} reached end-of-life on ${line.endOfLife} and gets no more security fixes.`,
    fix: newer.length > 0
      ? `Move to Node.js ${newer[newer.length - 1].major} (nodeMajor, or the project's minNodeVersion and engines).`
      : 'Upgrade projen-node-docker, whose newer releases know newer Node.js lines.',
  };
}

/** The major an LTS codename (`jod`) names, if the library knows it. */
export function codenameMajor(codename: string): number | undefined {
  return NODE_RELEASE_LINES.find((line) => line.codename === codename.toLowerCase())?.major;
}
