import { Project, Task } from 'projen';

/** A construct id as a task or job name part: `docker:build:<kebab>` (`ApiWorker` is `api-worker`). */
export function kebabCase(id: string): string {
  return id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/[^A-Za-z0-9]+/g, '-').toLowerCase();
}

/** Adds a task to the task that runs it for every image (`docker:build`, `docker:scan`), creating that one first. */
export function spawnFromAggregate(project: Project, name: string, description: string, task: Task): void {
  (project.tasks.tryFind(name) ?? project.addTask(name, { description })).spawn(task);
}
