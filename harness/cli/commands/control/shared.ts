// What every `wave-bench control` subcommand shares: the lane options, the lane reference (on the
// agent's clock when the launcher started the caller), who acts, and printing text or JSON.
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { checkIdOptions, checkNumbers, UsageError } from '../../options.js';
import { CONTROL_RANGES } from '../../ranges.js';
import { agentClock, escapeControl, type LaneRef } from '../../../../orchestrator/operator-entry.js';

export interface Common {
  workspace: string;
  lane: string;
  wave: number;
  json: boolean;
}

export const ref = (a: Common): LaneRef => {
  const base: LaneRef = { workspace: resolve(a.workspace), lane: a.lane, wave: a.wave };
  // An agent run by the launcher stamps its records on the run's (possibly logical) clock.
  const start = process.env.WAVE_AGENT_CLOCK;
  return start && !Number.isNaN(Date.parse(start)) ? { ...base, clock: agentClock(base, start) } : base;
};
/**
 * Who acts. A process the launcher started as an agent (WAVE_AGENT_ID) acts as that agent: naming
 * another agent (or the operator) is refused. A guard against an agent signing as another by
 * mistake or by naive forgery, not a security boundary: an agent that clears its environment can
 * still claim another id of the wave (ids outside the wave are refused or flagged in any case).
 */
export function actor(named: string): string {
  const self = process.env.WAVE_AGENT_ID;
  if (!self) return named;
  if (named !== 'operator' && named !== self)
    throw new UsageError(`this process runs as agent ${self} (WAVE_AGENT_ID) and cannot act as ${named}`);
  return self;
}
export const print = (a: Common, value: unknown, text: string) =>
  process.stdout.write(a.json ? JSON.stringify(value, null, 2) + '\n' : `${escapeControl(text)}\n`);

export function common<T>(y: Argv<T>) {
  return y
    .option('workspace', { type: 'string', default: '.', describe: 'Workspace holding .wave/<lane>' })
    .option('lane', { type: 'string', default: 'main', describe: 'Lane name (state lives in <workspace>/.wave/<lane>)' })
    .option('wave', { type: 'number', demandOption: true, describe: 'Wave number' })
    .option('json', { type: 'boolean', default: false, describe: 'Print JSON instead of text' })
    .check((a) => checkIdOptions(a, ['lane']) && checkNumbers(a, CONTROL_RANGES));
}
