/**
 * Files a package manager writes into node_modules that record when it ran and that
 * the service never reads. They are removed after the production install, so that two
 * builds of one commit give the same dependency layer.
 */
const INSTALL_TIME_FILES: { [manager: string]: string[] } = {
  // pnpm's own state: `prunedAt` is the time of the install; node follows the symbolic links without it.
  pnpm: ['node_modules/.modules.yaml'],
};

/** What a workspace install writes besides: pnpm's record of the workspace's projects, with the time it checked them. */
const WORKSPACE_INSTALL_TIME_FILES: { [manager: string]: string[] } = {
  pnpm: ['node_modules/.pnpm-workspace-state-v1.json'],
};

/** The command that removes them after the install of a package manager (by strategy name), if it writes any. */
export function removeInstallTimeFiles(manager: string, workspace = false): string[] {
  const files = [...INSTALL_TIME_FILES[manager] ?? [], ...(workspace ? WORKSPACE_INSTALL_TIME_FILES[manager] ?? [] : [])];
  return files.length > 0 ? [`rm -f ${files.join(' ')}`] : [];
}
