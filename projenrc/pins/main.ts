import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { checkPins, PinsReport, PinStatus } from './check';
import { DEFAULT_API_URL, GitHubApi, GitHubApiOptions } from './github-api';
import { readNodeLines, writeNodeLines } from './node-lines';
import { Pin, readPinTable, writePinTable } from './pin-table';
import { exitCode, formatReport, Written } from './report';

/**
 * pins:check and pins:update: asks GitHub for the newest release of every action the
 * workflow pins (and the commit its tag points to), Trivy's newest release and the
 * Node.js release schedule; prints what is behind, and with --update writes the tables.
 */

export const PIN_TABLE = 'src/github/action-pins.ts';
export const NODE_LINES = 'src/images/node-release-lines.ts';

export interface PinsCommand {
  /** The repository the tables are in. */
  readonly root: string;
  readonly env: Record<string, string | undefined>;
  readonly print: (line: string) => void;
  /** The day the Node.js lines are compared on, YYYY-MM-DD. */
  readonly today?: string;
  /** Client options beside the base URL and token (the tests make rate limits quick). */
  readonly api?: GitHubApiOptions;
}

const USAGE = [
  'usage: pins:check [--update]',
  '  Compares the pinned actions, Trivy and the Node.js lines with GitHub; exits 1 when something is behind.',
  '  --update  writes what is behind into the tables (never a moved or missing tag).',
  '  GITHUB_TOKEN raises the rate limit; GITHUB_API_URL names another API.',
];

/** Runs the command and returns its exit code. */
export async function runPins(args: string[], command: PinsCommand): Promise<number> {
  const unknown = args.filter((arg) => arg !== '--update');
  if (unknown.length > 0) {
    [...(unknown.includes('--help') ? [] : [`unknown argument: ${unknown.join(' ')}`]), ...USAGE].forEach((line) => command.print(line));
    return unknown.includes('--help') ? 0 : 2;
  }
  const update = args.includes('--update');
  const pinFile = join(command.root, PIN_TABLE);
  const nodeFile = join(command.root, NODE_LINES);
  const api = new GitHubApi({ ...command.api, baseUrl: command.env.GITHUB_API_URL || DEFAULT_API_URL, token: command.env.GITHUB_TOKEN });
  let report: PinsReport;
  try {
    const pinText = readFileSync(pinFile, 'utf-8');
    const nodeText = readFileSync(nodeFile, 'utf-8');
    const today = command.today ?? new Date().toISOString().slice(0, 10);
    report = await checkPins(api, readPinTable(pinText, PIN_TABLE), readNodeLines(nodeText, NODE_LINES), today);
    const written = update ? write(report, pinFile, pinText, nodeFile, nodeText) : undefined;
    formatReport(report, written).forEach((line) => command.print(line));
  } catch (error) {
    command.print(`pins:check could not check the pins: ${(error as Error).message}`);
    return 2;
  }
  command.print(`(${api.requests} requests to the GitHub API${command.env.GITHUB_TOKEN ? ', with GITHUB_TOKEN' : ', without a token'})`);
  return exitCode(report, update);
}

/** Writes the pins and lines that are behind (never a finding), and says what it wrote. */
function write(report: PinsReport, pinFile: string, pinText: string, nodeFile: string, nodeText: string): Written {
  const written: Written = {};
  const pins: Record<string, Pin> = {};
  for (const row of report.actions.filter((candidate) => candidate.status === PinStatus.BEHIND)) {
    pins[row.name] = row.newest!;
  }
  const trivy = report.trivy.status === PinStatus.BEHIND ? report.trivy.newest!.version : undefined;
  const changes = [
    ...Object.entries(pins).map(([name, pin]) => `${name} ${report.actions.find((row) => row.name === name)!.pinned.version} -> ${pin.version}`),
    ...(trivy ? [`Trivy ${report.trivy.pinned.version} -> ${trivy}`] : []),
  ];
  if (changes.length > 0) {
    writeFileSync(pinFile, writePinTable(pinText, pins, trivy));
    written[PIN_TABLE] = changes;
  }
  const lines = report.nodeLines.filter((difference) => difference.line);
  if (lines.length > 0) {
    writeFileSync(nodeFile, writeNodeLines(nodeText, lines));
    written[NODE_LINES] = lines.map((difference) => `Node.js ${difference.major}`);
  }
  return written;
}

if (require.main === module) {
  void runPins(process.argv.slice(2), { root: join(__dirname, '..', '..'), env: process.env, print: (line) => console.log(line) })
    .then((code) => {
      process.exitCode = code;
    });
}
