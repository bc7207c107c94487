import { NodeProject } from 'projen/lib/javascript';

/** A field of package.json as projen will write it (some fields are computed at synthesis). */
export function manifestField(project: NodeProject, key: string): unknown {
  const value = (project.package.manifest as Record<string, unknown>)[key];
  return typeof value === 'function' ? value() : value;
}
