/**
 * One challenge of a `WWW-Authenticate` header: its scheme and its parameters.
 */
export interface AuthChallenge {
  /** The scheme in lowercase (`bearer`, `basic`). */
  readonly scheme: string;
  /** The auth-params, keys in lowercase (`realm`, `service`, `scope`), values unquoted. */
  readonly params: { readonly [key: string]: string };
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/;
const PARAM_NAME = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=\s*/;

/**
 * Parses a `WWW-Authenticate` header (RFC 9110, section 11.6.1), which may hold
 * several challenges, such as
 * `Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/node:pull"`.
 * Quoted values keep their commas (`scope="repository:a:pull,push"`).
 * Returns the challenges it could read, in order; an unreadable rest is ignored.
 */
export function parseWwwAuthenticate(header: string): AuthChallenge[] {
  const challenges: AuthChallenge[] = [];
  let rest = header;
  for (;;) {
    rest = skipSeparators(rest);
    const scheme = TOKEN.exec(rest)?.[0];
    if (!scheme) {
      return challenges;
    }
    rest = rest.slice(scheme.length);
    const parsed = parseParams(rest);
    challenges.push({ scheme: scheme.toLowerCase(), params: parsed.params });
    rest = parsed.rest;
  }
}

function skipSeparators(text: string): string {
  return text.replace(/^[\s,]+/, '');
}

/** Reads `key=value` pairs up to the next challenge, which starts with a token not followed by `=`. */
function parseParams(text: string): { params: { [key: string]: string }; rest: string } {
  const params: { [key: string]: string } = {};
  let rest = text;
  for (;;) {
    const trimmed = skipSeparators(rest);
    const pair = PARAM_NAME.exec(trimmed);
    if (!pair) {
      return { params, rest };
    }
    const value = readValue(trimmed.slice(pair[0].length));
    if (value === undefined) {
      return { params, rest: '' };
    }
    params[pair[1].toLowerCase()] = value.value;
    rest = value.rest;
  }
}

function readValue(text: string): { value: string; rest: string } | undefined {
  if (text.startsWith('"')) {
    let value = '';
    for (let index = 1; index < text.length; index++) {
      const char = text[index];
      if (char === '\\' && index + 1 < text.length) {
        value += text[++index];
      } else if (char === '"') {
        return { value, rest: text.slice(index + 1) };
      } else {
        value += char;
      }
    }
    return undefined;
  }
  const token = TOKEN.exec(text)?.[0];
  return token === undefined ? undefined : { value: token, rest: text.slice(token.length) };
}
