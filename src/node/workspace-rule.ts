/**
 * The rules an image of a workspace package is checked against: its workspace, its closure and the root's lockfile.
 */
export enum WorkspaceRule {
  /** The workspace root cannot be read: no package.json, no workspaces declared, or no lockfile. */
  INVALID_WORKSPACE = 'InvalidWorkspace',
  /** The project is not one of the packages the workspace root declares. */
  NOT_A_WORKSPACE_PACKAGE = 'NotAWorkspacePackage',
  /** A workspace package of the closure depends on a workspace package that the root's lockfile does not link. */
  WORKSPACE_DEPENDENCY_NOT_LOCKED = 'WorkspaceDependencyNotLocked',
  /** A package of the closure cannot be built or copied as the image needs it. */
  UNSUPPORTED_WORKSPACE_PACKAGE = 'UnsupportedWorkspacePackage',
  /** The workspace's package manager is one whose workspaces the library does not build images of (Bun). */
  UNSUPPORTED_WORKSPACE_MANAGER = 'UnsupportedWorkspaceManager',
}
