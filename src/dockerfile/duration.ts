/**
 * A length of time, written in Dockerfile flags as `30s`, `1m30s` or `500ms`.
 */
export class Duration {
  /** A duration of whole or fractional seconds. */
  public static seconds(amount: number): Duration {
    return new Duration(amount * 1000);
  }

  /** A duration of minutes. */
  public static minutes(amount: number): Duration {
    return new Duration(amount * 60_000);
  }

  /** A duration of milliseconds. */
  public static millis(amount: number): Duration {
    return new Duration(amount);
  }

  /** The duration in milliseconds. */
  public readonly milliseconds: number;

  private constructor(milliseconds: number) {
    this.milliseconds = milliseconds;
  }

  /** The duration as a Go duration string, which every builder parses (`1m30s`, `250ms`). */
  public toDockerString(): string {
    if (!Number.isInteger(this.milliseconds) || this.milliseconds % 1000 !== 0) {
      return `${this.milliseconds}ms`;
    }
    const seconds = this.milliseconds / 1000;
    const hours = Math.floor(seconds / 3600);
    const minutes = Math.floor((seconds % 3600) / 60);
    const rest = seconds % 60;
    const parts = [hours ? `${hours}h` : '', minutes ? `${minutes}m` : '', rest || seconds === 0 ? `${rest}s` : ''];
    return parts.join('');
  }
}
