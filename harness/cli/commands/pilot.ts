// `wave-bench pilot run|calibrate|list|show`: SWE-bench Pro tasks in Docker (SPEC 3.5). Options
// are in pilot-options.ts; run and calibrate share pilot-execute.ts.
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { escapeControl } from '../../../orchestrator/index.js';
import { loadArms, selectArms } from '../../load/arms.js';
import { loadManifest } from '../../load/pilot-inputs.js';
import type { PilotAgent } from '../../run/pilot-item.js';
import { repoRoot } from '../../version.js';
import { execute } from './pilot-execute.js';
import { spendLimitOf } from '../ceilings.js';
import { common, inContainerPlan, runOptions, type Common, type RunArgs } from './pilot-options.js';

const runCommand: CommandModule<object, RunArgs> = {
  command: 'run',
  describe: 'Run tasks under arms in Docker, verify in fresh containers, classify, report',
  builder: (y) => runOptions(y) as never,
  handler: async (a) => {
    const arms = selectArms(loadArms(resolve(a['arms-dir'])), a.arm);
    const minutes = a['timeout-agent'] / 60;
    const spendLimit = spendLimitOf(a);
    const inContainer = inContainerPlan(a);
    const agents: PilotAgent[] = arms.map((arm) => ({
      kind: 'arm',
      arm,
      executor: a.executor,
      ...(a.command ? { command: a.command } : {}),
      ...(a.model ? { model: a.model } : {}),
      agentMinutes: minutes,
      maxRetries: a['max-retries'],
      ...(spendLimit ? { spendLimit } : {}),
      ...(inContainer ? { inContainer: { agentEnv: inContainer.agentEnv } } : {}),
    }));
    await execute(
      a,
      agents,
      {
        executor: a.executor,
        model: a.model ?? null,
        budget: {
          agentMinutes: minutes,
          ...(spendLimit?.tokens !== undefined ? { maxTokensPerItem: spendLimit.tokens } : {}),
          ...(spendLimit?.costUsd !== undefined ? { maxCostPerItemUsd: spendLimit.costUsd } : {}),
        },
        maxRetries: a['max-retries'],
        ...(inContainer ? { agentInContainer: true } : {}),
        verifyTimeoutSec: a['timeout-verify'],
      },
      arms.some((x) => x.id === 'single-agent') ? 'single-agent' : null,
    );
  },
};

interface CalibrateArgs extends Common {
  agent: ('gold' | 'empty')[];
}

const calibrateCommand: CommandModule<object, CalibrateArgs> = {
  command: 'calibrate',
  describe: 'Validate images and find flaky instances: the gold patch must always resolve, the empty patch never',
  builder: (y) =>
    common(y).option('agent', {
      type: 'array',
      choices: ['gold', 'empty'] as const,
      default: ['gold', 'empty'] as ('gold' | 'empty')[],
      describe: 'Calibration agents: gold applies the reference patch, empty changes nothing',
    }) as never,
  handler: async (a) => {
    await execute(
      a,
      [...new Set(a.agent)].map((kind) => ({ kind })),
      { executor: 'calibration', model: null, budget: { agentMinutes: 0 }, maxRetries: 0, verifyTimeoutSec: a['timeout-verify'] },
      null,
    );
  },
};

const listCommand: CommandModule<object, { json: boolean }> = {
  command: 'list',
  describe: 'List the pilot manifests',
  builder: (y) => y.option('json', { type: 'boolean', default: false, describe: 'Print JSON instead of text' }) as never,
  handler: (a) => {
    const dir = join(repoRoot(), 'pilots');
    const files = [
      ...readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .map((f) => join(dir, f)),
      join(dir, 'fixtures', 'fixture-pilot.json'),
    ];
    const list = files.map((f) => {
      const { manifest, sha256 } = loadManifest(f);
      return {
        id: manifest.id,
        file: f,
        tasks: manifest.tasks.length,
        comparisonReady: manifest.comparisonReady,
        parent: manifest.parent ?? null,
        sha256,
      };
    });
    process.stdout.write(
      a.json
        ? JSON.stringify(list, null, 2) + '\n'
        : escapeControl(
            list
              .map(
                (m) =>
                  `${m.id.padEnd(44)} ${String(m.tasks).padStart(3)} tasks · ${m.comparisonReady ? 'comparison-ready' : 'review-only'}${m.parent ? ` · from ${m.parent}` : ''}`,
              )
              .join('\n'),
          ) + '\n',
    );
  },
};

const showCommand: CommandModule<object, { manifest: string; json: boolean }> = {
  command: 'show',
  describe: 'Show a manifest and its tasks',
  builder: (y) =>
    y
      .option('manifest', { type: 'string', demandOption: true, describe: 'Manifest file (pilots/*.json)' })
      .option('json', { type: 'boolean', default: false, describe: 'Print JSON instead of text' }) as never,
  handler: (a) => {
    const { manifest, sha256 } = loadManifest(resolve(a.manifest));
    if (a.json) return void process.stdout.write(JSON.stringify({ ...manifest, sha256 }, null, 2) + '\n');
    process.stdout.write(
      escapeControl(
        [
          `${manifest.id}: ${manifest.title}`,
          `sha256 ${sha256}`,
          `sampling: ${manifest.sampling}${manifest.subsetRule ? `; subset: ${manifest.subsetRule} (parent ${manifest.parent})` : ''}`,
          ...manifest.tasks.map((t) => `  ${String(t.order).padStart(2)} ${t.instance_id} (${t.repo}, ${t.repo_language})`),
        ].join('\n'),
      ) + '\n',
    );
  },
};

export const pilotCommand: CommandModule = {
  command: 'pilot <command>',
  describe: 'SWE-bench Pro pilots in Docker: run, calibrate, list, show',
  builder: (y) => y.command(runCommand).command(calibrateCommand).command(listCommand).command(showCommand).demandCommand(1),
  handler: () => undefined,
};
