/**
 * A Node.js release line and the day it stops receiving fixes.
 */
interface ReleaseLine {
  readonly major: number;
  readonly endOfLife: string;
}

/**
 * The LTS lines the library knows, kept in one place: upgrading the library
 * moves every image that names no version to the newest line.
 */
const LTS_LINES: ReleaseLine[] = [
  { major: 20, endOfLife: '2026-04-30' },
  { major: 22, endOfLife: '2027-04-30' },
  { major: 24, endOfLife: '2028-04-30' },
  // LTS since 2026-10-28.
  { major: 26, endOfLife: '2029-04-30' },
];

/** The LTS majors that still receive fixes on the given day. */
export function supportedNodeMajors(today: Date): number[] {
  const day = today.toISOString().slice(0, 10);
  return LTS_LINES.filter((line) => line.endOfLife >= day).map((line) => line.major);
}

/** The newest LTS major on the given day. */
export function activeLtsMajor(today: Date): number {
  const supported = supportedNodeMajors(today);
  return supported[supported.length - 1];
}

/**
 * Why a major cannot be used, or undefined when it can.
 */
export function nodeMajorProblem(major: number, today: Date): string | undefined {
  const supported = supportedNodeMajors(today);
  if (supported.includes(major)) {
    return undefined;
  }
  const line = LTS_LINES.find((candidate) => candidate.major === major);
  const reason = line ? `reached end-of-life on ${line.endOfLife}` : 'is not an LTS line this library builds images for';
  return `Node.js ${major} ${reason}; supported majors are ${supported.join(', ')}`;
}
