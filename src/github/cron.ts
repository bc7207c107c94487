// Minute, hour, day of month, month, day of week: GitHub's schedule accepts POSIX cron, five fields.
const FIELDS: Array<{ name: string; min: number; max: number; names?: string[] }> = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  { name: 'day of week', min: 0, max: 6, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];

/** Why a cron expression is not one GitHub's schedule accepts, or undefined when it is. */
export function cronProblem(expression: string): string | undefined {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) {
    return `has ${parts.length} field${parts.length === 1 ? '' : 's'}, and a schedule needs 5 (minute hour day-of-month month day-of-week)`;
  }
  for (const [index, part] of parts.entries()) {
    const field = FIELDS[index];
    for (const item of part.split(',')) {
      const match = /^(\*|[\w]+(?:-[\w]+)?)(?:\/(\d+))?$/.exec(item);
      const values = match?.[1] === '*' ? [] : (match?.[1].split('-') ?? [item]);
      const bad = !match || (match[2] !== undefined && Number(match[2]) < 1)
        || values.some((value) => !valueInRange(value, field));
      if (bad) {
        return `has "${item}" as its ${field.name}, which is not a value from ${field.min} to ${field.max}, a range, a list or a step`;
      }
    }
  }
  return undefined;
}

function valueInRange(value: string, field: { min: number; max: number; names?: string[] }): boolean {
  if (/^\d+$/.test(value)) {
    return Number(value) >= field.min && Number(value) <= field.max;
  }
  return field.names?.includes(value.toLowerCase()) ?? false;
}
