import { existsSync, readFileSync } from 'fs';
import { join, relative } from 'path';
import { Component, Project, Task } from 'projen';
import { NodeProject } from 'projen/lib/javascript';
import { findingsOf } from '../core/problem';
import { filePathProblems } from '../core/file-paths';
import { shellQuote } from '../core/shell';
import { SynthesisChecks } from '../core/synthesis-checks';
import { Dockerfile, IImagePins } from '../dockerfile';
import { ImageLockEntries, LockFileContents, parseLockFile, renderLockFile, writeLockFile } from './lock-file';
import { PinningRule } from './pinning-rule';
import { pinnableImage } from '../dockerfile/pinnable-image';

/**
 * Options of an ImageLock.
 */
export interface ImageLockProps {
  /**
   * Path of the lock file, relative to the project.
   * @default "docker-images.lock.json"
   */
  readonly path?: string;
}

/**
 * The digests of the base images of a project's Dockerfiles, kept in a
 * committed lock file (`docker-images.lock.json`). Dockerfiles that take it as
 * `imagePins` write `FROM name:tag@sha256:...`; an image without an entry stays
 * on its tag, and synthesis says once which images are unpinned.
 *
 * `npx projen docker:pin` resolves the images that have no entry and
 * `npx projen docker:pin:update` refreshes them all, each asking the registry
 * for the digest the tag points to now and then synthesizing again, so that a
 * refresh shows as a diff of digests. On a NodeProject the refresh also runs
 * after projen's dependency upgrade, so the upgrade pull request moves base
 * images forward too. Entries whose image no Dockerfile uses are dropped.
 */
export class ImageLock extends Component implements IImagePins {
  /** The project's ImageLock, created on first use. */
  public static of(project: Project): ImageLock {
    return project.components.find((component): component is ImageLock => component instanceof ImageLock) ?? new ImageLock(project);
  }

  /** Path of the lock file, relative to the project. */
  public readonly path: string;
  private readonly entries: ImageLockEntries;
  private readonly problem: LockFileContents['problem'];
  private readonly pinTask: Task;
  private readonly updateTask: Task;

  public constructor(project: Project, props: ImageLockProps = {}) {
    super(project, 'ImageLock');
    this.path = props.path ?? 'docker-images.lock.json';
    const pathProblems = filePathProblems('the lock file path', this.path, 'docker-images.lock.json');
    // A path outside the project is neither read nor written.
    const contents = pathProblems.length > 0 ? { entries: {} } : parseLockFile(join(project.outdir, this.path));
    this.entries = contents.entries;
    this.problem = contents.problem;
    SynthesisChecks.of(project).register({
      findings: () => findingsOf(this, [...pathProblems, ...(this.problem ? [{ rule: PinningRule.MALFORMED_LOCK_FILE, ...this.problem }] : [])]),
    });
    this.pinTask = project.addTask('docker:pin', { description: `Pin the base images that ${this.path} has no digest for` });
    this.updateTask = project.addTask('docker:pin:update', { description: `Refresh the digest of every base image in ${this.path}` });
    if (project instanceof NodeProject) {
      project.upgradeWorkflow?.postUpgradeTask.spawn(this.updateTask);
    }
  }

  /** The digest pinned for an image reference, if any. */
  public digestOf(reference: string): string | undefined {
    return this.entries[reference]?.digest;
  }

  /** The image references that the project's Dockerfiles pin with this lock, sorted. */
  public get references(): string[] {
    const references = this.project.components
      .filter((component): component is Dockerfile => component instanceof Dockerfile && component.imagePins === this)
      .flatMap((dockerfile) => dockerfile.stages.map((stage) => pinnableImage(stage)))
      .filter((reference): reference is string => reference !== undefined);
    return [...new Set(references)].sort();
  }

  /** The references that have no digest in the lock. */
  public get unpinned(): string[] {
    return this.references.filter((reference) => !this.entries[reference]);
  }

  public preSynthesize(): void {
    // The task names the images of the Dockerfiles as they are derived at synthesis.
    SynthesisChecks.of(this.project).run();
    const command = `node ${shellQuote(pinCommandPath(this.project))} --lock ${shellQuote(this.path)}`;
    const references = this.references.map((reference) => `'${reference}'`).join(' ');
    for (const [task, flag] of [[this.pinTask, ''], [this.updateTask, ' --update']] as const) {
      // `npx projen docker:pin --update` works as well as docker:pin:update.
      task.reset(`${command}${flag} ${references}`.trimEnd(), { receiveArgs: true });
      task.spawn(this.project.defaultTask!);
    }
  }

  public synthesize(): void {
    const file = join(this.project.outdir, this.path);
    const used = new Set(this.references);
    const kept: ImageLockEntries = {};
    for (const [reference, entry] of Object.entries(this.entries)) {
      if (used.has(reference)) {
        kept[reference] = entry;
      }
    }
    // The lock is the pin task's to create; synthesis only drops what no Dockerfile uses any more.
    if (existsSync(file) && readFileSync(file, 'utf-8') !== renderLockFile(kept)) {
      writeLockFile(file, kept);
    }
    const unpinned = this.unpinned;
    if (unpinned.length > 0) {
      this.project.logger.warn(`${unpinned.length === 1 ? 'A base image is' : `${unpinned.length} base images are`} not pinned by digest `
        + `(${unpinned.join(', ')}), so builds follow whatever the tag points to. Pin them with "npx projen docker:pin".`);
    }
  }
}

/**
 * The pin command, relative to the project: the compiled `pin-command.js` of
 * the installed library, or of this repository when the library runs from source.
 */
function pinCommandPath(project: Project): string {
  const compiled = __filename.endsWith('.ts') ? join(__dirname, '..', '..', 'lib', 'pinning', 'pin-command.js') : join(__dirname, 'pin-command.js');
  return relative(project.outdir, compiled).split('\\').join('/');
}
