import { WorkflowSteps } from 'projen/lib/github';
import { JobPermission } from 'projen/lib/github/workflows-model';
import { TypeScriptProject } from 'projen/lib/typescript';

/**
 * `pins:check` and `pins:update`: the library's own knowledge (the actions it pins, the
 * Trivy release, the Node.js release lines) against GitHub, from projenrc/pins/main.ts.
 * The upgrade workflow runs the check in a job of its own, so that a pin that is behind
 * turns the scheduled run red without holding back the dependency upgrade it proposes.
 */
export function addPinsTasks(project: TypeScriptProject): void {
  const command = 'ts-node --project projenrc/tsconfig.json projenrc/pins/main.ts';
  project.addTask('pins:check', {
    description: 'Compare the pinned actions, the Trivy release and the Node.js lines with GitHub (GITHUB_TOKEN raises the rate limit)',
    exec: command,
  });
  project.addTask('pins:update', {
    description: 'Write the pins and Node.js lines that are behind (never a tag that moved), then review and refresh ../shared/data',
    exec: `${command} --update`,
  });

  for (const workflow of project.upgradeWorkflow?.workflows ?? []) {
    workflow.addJob('pins', {
      name: 'Check pins',
      runsOn: ['ubuntu-latest'],
      permissions: { contents: JobPermission.READ },
      steps: [
        WorkflowSteps.checkout(),
        ...project.renderWorkflowSetup({ mutable: false }),
        {
          name: 'Check the pinned actions, Trivy and the Node.js lines',
          run: project.runTaskCommand(project.tasks.tryFind('pins:check')!),
          // Reads public repositories only; the token raises the API's rate limit.
          env: { GITHUB_TOKEN: '${{ secrets.GITHUB_TOKEN }}' },
        },
      ],
    });
  }
}
