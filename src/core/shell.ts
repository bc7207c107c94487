/**
 * One argument of a shell command, quoted so that the shell passes it on as it is:
 * words of only safe characters stay bare, anything else goes in single quotes.
 */
export function shellQuote(argument: string): string {
  if (/^[A-Za-z0-9_./:=@%+,-]+$/.test(argument)) {
    return argument;
  }
  return `'${argument.replace(/'/g, "'\\''")}'`;
}

/** A command line from its argv, each argument quoted. */
export function shellCommand(argv: string[]): string {
  return argv.map(shellQuote).join(' ');
}
