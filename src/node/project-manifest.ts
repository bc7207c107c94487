import { NodeProject } from 'projen/lib/javascript';

/**
 * The Node major a project asks for, from `minNodeVersion`, then `engines.node`
 * in package.json; undefined when it names none.
 */
export function projectNodeMajor(project: NodeProject): number | undefined {
  const engines = (manifestField(project, 'engines') as { node?: unknown } | undefined)?.node;
  for (const version of [project.minNodeVersion, typeof engines === 'string' ? engines : undefined]) {
    const major = /(\d+)/.exec(version ?? '')?.[1];
    if (major !== undefined) {
      return Number(major);
    }
  }
  return undefined;
}

/** A field of package.json as projen will write it (some fields are computed at synthesis). */
export function manifestField(project: NodeProject, key: string): unknown {
  const value = (project.package.manifest as Record<string, unknown>)[key];
  return typeof value === 'function' ? value() : value;
}
