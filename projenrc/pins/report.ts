import { PinRow, PinsReport, PinStatus, SECURITY_STATUSES } from './check';
import { SCHEDULE_REPOSITORY } from './node-lines';

/** What --update wrote, per file, in words (`docker/login-action v4.1.0 -> v4.2.0`). */
export type Written = Record<string, string[]>;

/** The exit code: 0 when all is current (or was written), 1 when something is behind or a finding stands, 2 when something could not be checked. */
export function exitCode(report: PinsReport, updated: boolean): number {
  const rows = [...report.actions, report.trivy];
  if (report.nodeError !== undefined || rows.some((row) => row.status === PinStatus.ERROR)) {
    return 2;
  }
  const findings = rows.some((row) => SECURITY_STATUSES.includes(row.status));
  const behind = rows.some((row) => row.status === PinStatus.BEHIND) || report.nodeLines.length > 0;
  const byHand = report.nodeLines.some((difference) => !difference.line);
  return findings || byHand || (behind && !updated) ? 1 : 0;
}

function pinText(pin: { version: string; sha: string } | undefined, width: number): string {
  return pin ? `${pin.version.padEnd(width)} ${pin.sha}`.trimEnd() : '-';
}

/** The report as the task prints it: a table of every pin, then findings, errors, the Node.js lines and what to do. */
export function formatReport(report: PinsReport, written?: Written): string[] {
  const rows = [...report.actions, report.trivy];
  const label = (row: PinRow) => (row === report.trivy ? "Trivy (trivy-action's version input)" : row.name);
  const versionWidth = Math.max(...rows.flatMap((row) => [row.pinned.version.length, row.newest?.version.length ?? 0]));
  const table = [
    ['action', 'pinned', 'newest', 'status'],
    ...rows.map((row) => [label(row), pinText(row.pinned, versionWidth), pinText(row.newest, versionWidth), row.status]),
  ];
  const widths = [0, 1, 2].map((column) => Math.max(...table.map((cells) => cells[column].length)));
  const lines = ['Pinned actions and Trivy (src/github/action-pins.ts) against their newest releases on GitHub:', ''];
  lines.push(...table.map((cells) => cells.map((cell, column) => (column < 3 ? cell.padEnd(widths[column]) : cell)).join('  ').trimEnd()));

  const findings = rows.filter((row) => SECURITY_STATUSES.includes(row.status));
  if (findings.length > 0) {
    lines.push('', 'Security findings: pins:update never writes these; look into each first.');
    lines.push(...findings.map((row) => `  ${label(row)} [${row.status}]: ${row.detail}`));
  }
  const errors = rows.filter((row) => row.status === PinStatus.ERROR);
  if (errors.length > 0) {
    lines.push('', 'Not checked:');
    lines.push(...errors.map((row) => `  ${label(row)}: ${row.detail}`));
  }

  lines.push('', `Node.js release lines (src/images/node-release-lines.ts) against schedule.json of ${SCHEDULE_REPOSITORY}:`);
  if (report.nodeError !== undefined) {
    lines.push(`  not checked: ${report.nodeError}`);
  } else if (report.nodeLines.length === 0) {
    lines.push('  the table agrees with the schedule.');
  } else {
    lines.push(...report.nodeLines.map((difference) => `  ${difference.message}${difference.line ? '' : ' (change the table by hand)'}`));
  }

  for (const [file, changes] of Object.entries(written ?? {})) {
    lines.push('', `Wrote ${file}: ${changes.join(', ')}.`);
  }
  lines.push('', summary(report, written));
  return lines;
}

function summary(report: PinsReport, written?: Written): string {
  const rows = [...report.actions, report.trivy];
  const behind = rows.filter((row) => row.status === PinStatus.BEHIND);
  const findings = rows.some((row) => SECURITY_STATUSES.includes(row.status));
  const parts = [
    ...(behind.length > 0 ? [`${behind.length} ${behind.length === 1 ? 'pin' : 'pins'} (${behind.map((row) => row.name).join(', ')})`] : []),
    ...(report.nodeLines.length > 0 ? [`${report.nodeLines.length} Node.js ${report.nodeLines.length === 1 ? 'line' : 'lines'}`] : []),
  ];
  const refresh = 'refresh ../shared/data/github-actions.json (its README says how), which test/github/action-pins.test.ts compares the table with.';
  const stand = exitCode(report, written !== undefined) === 0 ? '' : 'The findings above stand. ';
  if (written !== undefined && Object.keys(written).length > 0) {
    return `${stand}Review the change, then ${refresh}`;
  }
  if (parts.length === 0 || written !== undefined) {
    return stand === '' ? 'Everything is current.' : `${written ? 'Nothing was written' : 'Nothing is behind'}: the findings above stand.`;
  }
  return `Behind: ${parts.join(' and ')}. "npx projen pins:update" writes them${findings ? ' (never the findings above)' : ''}; then ${refresh}`;
}
