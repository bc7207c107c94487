import { GitHubApi } from './github-api';

/**
 * The Node.js release lines of src/images/node-release-lines.ts against the release
 * schedule that the Node.js project publishes (schedule.json in nodejs/Release). Only the
 * lines of the NODE_RELEASE_LINES table are read and written, never the file's functions.
 */

export const SCHEDULE_REPOSITORY = 'nodejs/Release';

/** A line of the table, as node-release-lines.ts declares it. */
export interface TableLine {
  readonly major: number;
  readonly codename?: string;
  readonly endOfLife: string;
}

/** A line of schedule.json (`"v24": { "start", "lts", "maintenance", "end", "codename" }`). */
export interface ScheduledLine {
  readonly start?: string;
  readonly lts?: string;
  readonly maintenance?: string;
  readonly end: string;
  readonly codename?: string;
}

/** One way the table differs from the schedule. */
export interface NodeLineDifference {
  readonly major: number;
  /** What differs, in words. */
  readonly message: string;
  /** The table line that fixes it, when it can be written; undefined when it needs a person. */
  readonly line?: TableLine;
  /** When the line became LTS, for a line the table lacks. */
  readonly ltsSince?: string;
}

/** The schedule, read through the API's contents endpoint. */
export async function fetchSchedule(api: GitHubApi): Promise<Record<string, ScheduledLine>> {
  const file = await api.get<{ content?: string; encoding?: string }>(`/repos/${SCHEDULE_REPOSITORY}/contents/schedule.json`);
  if (file.encoding !== 'base64' || typeof file.content !== 'string') {
    throw new Error(`${SCHEDULE_REPOSITORY} schedule.json came without its base64 content.`);
  }
  return JSON.parse(Buffer.from(file.content, 'base64').toString('utf-8')) as Record<string, ScheduledLine>;
}

/**
 * How the table differs from the schedule on a day: a line it has must be LTS with the
 * same end of life and codename; an LTS line that has started and not ended must be in it.
 * Lines past their end of life stay (they bring a warning), and no line is removed.
 */
export function compareNodeLines(table: readonly TableLine[], schedule: Record<string, ScheduledLine>, today: string): NodeLineDifference[] {
  const differences: NodeLineDifference[] = [];
  for (const line of table) {
    const scheduled = schedule[`v${line.major}`];
    if (!scheduled?.lts) {
      differences.push({ major: line.major, message: `Node.js ${line.major} is in the table, and the schedule has it ${scheduled ? 'as no LTS line' : 'not at all'}.` });
      continue;
    }
    const codename = scheduled.codename ? scheduled.codename.toLowerCase() : undefined;
    const changes = [
      ...(scheduled.end !== line.endOfLife ? [`end-of-life ${line.endOfLife} in the table, ${scheduled.end} in the schedule`] : []),
      ...(codename !== line.codename ? [`codename ${line.codename ?? '(none)'} in the table, ${codename ?? '(none)'} in the schedule`] : []),
    ];
    if (changes.length > 0) {
      differences.push({ major: line.major, message: `Node.js ${line.major}: ${changes.join('; ')}.`, line: tableLine(line.major, scheduled) });
    }
  }
  const known = new Set(table.map((line) => line.major));
  for (const [name, scheduled] of Object.entries(schedule)) {
    const major = /^v(\d+)$/.exec(name) ? Number(name.slice(1)) : undefined;
    if (major === undefined || known.has(major) || !scheduled.lts || scheduled.lts > today || scheduled.end < today) {
      continue;
    }
    differences.push({
      major,
      message: `Node.js ${major} is LTS since ${scheduled.lts} (end-of-life ${scheduled.end}), and the table lacks it.`,
      line: tableLine(major, scheduled),
      ltsSince: scheduled.lts,
    });
  }
  return differences.sort((a, b) => a.major - b.major);
}

function tableLine(major: number, scheduled: ScheduledLine): TableLine {
  return { major, ...(scheduled.codename ? { codename: scheduled.codename.toLowerCase() } : {}), endOfLife: scheduled.end };
}

const ENTRY = /^(\s*)\{ major: (\d+),(?: codename: '([a-z]+)',)? endOfLife: '(\d{4}-\d{2}-\d{2})' \},?$/;
const BLOCK = /^(export const NODE_RELEASE_LINES[^\n]*= \[\n)([\s\S]*?)(^\];)$/m;

function entry(indent: string, line: TableLine): string {
  return `${indent}{ major: ${line.major}, ${line.codename ? `codename: '${line.codename}', ` : ''}endOfLife: '${line.endOfLife}' },`;
}

/** The table in the text of node-release-lines.ts; throws when its layout is not the one this reads. */
export function readNodeLines(text: string, file = 'src/images/node-release-lines.ts'): TableLine[] {
  const block = BLOCK.exec(text);
  if (!block) {
    throw new Error(`cannot find NODE_RELEASE_LINES in ${file}: its layout changed, so projenrc/pins/node-lines.ts must follow.`);
  }
  return block[2].split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('//')).map((line) => {
    const match = ENTRY.exec(line);
    if (!match) {
      throw new Error(`cannot read the line "${line.trim()}" in ${file}: each is one line, { major: N, codename: 'name', endOfLife: 'YYYY-MM-DD' }.`);
    }
    return { major: Number(match[2]), ...(match[3] ? { codename: match[3] } : {}), endOfLife: match[4] };
  });
}

/** The text with the differences that can be written: changed lines in place, new lines at the end with the day they became LTS. */
export function writeNodeLines(text: string, differences: NodeLineDifference[]): string {
  const block = BLOCK.exec(text);
  if (!block) {
    throw new Error('cannot find NODE_RELEASE_LINES to write.');
  }
  const changed = new Map(differences.filter((difference) => difference.line && !difference.ltsSince)
    .map((difference) => [difference.major, difference.line!]));
  const indent = /^(\s*)\{/m.exec(block[2])?.[1] ?? '  ';
  const body = block[2].split('\n').map((line) => {
    const match = ENTRY.exec(line);
    const update = match ? changed.get(Number(match[2])) : undefined;
    return update ? entry(match![1], update) : line;
  }).join('\n');
  const added = differences.filter((difference) => difference.line && difference.ltsSince)
    .map((difference) => `${indent}// LTS since ${difference.ltsSince}.\n${entry(indent, difference.line!)}\n`).join('');
  return text.replace(BLOCK, () => `${block[1]}${body}${added}${block[3]}`);
}
