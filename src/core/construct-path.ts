import { IConstruct } from 'constructs';
import { Project } from 'projen';

/** The construct's path below its project, as a user's .projenrc names it (`Api/Dockerfile@Dockerfile/runtime`). */
export function pathInProject(construct: IConstruct): string {
  const projectPath = Project.of(construct).node.path;
  return construct.node.path.slice(projectPath.length).replace(/^\//, '');
}
