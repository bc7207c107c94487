/**
 * A small evaluator of the GitHub Actions expressions the workflow writes (`if:` values and
 * `${{ }}` in concurrency), so that tests can say which steps run on which event. It knows
 * what those expressions use: context paths, string and number literals, `==`, `!=`, `!`,
 * `&&`, `||`, parentheses, and the functions `always()`, `success()`, `failure()` and
 * `format()`. Like GitHub, it compares strings ignoring case, treats a missing property as
 * null, and returns the deciding operand of `&&` and `||`.
 */

/** What an expression can read, and whether an earlier step of the job failed. */
export interface ExpressionContext {
  readonly github: object;
  readonly failed?: boolean;
}

type Value = string | number | boolean | null;

const TOKEN = /\s*(?:('(?:[^']|'')*')|(\d+(?:\.\d+)?)|(==|!=|&&|\|\||[!(),])|([A-Za-z_][\w-]*(?:\.[\w-]+)*))/y;

function tokenize(expression: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < expression.trimEnd().length) {
    const match = TOKEN.exec(expression);
    if (!match) {
      throw new Error(`cannot read the expression at ${TOKEN.lastIndex}: ${expression}`);
    }
    tokens.push(match[1] ?? match[2] ?? match[3] ?? match[4]);
  }
  return tokens;
}

const truthy = (value: Value) => value !== null && value !== false && value !== 0 && value !== '';
const equal = (a: Value, b: Value) => (typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() === b.toLowerCase() : a === b);

/** The value of an expression, as GitHub would compute it in the context. */
export function evaluate(expression: string, context: ExpressionContext): Value {
  const tokens = tokenize(expression);
  let position = 0;
  const peek = () => tokens[position];
  const take = (expected?: string) => {
    const token = tokens[position++];
    if (expected !== undefined && token !== expected) {
      throw new Error(`expected ${expected}, found ${token} in ${expression}`);
    }
    return token;
  };
  const call = (name: string): Value => {
    take('(');
    const args: Value[] = [];
    while (peek() !== ')') {
      args.push(or());
      if (peek() === ',') {
        take(',');
      }
    }
    take(')');
    switch (name) {
      case 'always': return true;
      case 'success': return !context.failed;
      case 'failure': return context.failed ?? false;
      case 'format': return String(args[0]).replace(/\{(\d+)\}/g, (_all, index: string) => String(args[Number(index) + 1]));
      default: throw new Error(`unknown function ${name} in ${expression}`);
    }
  };
  const primary = (): Value => {
    const token = take();
    if (token === '(') {
      const value = or();
      take(')');
      return value;
    }
    if (token === '!') {
      return !truthy(primary());
    }
    if (token.startsWith("'")) {
      return token.slice(1, -1).replace(/''/g, "'");
    }
    if (/^\d/.test(token)) {
      return Number(token);
    }
    if (peek() === '(') {
      return call(token);
    }
    const [root, ...path] = token.split('.');
    let value: unknown = root === 'github' ? context.github : undefined;
    for (const key of path) {
      value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    }
    return (value ?? null) as Value;
  };
  const comparison = (): Value => {
    let left = primary();
    while (peek() === '==' || peek() === '!=') {
      const operator = take();
      const right = primary();
      left = operator === '==' ? equal(left, right) : !equal(left, right);
    }
    return left;
  };
  const and = (): Value => {
    let left = comparison();
    while (peek() === '&&') {
      take();
      const right = comparison();
      left = truthy(left) ? right : left;
    }
    return left;
  };
  const or = (): Value => {
    let left = and();
    while (peek() === '||') {
      take();
      const right = and();
      left = truthy(left) ? left : right;
    }
    return left;
  };
  const value = or();
  if (position !== tokens.length) {
    throw new Error(`unexpected ${peek()} in ${expression}`);
  }
  return value;
}

/** Whether a step with this `if:` runs: as on GitHub, a condition without a status function also needs `success()`. */
export function runs(condition: string | undefined, context: ExpressionContext): boolean {
  const status = condition !== undefined && /\b(?:always|success|failure|cancelled)\(/.test(condition);
  return truthy(evaluate(condition === undefined ? 'success()' : status ? condition : `success() && (${condition})`, context));
}

/** A string with `${{ }}` expressions in it, evaluated. */
export function interpolate(template: string, context: ExpressionContext): string {
  return template.replace(/\$\{\{(.*?)\}\}/g, (_all, expression: string) => String(evaluate(expression, context)));
}
