import { Problem } from '../../core/problem';
import { BuilderCompatibility } from '../builder-compatibility';
import { Duration } from '../duration';
import { Instruction, _ValidationContext } from '../instruction';
import { CONTINUATION_INDENT, jsonArray } from '../syntax';
import { DockerfileRule } from '../validation/rule';

/**
 * Options of a HEALTHCHECK instruction.
 */
export interface HealthcheckInstructionProps {
  /**
   * The check, in exec form: a program and its arguments, exiting 0 when healthy.
   * Exec form works in images without a shell.
   */
  readonly command: string[];

  /**
   * Time between checks.
   * @default Duration.seconds(30)
   */
  readonly interval?: Duration;

  /**
   * Time after which a check counts as failed.
   * @default Duration.seconds(30)
   */
  readonly timeout?: Duration;

  /**
   * Time after start during which failures do not count.
   * @default Duration.seconds(0)
   */
  readonly startPeriod?: Duration;

  /**
   * Time between checks during the start period. BuildKit only.
   * @default - the interval
   */
  readonly startInterval?: Duration;

  /**
   * Consecutive failures before the container is unhealthy.
   * @default 3
   */
  readonly retries?: number;
}

/**
 * `HEALTHCHECK [options] CMD [...]` or `HEALTHCHECK NONE`.
 */
export class HealthcheckInstruction extends Instruction {
  /** `HEALTHCHECK NONE`: turns off a check inherited from the base image. */
  public static none(): HealthcheckInstruction {
    return new HealthcheckInstruction();
  }

  public readonly keyword = 'HEALTHCHECK';
  /** The check's options; undefined for `HEALTHCHECK NONE`. */
  public readonly options?: HealthcheckInstructionProps;

  /**
   * @param props the check; omit it for `HEALTHCHECK NONE`
   */
  public constructor(props?: HealthcheckInstructionProps) {
    super();
    this.options = props ? { ...props, command: [...props.command] } : undefined;
  }

  public render(): string {
    if (!this.options) {
      return 'HEALTHCHECK NONE';
    }
    const { interval, timeout, startPeriod, startInterval, retries, command } = this.options;
    const flags = [
      interval ? `--interval=${interval.toDockerString()}` : '',
      timeout ? `--timeout=${timeout.toDockerString()}` : '',
      startPeriod ? `--start-period=${startPeriod.toDockerString()}` : '',
      startInterval ? `--start-interval=${startInterval.toDockerString()}` : '',
      retries !== undefined ? `--retries=${retries}` : '',
    ].filter(Boolean);
    const head = ['HEALTHCHECK', ...flags].join(' ');
    return `${head} \\\n${CONTINUATION_INDENT}CMD ${jsonArray(command)}`;
  }

  /** @internal */
  public _validate(context: _ValidationContext): Problem[] {
    if (!this.options) {
      return [];
    }
    const problems: Problem[] = [];
    const invalid = (message: string, fix: string) => problems.push({ rule: DockerfileRule.INVALID_HEALTHCHECK, message, fix });
    if (this.options.command.length === 0 || this.options.command[0].trim() === '') {
      problems.push({ rule: DockerfileRule.EMPTY_INSTRUCTION, message: 'HEALTHCHECK has no command.', fix: 'Give the program and its arguments, or use HealthcheckInstruction.none().' });
    }
    const durations: Array<[string, Duration | undefined]> = [
      ['interval', this.options.interval], ['timeout', this.options.timeout],
      ['startPeriod', this.options.startPeriod], ['startInterval', this.options.startInterval],
    ];
    for (const [name, duration] of durations) {
      // Docker refuses durations under one millisecond, except 0 for the start period.
      const minimum = name === 'startPeriod' ? 0 : 1;
      if (duration && (!Number.isInteger(duration.milliseconds) || duration.milliseconds < minimum)) {
        invalid(`HEALTHCHECK ${name} of ${duration.milliseconds}ms is not allowed.`, `Use a whole number of milliseconds of at least ${minimum}ms.`);
      }
    }
    const retries = this.options.retries;
    if (retries !== undefined && (!Number.isInteger(retries) || retries < 1)) {
      invalid(`HEALTHCHECK retries ${retries} is not a positive whole number.`, 'Use a whole number of at least 1.');
    }
    if (this.options.startInterval && context.compatibility === BuilderCompatibility.ALL_BUILDERS) {
      problems.push({
        rule: DockerfileRule.BUILDER_COMPATIBILITY,
        message: 'HEALTHCHECK --start-interval is understood by BuildKit only; Buildah rejects it.',
        fix: 'Remove startInterval, or set compatibility: BuilderCompatibility.BUILDKIT on the Dockerfile.',
      });
    }
    return problems;
  }
}
