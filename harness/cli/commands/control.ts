// `wave-bench control ...`: the operator surface of a lane (SPEC 2.7). Agents use it too. One module
// per subcommand under control/; none loads the launcher, Docker or execa (see test/launcher/cli-startup.test.ts).
import type { CommandModule } from 'yargs';
import { feedbackCommand } from './control/feedback.js';
import { proofCommand } from './control/proof.js';
import { rerunCommand } from './control/rerun.js';
import { statusCommand } from './control/status.js';
import { taskCommand } from './control/task.js';

export const controlCommand: CommandModule = {
  command: 'control <command>',
  describe: 'Operator surface of a lane: status, task, feedback, rerun, proof',
  builder: (y) =>
    y.command(statusCommand).command(taskCommand).command(feedbackCommand).command(rerunCommand).command(proofCommand).demandCommand(1),
  handler: () => undefined,
};
