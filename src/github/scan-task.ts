import { Project } from 'projen';
import { TRIVY_VERSION } from './action-pins';
import { TrivySeverity } from './trivy-severity';
import { shellQuote } from '../core/shell';
import { kebabCase, spawnFromAggregate } from '../core/tasks';
import { IContainerImage } from '../dockerfile/container-image';

/** `docker:scan:<id>` (and `docker:scan` for every image): Trivy on the locally built image, when Trivy is installed. */
export function addScanTask(project: Project, image: IContainerImage, severities: TrivySeverity[], ignoreUnfixed: boolean): void {
  const id = kebabCase(image.node.id);
  if (project.tasks.tryFind(`docker:scan:${id}`)) {
    // Another workflow of the project scans this image too: its task serves both.
    return;
  }
  // The image name ends the double-quoted message first: quoted inside it, a `$(...)` of the name would still run.
  const exec = [
    'if ! command -v trivy >/dev/null 2>&1; then',
    'echo "docker:scan needs Trivy: install it with your package manager (brew install trivy; apt or rpm packages from Aqua Security),',
    `or run it in a container: docker run --rm -v /var/run/docker.sock:/var/run/docker.sock aquasec/trivy:${TRIVY_VERSION.slice(1)} image" ${shellQuote(image.imageName)} >&2;`,
    'exit 1; fi;',
    `trivy image --severity ${severities.join(',')}${ignoreUnfixed ? ' --ignore-unfixed' : ''} --exit-code 1 ${shellQuote(image.imageName)}`,
  ].join(' ');
  // The image's own build task, when it has one by the usual name.
  const build = project.tasks.tryFind(`docker:build:${id}`);
  const task = project.addTask(`docker:scan:${id}`, {
    description: `Scan the ${image.node.id} image (${image.imageName}) with Trivy; build it first${build ? ` with ${build.name}` : ''}`,
    exec,
  });
  spawnFromAggregate(project, 'docker:scan', 'Scan every image of the project with Trivy', task);
}
