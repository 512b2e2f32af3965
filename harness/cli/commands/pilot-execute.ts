// `pilot run|calibrate` from options to reports: rows and run scripts loaded and checked, Docker
// connected, the plan printed (--dry-run) or the items run, results.json and the reports written.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { WaveBenchError, didYouMean } from '../../../orchestrator/index.js';
import { readJsonFile } from '../../load/json-file.js';
import { loadDataset, loadManifest } from '../../load/pilot-inputs.js';
import { loadRunScripts } from '../../load/run-scripts.js';
import { readAnyResults } from '../../load/results.js';
import { writePilotReports } from '../../report/pilot.js';
import { verifierLabel, type PilotAgent } from '../../run/pilot-item.js';
import { comparePilotArms, provenEnvironments, quarantine, runPilot, summarisePilot } from '../../run/pilot.js';
import { ensureFixtureBaseImage } from '../../sandboxes/docker/base-image.js';
import { connectDocker, dockerVersion, removeOrphanContainers, verificationNetwork } from '../../sandboxes/docker/engine.js';
import { listImageArchives, loadImageArchives } from '../../sandboxes/docker/images.js';
import { planTaskImage, type ImageResolveOptions } from '../../sandboxes/docker/task-image.js';
import type { PilotResults } from '../../schema/pilot-results.js';
import type { DatasetRow } from '../../schema/pilot.js';
import { DEFAULT_SEED } from '../../score/stats.js';
import { describeCost } from '../../score/usage.js';
import { gitRevision, packageVersion, repoRoot } from '../../version.js';
import { makeRunner } from '../backend-options.js';
import { nodeProgress } from '../node-progress.js';
import { createProgress } from '../progress.js';
import { summariseNodes } from '../../score/nodes.js';
import type { Common } from './pilot-options.js';

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

export async function execute(
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
  if (a['dry-run']) return printDryRun(a, { docker, rows, agents, images, runScripts, proven, network });
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
        note: r.node
          ? `${r.classification} on ${r.node}${r.agentNode && r.agentNode !== r.node ? `, agents on ${r.agentNode}` : ''}`
          : r.classification,
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
  else printSummary(results, files);
}

/** `--dry-run`: per task the image it would use and the action; nothing is built, pulled or loaded. */
async function printDryRun(
  a: Common,
  c: {
    docker: Awaited<ReturnType<typeof connectDocker>>;
    rows: DatasetRow[];
    agents: PilotAgent[];
    images: ImageResolveOptions;
    runScripts: ReturnType<typeof loadRunScripts> | undefined;
    proven: Map<string, string> | undefined;
    network: Awaited<ReturnType<typeof verificationNetwork>>;
  },
): Promise<void> {
  const { docker, rows, agents, images, runScripts, proven, network } = c;
  // Plan only: nothing is built, pulled or loaded.
  const verifierOf = (row: DatasetRow) => verifierLabel(row, runScripts?.get(row.instance_id));
  const archives = a['image-archive'] ? await listImageArchives(resolve(a['image-archive'])) : [];
  const plan = [];
  for (const row of rows) {
    const p = await planTaskImage(docker, row, images);
    // An archive holding the mapped or published image would be loaded (and then used) instead.
    const wanted = [images.imageMap?.[row.instance_id], row.dockerhub_tag ? `jefzda/sweap-images:${row.dockerhub_tag}` : undefined].filter(
      (x): x is string => Boolean(x),
    );
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
        // where the agents would run, and the names (never values) of the variables they would get
        ...(agents[0]?.kind === 'arm'
          ? {
              agentInContainer: Boolean(agents[0].inContainer),
              ...(agents[0].inContainer ? { agentEnv: agents[0].inContainer.agentEnv } : {}),
            }
          : {}),
        verifyNetwork: network,
        archives,
        images: plan,
      },
      null,
      2,
    ) + '\n',
  );
}

/** The per-arm lines printed after a run (without --json). */
function printSummary(results: PilotResults, files: string[]): void {
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
