import { IConstruct } from 'constructs';
import { Project } from 'projen';

/** The construct's path below its project, as a user's .projenrc names it (`Api/Dockerfile@Dockerfile/runtime`). */
export function pathInProject(construct: IConstruct): string {
  const projectPath = Project.of(construct).node.path;
  return construct.node.path.slice(projectPath.length).replace(/^\//, '');
}

/** The rule of a construct id that its scope already has. */
export const DUPLICATE_ID_RULE = 'DuplicateId';

/**
 * The id, when no other construct in the scope has it. The constructs library refuses a second one
 * with a message that names no fix; this one names the construct and how to part them.
 * @param kind what the new construct is (`NodeDockerImage`)
 */
export function claimId(scope: IConstruct, id: string, kind: string): string {
  if (scope.node.tryFindChild(id)) {
    const path = [pathInProject(scope), id].filter((part) => part !== '').join('/');
    throw new Error([
      'Nothing was written: 1 problem found.',
      `  [${DUPLICATE_ID_RULE}] ${path}: another construct in this scope already has the id ${JSON.stringify(id)}. Fix: Give this ${kind} an id of its own, such as "${id}2".`,
    ].join('\n'));
  }
  return id;
}
