import { posix, relative } from 'path';
import { Project } from 'projen';
import { IContainerImage } from '../dockerfile/container-image';
import { contextCopies } from '../dockerfile/context-copies';

/** A path of the project as the repository names it (workflows and their path filters live at the root). */
export function inRepository(project: Project, path: string): string {
  return posix.normalize(posix.join(relative(project.root.outdir, project.outdir).split('\\').join('/'), path));
}

/**
 * What the images are built from, as path filters: the workflow itself, the
 * .trivyignore, and each image's Dockerfile, ignore file and every path its
 * Dockerfile copies from the build context, as the Dockerfiles are now.
 */
export function inputPaths(project: Project, images: IContainerImage[], workflowPath: string, trivyIgnorePath: string | undefined): string[] {
  const paths = new Set<string>([workflowPath, ...(trivyIgnorePath !== undefined ? [trivyIgnorePath] : [])]);
  for (const image of images) {
    paths.add(inRepository(project, image.dockerfile.path));
    paths.add(inRepository(project, image.ignoreFilePath));
    for (const { source } of contextCopies(image.dockerfile)) {
      const path = inRepository(project, posix.join(image.buildContext, source));
      paths.add(path);
      // A name without an extension may be a folder (src, lib): its files are inputs too.
      if (!/[*?[]/.test(path) && !posix.basename(path).includes('.')) {
        paths.add(`${path}/**`);
      }
    }
  }
  return [...paths];
}

/**
 * The workflow's triggers: pushes to the default branch and pull requests that
 * change one of the paths, every merge group of a merge queue, the schedule,
 * and runs on demand.
 */
export function workflowTriggers(branch: string, paths: string[], schedule: string): object {
  return {
    push: { branches: [branch], paths },
    pull_request: { paths },
    // GitHub filters merge groups by no path (merge_group takes only types): a queue whose
    // required checks include these jobs would otherwise wait for a check that never reports.
    merge_group: { types: ['checks_requested'] },
    schedule: [{ cron: schedule }],
    workflow_dispatch: {},
  };
}
