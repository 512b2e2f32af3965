// `wave-bench dashboard [--watch]`: a lane's wave at a glance, from the same logs and projections the
// launcher uses. Plain lines when not a TTY (each change printed again); redrawn in place on a TTY.
import { resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { escapeLine, laneDashboard, renderDashboard } from '../../../orchestrator/index.js';
import { checkIdOptions, checkNumbers } from '../options.js';
import { CONTROL_RANGES } from '../ranges.js';

interface Args {
  workspace: string;
  lane: string;
  wave: number;
  json: boolean;
  watch: boolean;
  interval: number;
  timeout?: number;
}

export const dashboardCommand: CommandModule<object, Args> = {
  command: 'dashboard',
  describe: "A lane's wave at a glance: agents, closure stage, open coordination, alerts, proofs (--watch to follow)",
  builder: (y) =>
    y
      .option('workspace', { type: 'string', default: '.', describe: 'Workspace holding .wave/<lane>' })
      .option('lane', { type: 'string', default: 'main', describe: 'Lane name' })
      .option('wave', { type: 'number', demandOption: true, describe: 'Wave number' })
      .option('json', { type: 'boolean', default: false, describe: 'Print JSON' })
      .option('watch', { type: 'boolean', default: false, describe: 'Keep refreshing until interrupted (or --timeout)' })
      .option('interval', { type: 'number', default: 1, describe: '--watch: seconds between refreshes' })
      .option('timeout', { type: 'number', describe: '--watch: stop after this many seconds' })
      .check(
        (a) =>
          checkIdOptions(a, ['lane']) &&
          checkNumbers(a, {
            ...CONTROL_RANGES,
            interval: { min: 0, max: 3600, integer: false, above: true },
            timeout: { min: 0, max: 604_800, integer: false },
          }),
      ) as never,
  handler: async (a) => {
    const ref = { workspace: resolve(a.workspace), lane: a.lane, wave: a.wave };
    const tty = process.stdout.isTTY === true && !a.json;
    const end = a.timeout === undefined ? Infinity : Date.now() + a.timeout * 1000;
    let previous = '';
    for (;;) {
      const d = laneDashboard(ref);
      const text = a.json ? JSON.stringify(d) : renderDashboard(d).map(escapeLine).join('\n');
      if (text !== previous) {
        process.stdout.write(tty && a.watch ? `\x1b[H\x1b[2J${text}\n` : `${text}\n${a.watch && !a.json ? '\n' : ''}`);
        previous = text;
      }
      if (!a.watch || Date.now() >= end) return;
      await new Promise((r) => setTimeout(r, Math.min(a.interval * 1000, Math.max(0, end - Date.now()))));
    }
  },
};
