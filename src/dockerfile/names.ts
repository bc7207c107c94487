import { unrepresentable } from './syntax';
import { Problem } from '../core/problem';
import { DockerfileRule } from './validation/rule';

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Words that mark a variable as holding a credential. KEY counts only as a whole
// word (API_KEY, SSH_KEY), so KEYBOARD_LAYOUT or MONKEY do not match.
const SECRET_SUBSTRINGS = ['TOKEN', 'SECRET', 'PASSWORD', 'PASSWD', 'CREDENTIAL', 'APIKEY', 'PRIVATEKEY'];
const SECRET_WORDS = ['KEY', 'AUTH', 'PASS', 'PWD'];

/** Problems with an ARG or ENV variable name. */
export function variableNameProblems(kind: string, name: string): Problem[] {
  if (VARIABLE_NAME.test(name)) {
    return [];
  }
  return [{
    rule: DockerfileRule.INVALID_NAME,
    message: `${kind} name "${name}" is not a valid variable name.`,
    fix: 'Use letters, digits and "_", not starting with a digit (for example NODE_ENV).',
  }];
}

/** Problems with a value written on one Dockerfile line. */
export function valueProblems(what: string, value: string): Problem[] {
  const reason = unrepresentable(value);
  if (!reason) {
    return [];
  }
  return [{
    rule: DockerfileRule.UNREPRESENTABLE_VALUE,
    message: `${what} ${reason}.`,
    fix: 'Remove line breaks and control characters; for multi-line content, COPY a file instead.',
  }];
}

/** True when a variable name looks like it holds a secret. */
export function looksSecret(name: string): boolean {
  const upper = name.toUpperCase();
  if (SECRET_SUBSTRINGS.some((word) => upper.includes(word))) {
    return true;
  }
  return upper.split(/[_\-.]/).some((word) => SECRET_WORDS.includes(word));
}

/** The problem of giving a secret-looking ARG or ENV a value. */
export function secretProblem(kind: string, name: string): Problem {
  return {
    rule: DockerfileRule.SECRETS_USED_IN_ARG_OR_ENV,
    message: `${kind} "${name}" looks like a secret and is given a value, which is stored in the image's history and config.`,
    fix: `Pass the secret as a build secret (RunMount.secret({ id: '${name.toLowerCase()}' }) on the RUN that needs it), or ignore rule ${DockerfileRule.SECRETS_USED_IN_ARG_OR_ENV} if the value is not secret.`,
  };
}
