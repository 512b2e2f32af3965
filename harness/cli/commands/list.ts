// `wave-bench list` and `wave-bench show --case`: what can be run (SPEC 3.7).
import { resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { escapeControl } from '../../../orchestrator/index.js';
import { loadArms } from '../../load/arms.js';
import { loadCases, selectCases } from '../../load/cases.js';
import { ARMS_DIR_OPTION, CASES_DIR_OPTION } from '../options.js';

interface ListArgs {
  cases: boolean;
  arms: boolean;
  families: boolean;
  json: boolean;
  'cases-dir': string;
  'arms-dir': string;
}

export const listCommand: CommandModule<object, ListArgs> = {
  command: 'list',
  describe: 'List cases, arms and failure families (all three unless one is named)',
  builder: (y) =>
    y
      .option('cases', { type: 'boolean', default: false, describe: 'List the cases (id, family, primary metric)' })
      .option('arms', { type: 'boolean', default: false, describe: 'List the arms (id, kind, title)' })
      .option('families', { type: 'boolean', default: false, describe: 'List the failure families' })
      .option('json', { type: 'boolean', default: false, describe: 'Print JSON instead of text' })
      .option('cases-dir', CASES_DIR_OPTION)
      .option('arms-dir', ARMS_DIR_OPTION) as never,
  handler: (a) => {
    const all = !a.cases && !a.arms && !a.families;
    const cases = loadCases(resolve(a['cases-dir']));
    const arms = loadArms(resolve(a['arms-dir']));
    const families = [...new Set(cases.map((c) => c.family))].sort();
    const data = {
      ...(all || a.cases
        ? { cases: cases.map((c) => ({ id: c.id, family: c.family, primaryMetric: c.scoring.primaryMetric, title: c.title })) }
        : {}),
      ...(all || a.arms ? { arms: arms.map((arm) => ({ id: arm.id, kind: arm.kind, features: arm.features, title: arm.title })) } : {}),
      ...(all || a.families ? { families } : {}),
    };
    if (a.json) return void process.stdout.write(JSON.stringify(data, null, 2) + '\n');
    const lines: string[] = [];
    if (data.cases) lines.push('cases:', ...data.cases.map((c) => `  ${c.id.padEnd(40)} ${c.family.padEnd(26)} ${c.primaryMetric}`));
    if (data.arms) lines.push('arms:', ...data.arms.map((arm) => `  ${arm.id.padEnd(26)} ${arm.kind.padEnd(9)} ${arm.title}`));
    if (data.families) lines.push('families:', ...data.families.map((f) => `  ${f}`));
    process.stdout.write(escapeControl(lines.join('\n')) + '\n');
  },
};

interface ShowArgs {
  case: string;
  json: boolean;
  'cases-dir': string;
}

export const showCommand: CommandModule<object, ShowArgs> = {
  command: 'show',
  describe: 'Show one case: fixture agents, expectations and scoring',
  builder: (y) =>
    y
      .option('case', { type: 'string', demandOption: true, describe: 'Case id (`wave-bench list --cases` lists them)' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the case as JSON' })
      .option('cases-dir', CASES_DIR_OPTION) as never,
  handler: (a) => {
    const [c] = selectCases(loadCases(resolve(a['cases-dir'])), [a.case]);
    if (a.json) return void process.stdout.write(JSON.stringify(c, null, 2) + '\n');
    const lines = [
      `${c!.id} (${c!.family}, ${c!.benchmarkId})`,
      c!.title,
      '',
      c!.description,
      '',
      'agents:',
      ...c!.fixture.agents.map(
        (ag) =>
          `  ${ag.id} ${ag.title}${ag.capabilities.length ? ` [${ag.capabilities.join(', ')}]` : ''}: ${ag.observations.length} observation(s), ${ag.rules.length} scripted rule(s)`,
      ),
      'stewards: the shared default stewards (A8 integration, A0 cont-QA)',
      `expected closure: ${c!.expectations.closure}${c!.probes.length ? `; probes: ${c!.probes.join(', ')}` : ''}`,
      '',
      `scoring: ${c!.scoring.primaryMetric} ≥ ${c!.scoring.threshold} (aligned); also ${c!.scoring.metrics.filter((m) => m !== c!.scoring.primaryMetric).join(', ')}`,
    ];
    process.stdout.write(escapeControl(lines.join('\n')) + '\n');
  },
};
