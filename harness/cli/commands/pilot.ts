// `wave-bench pilot run|calibrate|list|show`: SWE-bench Pro tasks in Docker (SPEC 3.5).
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { WaveBenchError, didYouMean, escapeControl } from '../../../orchestrator/index.js';
import { loadArms, selectArms } from '../../load/arms.js';
import { readJsonFile } from '../../load/json-file.js';
import { loadDataset, loadManifest } from '../../load/pilot-inputs.js';
import { loadRunScripts } from '../../load/run-scripts.js';
import { writePilotReports } from '../../report/pilot.js';
import type { PilotResults } from '../../schema/pilot-results.js';
import { verifierLabel, type PilotAgent } from '../../run/pilot-item.js';
import { comparePilotArms, provenEnvironments, quarantine, runPilot, summarisePilot } from '../../run/pilot.js';
import { readAnyResults } from '../../load/results.js';
import { listImageArchives, loadImageArchives } from '../../sandboxes/docker/images.js';
import { planTaskImage } from '../../sandboxes/docker/task-image.js';
import { ensureFixtureBaseImage } from '../../sandboxes/docker/base-image.js';
import { connectDocker, dockerVersion, removeOrphanContainers, verificationNetwork } from '../../sandboxes/docker/engine.js';
import type { DatasetRow } from '../../schema/pilot.js';
import { DEFAULT_SEED } from '../../score/stats.js';
import { backendOptions, makeRunner, type BackendArgs } from '../backend-options.js';
import { checkExecutorOptions, checkNumbers, UsageError } from '../options.js';
import { describeCost } from '../../score/usage.js';
import { createProgress } from '../progress.js';
import { nodeProgress } from '../node-progress.js';
import { summariseNodes } from '../../score/nodes.js';
import { PILOT_RANGES } from '../ranges.js';
import { gitRevision, packageVersion, repoRoot } from '../../version.js';

interface Common extends BackendArgs {
  manifest?: string;
  dataset?: string;
  task: string[];
  epochs: number;
  concurrency: number;
  'timeout-verify': number;
  resume: boolean;
  'retry-infra': number;
  'dry-run': boolean;
  out?: string;
  'image-map'?: string;
  'context-dir'?: string;
  'run-scripts'?: string;
  'builtin-verifier': boolean;
  'block-network': boolean;
  'image-archive'?: string;
  calibration?: string;
  pull: boolean;
  'build-network': boolean;
  json: boolean;
  setExitCode: (code: number) => void;
}

function common<T>(y: Argv<T>) {
  return backendOptions(y)
    .option('manifest', { type: 'string', describe: 'Frozen pilot manifest (pilots/*.json)' })
    .option('dataset', { type: 'string', describe: 'Dataset rows: JSONL or a JSON array in the SWE-bench Pro format' })
    .option('task', { type: 'array', string: true, default: [] as string[], describe: 'Only these instance ids' })
    .option('epochs', { type: 'number', default: 1, describe: 'Repeats per task and arm' })
    .option('concurrency', { type: 'number', default: 2, describe: 'Containers in flight' })
    .option('timeout-verify', { type: 'number', default: 300, describe: 'Seconds for the test run' })
    .option('resume', { type: 'boolean', default: false, describe: 'Skip items whose result exists with the same inputs' })
    .option('retry-infra', { type: 'number', default: 0, describe: 'Re-run infrastructure-classified failures this many times' })
    .option('dry-run', { type: 'boolean', default: false, describe: 'Plan and resolve images only' })
    .option('out', { type: 'string', describe: 'Output directory (default reports/runs/pilot-<timestamp>)' })
    .option('image-map', { type: 'string', describe: 'JSON file: instance_id → image reference' })
    .option('context-dir', {
      type: 'string',
      describe: "Folder with repos/<instance_id>/ build contexts (default: the dataset file's folder)",
    })
    .option('pull', {
      type: 'boolean',
      default: true,
      describe: 'Pull a mapped or sweap image that is not local (--no-pull: local images and builds only)',
    })
    .option('build-network', {
      type: 'boolean',
      default: false,
      describe: "Give RUN steps of task image builds (a row's untrusted Dockerfile) the network; off by default",
    })
    .option('run-scripts', {
      type: 'string',
      describe: 'SWE-bench_Pro-os run_scripts/ folder: verify each task with its own run_script.sh and parser.py',
    })
    .option('builtin-verifier', {
      type: 'boolean',
      default: false,
      describe:
        'Verify SWE-bench Pro rows with the built-in per-framework command instead of their run scripts (not faithful: ids may not match)',
    })
    .option('block-network', {
      type: 'boolean',
      default: false,
      describe: "Verify with no network (SWE-bench Pro's --block_network); by default verification containers have one",
    })
    .option('image-archive', {
      type: 'string',
      describe: 'Folder of `docker save` archives (*.tar, *.tar.gz) of task images, loaded into the engine first',
    })
    .option('calibration', {
      type: 'string',
      describe: 'results.json (or run folder) of a `pilot calibrate` run: instances whose gold resolved count as proven environments',
    })
    .option('json', { type: 'boolean', default: false, describe: 'Print results.json to stdout' })
    .check((a) => {
      if (!a.manifest && !a.dataset) throw new UsageError('give --dataset (and optionally --manifest to select frozen tasks)');
      return checkNumbers(a, PILOT_RANGES);
    });
}

function loadRows(a: Common): {
  rows: DatasetRow[];
  datasetFile: string;
  datasetSha: string;
  manifest: PilotResults['metadata']['manifest'];
} {
  let datasetFile = a.dataset ? resolve(a.dataset) : '';
  let manifest: PilotResults['metadata']['manifest'] = null;
  let ids: string[] | undefined;
  if (a.manifest) {
    const m = loadManifest(resolve(a.manifest));
    manifest = { id: m.manifest.id, sha256: m.sha256, comparisonReady: m.manifest.comparisonReady };
    ids = m.manifest.tasks.map((t) => t.instance_id);
    if (!datasetFile && existsSync(join(repoRoot(), m.manifest.dataset))) datasetFile = join(repoRoot(), m.manifest.dataset);
  }
  if (!datasetFile)
    throw new WaveBenchError('dataset-missing', `manifest ${a.manifest} names dataset ${a.manifest} that is not a local file`, {
      fix: "pass --dataset with the rows (JSONL or JSON array) of the manifest's tasks",
    });
  const { rows, sha256 } = loadDataset(datasetFile);
  let chosen = ids ? ids.map((id) => rows.find((r) => r.instance_id === id)).filter((r): r is DatasetRow => r !== undefined) : rows;
  if (ids && chosen.length !== ids.length) {
    const missing = ids.filter((id) => !rows.some((r) => r.instance_id === id));
    throw new WaveBenchError(
      'tasks-missing',
      `${missing.length} manifest task(s) are not in ${datasetFile}: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`,
      { fix: 'use the dataset file that holds every task of the manifest' },
    );
  }
  if (a.task.length) {
    const all = chosen.map((r) => r.instance_id);
    for (const t of a.task)
      if (!all.includes(t))
        throw new WaveBenchError('unknown-task', `unknown task "${t}": ${didYouMean(t, all)}`, {
          fix: '`wave-bench pilot show --dataset ...` lists the tasks',
        });
    chosen = chosen.filter((r) => a.task.includes(r.instance_id)); // filter keeps each task once
  }
  if (chosen.length === 0)
    throw new WaveBenchError('nothing-to-run', `no task of ${datasetFile} is selected`, {
      fix: 'name tasks that the dataset holds with --task, or drop --task',
    });
  return { rows: chosen, datasetFile, datasetSha: sha256, manifest };
}

/** SWE-bench Pro's own rows (`instance_…` ids, a published image tag): their ids come from their run scripts. */
const isSweBenchProRow = (row: DatasetRow) => row.instance_id.startsWith('instance_') || Boolean(row.dockerhub_tag);

/** Instances a calibration run proved (gold resolved in every epoch, not quarantined), with the image digest. */
function provenFrom(file: string): Map<string, string> {
  const read = readAnyResults(resolve(file));
  if (read.kind !== 'pilot')
    throw new WaveBenchError('calibration-not-pilot', `--calibration ${file} is not the results of a pilot run`, {
      fix: 'give the results.json (or run folder) written by `wave-bench pilot calibrate`',
    });
  if (!read.results.items.some((i) => i.arm === 'gold'))
    throw new WaveBenchError('calibration-no-gold', `--calibration ${file} has no gold items`, {
      fix: 'run `wave-bench pilot calibrate` with --agent gold and pass its results',
    });
  return provenEnvironments(read.results.items, read.results.quarantined);
}

async function execute(
  a: Common,
  agents: PilotAgent[],
  fairness: PilotResults['metadata']['fairness'],
  baseline: string | null,
): Promise<void> {
  const { rows, datasetFile, datasetSha, manifest } = loadRows(a);
  const runScripts = a['run-scripts'] ? loadRunScripts(resolve(a['run-scripts']), rows) : undefined;
  if (!runScripts && !a['builtin-verifier']) {
    const real = rows.filter(isSweBenchProRow).map((r) => r.instance_id);
    if (real.length)
      throw new WaveBenchError(
        'run-scripts-required',
        `${real.length} SWE-bench Pro row(s) (${real.slice(0, 2).join(', ')}${real.length > 2 ? ', …' : ''}) need their own run scripts to be verified faithfully: the built-in command cannot start their services or produce their test ids`,
        {
          fix: 'pass --run-scripts <SWE-bench_Pro-os>/run_scripts, or --builtin-verifier to accept the built-in per-framework command anyway',
        },
      );
  }
  const proven = a.calibration ? provenFrom(a.calibration) : undefined;
  const docker = await connectDocker();
  const images = {
    ...(a['image-map'] ? { imageMap: readJsonFile(resolve(a['image-map'])).value as Record<string, string> } : {}),
    contextDir: resolve(a['context-dir'] ?? dirname(datasetFile)),
    pull: a.pull,
    buildNetwork: a['build-network'],
  };
  const network = await verificationNetwork(docker, a['block-network']);
  if (a['dry-run']) {
    // Plan only: nothing is built, pulled or loaded.
    const verifierOf = (row: DatasetRow) => verifierLabel(row, runScripts?.get(row.instance_id));
    const archives = a['image-archive'] ? await listImageArchives(resolve(a['image-archive'])) : [];
    const plan = [];
    for (const row of rows) {
      const p = await planTaskImage(docker, row, images);
      // An archive holding the mapped or published image would be loaded (and then used) instead.
      const wanted = [
        images.imageMap?.[row.instance_id],
        row.dockerhub_tag ? `jefzda/sweap-images:${row.dockerhub_tag}` : undefined,
      ].filter((x): x is string => Boolean(x));
      const fromArchive =
        p.action === 'local'
          ? undefined
          : archives.map((x) => ({ file: x.file, tag: wanted.find((w) => x.tags.includes(w)) })).find((x) => x.tag);
      plan.push({
        instanceId: row.instance_id,
        image: fromArchive?.tag ?? p.image,
        action: fromArchive ? 'load' : p.action,
        ...(fromArchive ? { archive: fromArchive.file } : {}),
        source: p.source,
        digest: p.digest,
        detail: p.detail,
        verifier: verifierOf(row),
        verifyNetwork: network.mode,
        environmentProven: p.digest !== null && proven?.get(row.instance_id) === p.digest,
      });
    }
    process.stdout.write(
      JSON.stringify(
        {
          dryRun: true,
          items: rows.length * agents.length * a.epochs,
          buildNetwork: a['build-network'],
          arms: agents.map((g) => (g.kind === 'arm' ? g.arm.id : g.kind)),
          verifyNetwork: network,
          archives,
          images: plan,
        },
        null,
        2,
      ) + '\n',
    );
    return;
  }
  await removeOrphanContainers(docker);
  if (!proven && agents.some((g) => g.kind === 'arm'))
    process.stderr.write(
      'note: no --calibration given, so a tests-not-run item counts as infrastructure (see docs/pilots.md, "tests-not-run")\n',
    );
  if (a['image-archive']) {
    for (const loaded of await loadImageArchives(docker, resolve(a['image-archive'])))
      process.stderr.write(`image archive ${loaded.file}: ${loaded.status} (${loaded.tags.join(', ') || 'no tags'})\n`);
  }
  await ensureFixtureBaseImage(docker);
  const outDir = resolve(a.out ?? join(repoRoot(), 'reports', 'runs', `pilot-${new Date().toISOString().replace(/[:.]/g, '-')}`));
  const startedAt = new Date().toISOString();
  const runner = await makeRunner(docker, a, outDir);
  const nodes = nodeProgress(runner);
  const progress = createProgress({
    total: rows.length * agents.length * a.epochs,
    noun: 'items',
    passWord: 'resolved',
    detail: nodes.line,
  });
  runner?.watchJobs?.(progress.refresh);
  const items = await runPilot({
    ...(runner ? { runner } : {}),
    docker,
    rows,
    agents,
    epochs: a.epochs,
    concurrency: a.concurrency,
    resume: a.resume,
    retryInfra: a['retry-infra'],
    outDir,
    runId: `pilot-${Date.now().toString(36)}`,
    images,
    verifyTimeoutSec: a['timeout-verify'],
    verifyNetwork: network.mode,
    ...(proven ? { provenEnvironments: proven } : {}),
    ...(runScripts ? { runScripts } : {}),
    onItem: (r, reused) => {
      nodes.itemDone(r.node);
      progress.itemDone(`${r.itemId}${reused ? ' (resumed)' : ''}`, {
        passed: r.resolved,
        note: r.node ? `${r.classification} on ${r.node}` : r.classification,
      });
    },
  }).finally(() => runner?.dispose());
  progress.finish();
  const seed = DEFAULT_SEED;
  const results: PilotResults = {
    schemaVersion: 1,
    kind: 'pilot',
    metadata: {
      waveBenchVersion: packageVersion(),
      gitRevision: gitRevision(),
      node: process.version,
      docker: await dockerVersion(),
      startedAt,
      finishedAt: new Date().toISOString(),
      commandLine: process.argv.slice(2),
      manifest,
      dataset: { file: datasetFile, sha256: datasetSha },
      fairness: { ...fairness, verifyNetwork: network },
      images: Object.fromEntries(
        items
          .filter((i) => i.image)
          .map((i) => [
            i.instanceId,
            { image: i.image!.image, digest: i.image!.digest, source: i.image!.source, ...(i.image!.base ? { base: i.image!.base } : {}) },
          ]),
      ),
      seed,
      epochs: a.epochs,
      baselineArm: baseline,
      buildNetwork: a['build-network'],
    },
    items,
    arms: summarisePilot(items),
    comparisons: baseline ? comparePilotArms(items, baseline, seed) : [],
    quarantined: agents.some((g) => g.kind === 'gold' || g.kind === 'empty') ? quarantine(items) : [],
    ...(runner?.backend === 'swarm' ? { cluster: { backend: 'swarm' as const, ...summariseNodes(items) } } : {}),
  };
  const files = writePilotReports(outDir, results);
  if (a.json) process.stdout.write(JSON.stringify(results, null, 2) + '\n');
  else {
    for (const s of results.arms)
      process.stdout.write(
        `${s.arm.padEnd(20)} ${s.resolved}/${s.items} resolved · strict ${s.strictRate}% · infra-adjusted ${s.infraAdjustedRate}% · ${Object.entries(
          s.classes,
        )
          .map(([k, v]) => `${k} ${v}`)
          .join(
            ', ',
          )}${s.usage ? ` · tokens in ${s.usage.inputTokens + s.usage.cachedInputTokens} (cached ${s.usage.cachedInputTokens}) out ${s.usage.outputTokens} · ${describeCost(s.usage.costUsd)}` : ''}\n`,
      );
    if (results.quarantined.length) process.stdout.write(`quarantined: ${results.quarantined.map((q) => q.instanceId).join(', ')}\n`);
    process.stdout.write(`reports: ${files.join(', ')}\n`);
  }
}

interface RunArgs extends Common {
  arm: string[];
  executor: string;
  command?: string;
  model?: string;
  'timeout-agent': number;
  'max-retries': number;
  'arms-dir': string;
}

const runCommand: CommandModule<object, RunArgs> = {
  command: 'run',
  describe: 'Run tasks under arms in Docker, verify in fresh containers, classify, report',
  builder: (y) =>
    common(y)
      .option('arm', {
        type: 'array',
        string: true,
        default: ['single-agent', 'full-wave'] as string[],
        describe: 'Arm id(s) to run each task under',
      })
      .option('executor', { type: 'string', demandOption: true, describe: 'codex, claude, opencode, command, scripted, local' })
      .option('model', { type: 'string', describe: "Model passed to the executor (default: the executor's own)" })
      .option('command', { type: 'string', describe: 'With --executor command: the template ({prompt_file} {workspace} {model} {log})' })
      .option('timeout-agent', { type: 'number', default: 1800, describe: 'Seconds per agent run' })
      .option('max-retries', { type: 'number', default: 1, describe: 'Launcher retries for arms with the retry feature' })
      .option('arms-dir', {
        type: 'string',
        default: join(repoRoot(), 'arm-templates'),
        defaultDescription: 'arm-templates/ of this checkout',
        describe: 'Folder of arm JSON files',
      })
      .check((a) => checkExecutorOptions(a))
      .epilog('Exit codes: 0 run completed, 2 bad input, 4 no Docker engine.') as never,
  handler: async (a) => {
    const arms = selectArms(loadArms(resolve(a['arms-dir'])), a.arm);
    const minutes = a['timeout-agent'] / 60;
    const agents: PilotAgent[] = arms.map((arm) => ({
      kind: 'arm',
      arm,
      executor: a.executor,
      ...(a.command ? { command: a.command } : {}),
      ...(a.model ? { model: a.model } : {}),
      agentMinutes: minutes,
      maxRetries: a['max-retries'],
    }));
    await execute(
      a,
      agents,
      {
        executor: a.executor,
        model: a.model ?? null,
        budget: { agentMinutes: minutes },
        maxRetries: a['max-retries'],
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
