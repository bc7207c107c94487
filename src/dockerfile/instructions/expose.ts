import { Problem } from '../../core/problem';
import { Instruction, _ValidationContext } from '../instruction';
import { DockerfileRule } from '../validation/rule';

/**
 * A network protocol for EXPOSE.
 */
export enum Protocol {
  /** TCP. */
  TCP = 'tcp',
  /** UDP. */
  UDP = 'udp',
}

/**
 * Options of an EXPOSE instruction.
 */
export interface ExposeInstructionProps {
  /** Port number, 1 to 65535. */
  readonly port: number;

  /**
   * Protocol.
   * @default Protocol.TCP
   */
  readonly protocol?: Protocol;
}

/**
 * `EXPOSE port/protocol`: documents a port the container listens on.
 */
export class ExposeInstruction extends Instruction {
  public readonly keyword = 'EXPOSE';
  /** The port. */
  public readonly port: number;
  /** The protocol. */
  public readonly protocol: Protocol;

  public constructor(props: ExposeInstructionProps) {
    super();
    this.port = props.port;
    this.protocol = props.protocol ?? Protocol.TCP;
  }

  public render(): string {
    return `EXPOSE ${this.port}/${this.protocol}`;
  }

  /** @internal */
  public _validate(_context: _ValidationContext): Problem[] {
    const problems: Problem[] = [];
    if (!Number.isInteger(this.port) || this.port < 1 || this.port > 65535) {
      problems.push({
        rule: DockerfileRule.EXPOSE_INVALID_FORMAT,
        message: `EXPOSE port ${this.port} is not a port number.`,
        fix: 'Use a whole number from 1 to 65535.',
      });
    }
    if (!Object.values(Protocol).includes(this.protocol)) {
      problems.push({
        rule: DockerfileRule.EXPOSE_INVALID_FORMAT,
        message: `EXPOSE protocol "${this.protocol}" is not supported.`,
        fix: 'Use Protocol.TCP or Protocol.UDP.',
      });
    }
    return problems;
  }
}
