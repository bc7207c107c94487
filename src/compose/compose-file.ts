import { posix, relative, resolve } from 'path';
import { IConstruct } from 'constructs';
import { Component, ObjectFile, Project } from 'projen';
import { ComposeImageServiceOptions, ComposeServiceOptions } from './compose-options';
import { relationProblems, serviceProblems } from './compose-problems';
import { ComposeRule } from './compose-rule';
import { ComposeService } from './compose-service';
import { ComposeYamlFile } from './compose-yaml-file';
import { PostgresService, PostgresServiceOptions } from './postgres-service';
import { claimId, pathInProject } from '../core/construct-path';
import { Finding } from '../core/finding';
import { findingsError, findingsOf } from '../core/problem';
import { filePathProblems } from '../core/file-paths';
import { shellQuote } from '../core/shell';
import { SynthesisChecks } from '../core/synthesis-checks';
import { kebabCase } from '../core/tasks';
import { IContainerImage } from '../dockerfile';
import { DockerIgnore } from '../ignore';

/**
 * Options of a ComposeFile.
 */
export interface ComposeFileProps {
  /**
   * Path of the compose file, relative to the project.
   * @default "compose.yaml"
   */
  readonly path?: string;
  /**
   * Add the tasks that bring the services up and down (`docker:up`, `docker:down`;
   * `docker:up:<id>` and `docker:down:<id>` for a second compose file).
   * @default true
   */
  readonly tasks?: boolean;
}

// Picks the first Compose that works here: Compose v2 (the docker plugin), Compose v1, podman-compose.
const PICK_COMPOSE = [
  'if docker compose version >/dev/null 2>&1; then compose="docker compose";',
  'elif command -v docker-compose >/dev/null 2>&1; then compose=docker-compose;',
  'elif command -v podman-compose >/dev/null 2>&1; then compose=podman-compose;',
  'else echo "this task needs Docker Compose (docker compose or docker-compose) or podman-compose" >&2; exit 1; fi;',
].join(' ');

/**
 * A compose file (`compose.yaml`) for running the project's images locally,
 * with the databases and other services beside them: `npx projen docker:up`
 * builds and starts them, `npx projen docker:down` stops and removes them.
 *
 * A service built from an image of the project (`addImage()`) is built from its
 * Dockerfile and target stage and tagged with the image's name; it publishes the
 * ports the image exposes on loopback, and takes the image's environment, its
 * health check, an init process unless the image has one, and a read-only root
 * filesystem (with a tmpfs on `/tmp`) unless the Dockerfile gives the service
 * files to write. All of it is read from the Dockerfile at synthesis, so what
 * `.projenrc.ts` adds to the image later still counts.
 *
 * The file uses only what Compose v2, Compose v1 (1.27 and later) and
 * podman-compose all read: no `version`, no top-level `name`, ports in the short
 * syntax, `depends_on` with conditions. Nothing is written when a service is
 * wrong: synthesis lists every problem with the rules of `ComposeRule`.
 */
export class ComposeFile extends Component {
  /** The compose file, for overrides (`file.addOverride('services.api.restart', 'unless-stopped')`). */
  public readonly file: ObjectFile;
  /** Path of the compose file, relative to the project. */
  public readonly path: string;

  public constructor(scope: IConstruct, id: string, props: ComposeFileProps = {}) {
    super(scope, claimId(scope, id, 'ComposeFile'));
    const project = this.project;
    this.path = props.path ?? 'compose.yaml';
    const taken = project.tryFindFile(this.path);
    if (taken) {
      // Two files on one path cannot even be declared: projen refuses the second.
      throw findingsError(findingsOf(this, [{
        rule: ComposeRule.DUPLICATE,
        message: `${this.path} is already written by ${pathInProject(taken)}.`,
        fix: `Give this compose file its own path, such as "compose.${kebabCase(id)}.yaml".`,
      }]));
    }
    this.file = new ComposeYamlFile(this, this.path, {
      obj: () => this.renderCompose(),
      // Compose reads it from the checkout.
      committed: true,
      readonly: true,
    });
    SynthesisChecks.of(project).register({ prepare: () => this.prepare(), findings: () => this.findings() });
    if (props.tasks ?? true) {
      const first = !project.tasks.tryFind('docker:up');
      const suffix = first ? '' : `:${kebabCase(id)}`;
      const file = `-f ${shellQuote(this.path)}`;
      project.addTask(`docker:up${suffix}`, {
        description: `Build and start the services of ${this.path} in the background`,
        exec: `${PICK_COMPOSE} $compose ${file} up --build --detach`,
        receiveArgs: true,
      });
      project.addTask(`docker:down${suffix}`, {
        description: `Stop and remove the containers of ${this.path} (named volumes are kept)`,
        exec: `${PICK_COMPOSE} $compose ${file} down`,
        receiveArgs: true,
      });
    }
  }

  /** The services, in the order they were added. */
  public get services(): ComposeService[] {
    return this.node.children.filter((child): child is ComposeService => child instanceof ComposeService);
  }

  /** The service of that name, if there is one. */
  public tryFindService(name: string): ComposeService | undefined {
    return this.services.find((service) => service.serviceName === name);
  }

  /**
   * Adds a service built from an image of the project (a NodeDockerImage, or any IContainerImage).
   * @param name the service's name, such as "api"
   */
  public addImage(name: string, image: IContainerImage, options: ComposeServiceOptions = {}): ComposeService {
    this.refuseDuplicate(name);
    return new ComposeService(this, name, { ...options, containerImage: image });
  }

  /**
   * Adds a service that runs a ready-made image.
   * @param name the service's name, such as "cache"
   */
  public addService(name: string, options: ComposeImageServiceOptions): ComposeService {
    this.refuseDuplicate(name);
    return new ComposeService(this, name, options);
  }

  /**
   * Adds a Postgres database with a health check; pass it to a service's
   * `dependsOn` (or `addDependency()`) and its `url` to the service's environment.
   * @param name the service's name
   */
  public addPostgres(name: string = 'db', options: PostgresServiceOptions = {}): PostgresService {
    this.refuseDuplicate(name);
    return new PostgresService(this, name, options);
  }

  public preSynthesize(): void {
    SynthesisChecks.of(this.project).run();
  }

  /** Keeps the compose file out of the project's build contexts: no image needs it. */
  private prepare(): void {
    for (const ignore of this.project.components.filter((component): component is DockerIgnore => component instanceof DockerIgnore)) {
      ignore.addDefaultExclude(this.path);
    }
  }

  private refuseDuplicate(name: string): void {
    if (name === '') {
      // The service is a construct of that id, and only a root construct may have an empty one.
      throw findingsError(findingsOf(this, [{
        rule: ComposeRule.INVALID_SERVICE_NAME,
        message: 'a service name is empty.',
        fix: 'Give each service a name of lowercase letters, digits, "_", "-" and ".", such as "api".',
      }]));
    }
    if (this.tryFindService(name) || this.node.tryFindChild(name)) {
      throw findingsError(findingsOf(this, [{
        rule: ComposeRule.DUPLICATE,
        message: `the compose file already has a service "${name}".`,
        fix: 'Give each service its own name, or reach the existing one with compose.tryFindService(name).',
      }]));
    }
  }

  private findings(): Finding[] {
    const pathProblems = filePathProblems('the compose file path', this.path, 'compose.yaml');
    if (pathProblems.length > 0) {
      return findingsOf(this, pathProblems);
    }
    const services = this.services;
    if (services.length === 0) {
      return findingsOf(this, [{
        rule: ComposeRule.NO_SERVICES,
        message: `${this.path} would have no services, which Compose refuses.`,
        fix: 'Add a service with compose.addImage(name, image), or leave out the ComposeFile.',
      }]);
    }
    const between = relationProblems(services);
    return services.flatMap((service) => findingsOf(service, [...serviceProblems(service, this.project), ...between.get(service)!]));
  }

  /** The compose file as it is written: computed when projen writes it, after every image has read the project. */
  private renderCompose(): object {
    SynthesisChecks.of(this.project).prepare();
    const folder = posix.dirname(this.path);
    const volumes = [...new Set(this.services.flatMap((service) => service.volumes.map((volume) => volume.name)))];
    // The package manager's settings reach the build as secrets, from the files of each image's project.
    const secrets = Object.fromEntries(this.services.flatMap((service) => {
      const image = service.containerImage;
      const outdir = image ? Project.of(image).outdir : '';
      return Object.entries(image?.buildSecretFiles ?? {}).map(([id, file]) => [id, {
        file: relative(resolve(this.project.outdir, folder), resolve(outdir, file)).split('\\').join('/'),
      }]);
    }));
    return {
      services: Object.fromEntries(this.services.map((service) => [service.serviceName, service._render(folder)])),
      ...(volumes.length > 0 ? { volumes: Object.fromEntries(volumes.map((name) => [name, {}])) } : {}),
      ...(Object.keys(secrets).length > 0 ? { secrets } : {}),
    };
  }
}
