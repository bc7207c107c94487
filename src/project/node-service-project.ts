import { SampleFile } from 'projen';
import { GitHub } from 'projen/lib/github';
import { TypeScriptAppProject } from 'projen/lib/typescript';
import { NodeServiceProjectOptions } from './node-service-project-options';
import { ServiceProjectRule } from './service-project-rule';
import { mainSample, readmeSample, serverSample, testSample } from './service-samples';
import { ComposeFile, ComposeService, PostgresService } from '../compose';
import { FindingSeverity } from '../core/finding';
import { SynthesisChecks } from '../core/synthesis-checks';
import { TrivyWorkflow } from '../github';
import { newestLtsMajor } from '../images/node-release-lines';
import { HealthCheck, HealthCheckKind, NodeDockerImage } from '../node';
import { ImageLock } from '../pinning';

/**
 * A TypeScript service in a production container image: a TypeScript app
 * project with a NodeDockerImage (Dockerfile, .dockerignore, `docker:build`,
 * `docker:run`), base images pinned by digest (`docker-images.lock.json`,
 * refreshed after projen's dependency upgrade), a GitHub workflow that builds
 * and scans the image with Trivy, a `compose.yaml` with `docker:up` and
 * `docker:down` (and, with `postgres`, a database the service waits for), and
 * sample code that answers the health route, written only where no file is.
 *
 * Create one with `npx projen new --from projen-node-docker`. Every option of
 * the image is an option of the project, and every construct it declares is a
 * property, to reach into like projen's own (`project.image.stage('runtime')`).
 *
 * @pjid node-service
 */
export class NodeServiceProject extends TypeScriptAppProject {
  /** The image: its Dockerfile, stages and ignore file. */
  public readonly image: NodeDockerImage;
  /** The digests the image's base images are pinned to. */
  public readonly imageLock: ImageLock;
  /** The scan workflow, unless `imageScan` is false. */
  public readonly imageScan?: TrivyWorkflow;
  /** The compose file, unless `compose` is false. */
  public readonly compose?: ComposeFile;
  /** The service in the compose file, built from the image. */
  public readonly composeService?: ComposeService;
  /** The Postgres database in the compose file, with `postgres`. */
  public readonly database?: PostgresService;

  public constructor(options: NodeServiceProjectOptions) {
    const port = options.ports?.[0] ?? 3000;
    const healthCheck = options.healthCheck ?? HealthCheck.http('/health');
    const composed = options.compose ?? true;
    super({
      // ts-node, which runs .projenrc.ts, and typescript-eslint need TypeScript's JavaScript API, which TypeScript 7 does not ship.
      typescriptVersion: '~6.0.0',
      readme: { contents: readmeSample(options.name, composed) },
      ...options,
      // projen would ask for @types/node by the TypeScript version's tag, which @types/node no longer publishes:
      // the types of the Node.js line the image runs, unless minNodeVersion says which.
      devDeps: [...(options.minNodeVersion ? [] : [`@types/node@^${options.nodeMajor ?? newestLtsMajor()}`]), ...options.devDeps ?? []],
      // The samples are the service's own, below.
      sampleCode: false,
    });
    this.image = new NodeDockerImage(this, 'Image', { ...options, healthCheck });
    this.imageLock = ImageLock.of(this);

    const workflows = GitHub.of(this.root)?.workflowsEnabled ?? false;
    if (options.imageScan ?? workflows) {
      this.imageScan = new TrivyWorkflow(this, 'ImageScan', { ...options.imageScanOptions, images: [this.image] });
    }
    if (composed) {
      this.compose = new ComposeFile(this, 'Compose');
      this.composeService = this.compose.addImage('service', this.image);
      if (options.postgres) {
        this.database = this.compose.addPostgres('db');
        this.composeService.addDependency(this.database);
        this.composeService.addEnvironment({ DATABASE_URL: this.database.url });
      }
    }
    SynthesisChecks.of(this).register({
      findings: () => (options.postgres && !composed ? [{
        rule: ServiceProjectRule.POSTGRES_WITHOUT_COMPOSE,
        severity: FindingSeverity.ERROR,
        path: this.name,
        message: 'postgres adds a database to compose.yaml, and compose is false.',
        fix: 'Leave compose out (it is true by default), or leave out postgres.',
      }] : []),
    });

    if (options.sampleCode ?? true) {
      const sample = { port, healthPath: healthCheck.kind === HealthCheckKind.HTTP ? healthCheck.path! : '/health' };
      new SampleFile(this, `${this.srcdir}/server.ts`, { contents: serverSample(sample) });
      new SampleFile(this, `${this.srcdir}/index.ts`, { contents: mainSample(sample) });
      if (this.jest) {
        new SampleFile(this, `${this.testdir}/server.test.ts`, { contents: testSample(sample) });
      }
    }
  }
}
