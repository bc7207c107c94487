import { Problem } from '../../core/problem';
import { Instruction, _ValidationContext } from '../instruction';
import { DockerfileRule } from '../validation/rule';

const IDENTITY = /^(?:[0-9]+|[a-z_][a-z0-9_-]*\$?)$/;

/**
 * Options of a USER instruction.
 */
export interface UserInstructionProps {
  /** User name or numeric uid. A numeric uid is preferred: it needs no /etc/passwd entry and lets runtimes verify non-root. */
  readonly user: string;

  /**
   * Group name or numeric gid.
   * @default - the user's primary group
   */
  readonly group?: string;
}

/**
 * `USER uid[:gid]`: the identity of later RUN steps and of the container.
 */
export class UserInstruction extends Instruction {
  public readonly keyword = 'USER';
  /** The user. */
  public readonly user: string;
  /** The group, if given. */
  public readonly group?: string;

  public constructor(props: UserInstructionProps) {
    super();
    this.user = props.user;
    this.group = props.group;
  }

  /** True when the user is root by name or uid. */
  public get isRoot(): boolean {
    return this.user === 'root' || /^0+$/.test(this.user);
  }

  public render(): string {
    return `USER ${this.user}${this.group !== undefined ? `:${this.group}` : ''}`;
  }

  /** @internal */
  public _validate(_context: _ValidationContext): Problem[] {
    return [['user', this.user], ['group', this.group] as const]
      .filter(([, value]) => value !== undefined && !IDENTITY.test(value))
      .map(([what, value]) => ({
        rule: DockerfileRule.INVALID_VALUE,
        message: `USER ${what} "${value}" is neither a numeric id nor a valid name.`,
        fix: 'Use a numeric id (for example 1000) or a lowercase name such as "node".',
      }));
  }
}
