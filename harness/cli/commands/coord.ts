// `wave-bench coord ...`: read-only views of a lane's coordination, compiled now from its log with
// the settings the wave was launched with. Nothing is written.
import { resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import {
  currentProjections,
  escapeControl,
  escapeLine,
  explainRecord,
  launchedWave,
  renderBoard,
  type LaneRef,
} from '../../../orchestrator/index.js';
import { checkIdOptions, checkNumbers, UsageError } from '../options.js';
import { CONTROL_RANGES } from '../ranges.js';

interface Common {
  workspace: string;
  lane: string;
  wave: number;
  json: boolean;
}

const ref = (a: Common): LaneRef => ({ workspace: resolve(a.workspace), lane: a.lane, wave: a.wave });
const out = (a: Common, value: unknown, text: string) =>
  process.stdout.write(a.json ? JSON.stringify(value, null, 2) + '\n' : `${escapeControl(text)}\n`);

function common<T>(y: Argv<T>) {
  return y
    .option('workspace', { type: 'string', default: '.', describe: 'Workspace holding .wave/<lane>' })
    .option('lane', { type: 'string', default: 'main', describe: 'Lane name' })
    .option('wave', { type: 'number', demandOption: true, describe: 'Wave number' })
    .option('json', { type: 'boolean', default: false, describe: 'Print JSON' })
    .check((a) => checkIdOptions(a, ['lane']) && checkNumbers(a, CONTROL_RANGES));
}

const inboxCommand: CommandModule = {
  command: 'inbox',
  describe: "An agent's inbox as it would be compiled now",
  builder: (y) => common(y).option('agent', { type: 'string', demandOption: true, describe: 'The agent whose inbox to show' }),
  handler: (raw) => {
    const a = raw as unknown as Common & { agent: string };
    const lw = launchedWave(ref(a));
    if (!lw.wave.agents.some((x) => x.id === a.agent))
      throw new UsageError(`--agent ${a.agent} is not an agent of wave ${a.wave} (agents: ${lw.wave.agents.map((x) => x.id).join(', ')})`);
    const inbox = currentProjections(ref(a), lw).projections.inboxes[a.agent];
    out(a, inbox ?? null, inbox ? inbox.markdown : `${a.agent} gets no inbox under this run's features`);
  },
};

const renderCommand: CommandModule = {
  command: 'render',
  describe: 'The shared summary (or a board of open coordination by kind with --board) as it would be compiled now',
  builder: (y) =>
    common(y).option('board', {
      type: 'boolean',
      default: false,
      describe: 'A markdown board: open records grouped by kind, with owners and targets',
    }),
  handler: (raw) => {
    const a = raw as unknown as Common & { board: boolean };
    const { projections, records } = currentProjections(ref(a));
    if (!a.board) {
      out(a, projections.sharedSummary, projections.sharedSummary.markdown);
      return;
    }
    out(
      a,
      records.filter((r) => ['open', 'acknowledged', 'in_progress'].includes(r.status)),
      renderBoard(records, a.lane, a.wave),
    );
  },
};

const explainCommand: CommandModule = {
  command: 'explain',
  describe: "Why a record is (or is not) in the shared summary and in each agent's inbox",
  builder: (y) =>
    common(y)
      .option('id', { type: 'string', demandOption: true, describe: 'The record id' })
      .option('agent', { type: 'string', describe: "Only this agent's inbox" }),
  handler: (raw) => {
    const a = raw as unknown as Common & { id: string; agent?: string };
    const e = explainRecord(ref(a), a.id, a.agent);
    out(
      a,
      e,
      [
        `${e.id} [${e.kind}/${e.status}]`,
        `shared summary: ${e.summary.included ? 'yes' : 'no'}: ${e.summary.why}`,
        ...e.inboxes.map((i) => `inbox ${i.agentId}: ${i.included ? 'yes' : 'no'}: ${i.why}`),
      ]
        .map(escapeLine)
        .join('\n'),
    );
  },
};

export const coordCommand: CommandModule = {
  command: 'coord <command>',
  describe: 'Read-only coordination views: inbox, render, explain',
  builder: (y) => y.command(inboxCommand).command(renderCommand).command(explainCommand).demandCommand(1),
  handler: () => undefined,
};
