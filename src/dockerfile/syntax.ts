/**
 * How values are written into Dockerfile text so that every builder reads back
 * exactly the value that was given.
 */

/** Width at which long RUN commands are wrapped with `\` continuations. */
const LINE_WIDTH = 100;
/** Indentation of continuation lines. */
export const CONTINUATION_INDENT = '    ';

/**
 * Says why a value cannot be written on a Dockerfile line, or undefined when it can.
 * A raw line break would end the instruction, and other control characters are
 * read differently by different builders.
 */
export function unrepresentable(value: string): string | undefined {
  if (/[\n\r]/.test(value)) {
    return 'contains a line break, which would end the instruction';
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value)) {
    return 'contains a control character';
  }
  return undefined;
}

/**
 * A value for ENV, ARG and LABEL: as it is when it needs no quoting, otherwise
 * double-quoted.
 */
export function assignedValue(text: string): string {
  return text !== '' && isPlain(text) ? text : quoted(text);
}

/** A double-quoted value in which `$NAME` and `${NAME}` still refer to variables. */
export function expandableValue(text: string): string {
  return `"${text.replace(/[\\"]/g, '\\$&')}"`;
}

/**
 * A double-quoted value for ENV, ARG, LABEL and WORKDIR: inside double quotes the
 * Dockerfile word lexer treats `\`, `"` and `$` specially, so each is escaped.
 */
export function quoted(value: string): string {
  return `"${value.replace(/[\\"$]/g, '\\$&')}"`;
}

/**
 * A literal word in the instructions whose arguments are expanded by the
 * Dockerfile word lexer (COPY, VOLUME): quotes, `\` and `$` are escaped.
 */
function literalWord(value: string): string {
  return value.replace(/[\\"'$]/g, '\\$&');
}

/** Characters that need no quoting or escaping in a space-separated argument list. */
const PLAIN = /^[A-Za-z0-9._/@%+=:,~*?[\]^-]+$/;

/** True when the value can stand unquoted in a space-separated argument list. */
export function isPlain(value: string): boolean {
  return PLAIN.test(value) && !value.startsWith('[') && !value.startsWith('-');
}

/** A JSON array, the exec form of RUN, CMD, ENTRYPOINT, HEALTHCHECK and SHELL. */
export function jsonArray(values: readonly string[]): string {
  return `[${values.map((value) => JSON.stringify(value)).join(', ')}]`;
}

/**
 * Arguments that the Dockerfile word lexer expands (COPY, VOLUME): space-separated
 * when every value is plain, otherwise the JSON form with each value escaped.
 */
export function wordList(values: readonly string[]): string {
  if (values.every(isPlain)) {
    return values.join(' ');
  }
  return jsonArray(values.map(literalWord));
}

/**
 * Joins an instruction's pieces and wraps it with `\` continuations when it is
 * longer than LINE_WIDTH, breaking only at white space outside quotes, before
 * `&&` and `||` first. A continuation line never starts with `#`, which the
 * Dockerfile parser would drop as a comment.
 */
export function wrapShell(prefix: string, command: string): string {
  if (prefix.length + command.length <= LINE_WIDTH) {
    return prefix + command;
  }
  // Each command starts a line indented once; its wrapped arguments are indented twice.
  const lines: Array<{ indent: string; words: string[] }> = [{ indent: '', words: [] }];
  let length = prefix.length;
  for (const word of splitOutsideQuotes(command)) {
    const line = lines[lines.length - 1];
    const startsCommand = word === '&&' || word === '||';
    // Room is kept for the " \\" that ends every line but the last.
    const fits = length + 1 + word.length + 2 <= LINE_WIDTH;
    if (line.words.length > 0 && (startsCommand || !fits) && !word.startsWith('#')) {
      const indent = startsCommand ? CONTINUATION_INDENT : CONTINUATION_INDENT.repeat(2);
      lines.push({ indent, words: [word] });
      length = indent.length + word.length;
    } else {
      length += (line.words.length > 0 ? 1 : 0) + word.length;
      line.words.push(word);
    }
  }
  return prefix + lines.map((line) => line.indent + line.words.join(' ')).join(' \\\n');
}

/**
 * Splits a shell command at runs of white space that are outside quotes, not
 * escaped, and not inside `$(...)` or backticks (where a split could land in a
 * nested quoted string).
 */
function splitOutsideQuotes(command: string): string[] {
  const words: string[] = [];
  let current = '';
  let quote: string | undefined;
  let substitutionDepth = 0;
  let inBackticks = false;
  for (let i = 0; i < command.length; i++) {
    const char = command[i];
    if (quote === undefined && substitutionDepth === 0 && !inBackticks && /\s/.test(char)) {
      if (current) {
        words.push(current);
        current = '';
      }
      continue;
    }
    current += char;
    if (char === '\\' && quote !== "'" && i + 1 < command.length) {
      current += command[++i];
    } else if (quote !== "'" && char === '$' && command[i + 1] === '(') {
      substitutionDepth++;
      current += command[++i];
    } else if (quote !== "'" && char === ')' && substitutionDepth > 0) {
      substitutionDepth--;
    } else if (quote !== "'" && char === '`') {
      inBackticks = !inBackticks;
    } else if (quote === undefined && (char === '"' || char === "'")) {
      quote = char;
    } else if (char === quote) {
      quote = undefined;
    }
  }
  if (current) {
    words.push(current);
  }
  return words;
}

/** True when the text ends with an unescaped `\`, which would continue the line. */
export function endsWithContinuation(text: string): boolean {
  const trailing = /\\+$/.exec(text);
  return trailing !== null && trailing[0].length % 2 === 1;
}
