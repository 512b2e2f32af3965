// Launcher and native-suite figures: a 6-agent full wave of no-op scripted agents (launcher time
// vs agent process time), projection refresh with 10,000 records, and the whole native suite.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bench } from 'tinybench';
import {
  appendCoordinationRecords,
  compileProjections,
  createRecord,
  DEFAULT_MAX_RETRIES,
  launchWave,
  LiveCoordinationState,
  type AgentDefinition,
} from '../orchestrator/index.js';
import { loadArms, selectArms } from '../harness/load/arms.js';
import { loadCases } from '../harness/load/cases.js';
import { DEFAULT_BASELINES, runNativeSuite } from '../harness/run/native-suite.js';
import { repoRoot } from '../harness/version.js';
import type { BenchSuite } from './types.js';

const NOOP = { when: { start: true }, do: [{ exit: 0 }] };
const QA = {
  when: { start: true },
  do: [{ marker: '[wave-gate] architecture=pass integration=pass durability=pass live=pass docs=pass' }, { marker: '[wave-verdict] pass' }],
};
const A8 = { when: { start: true }, do: [{ marker: '[wave-integration] state=ready-for-doc-closure claims=0 conflicts=0 blockers=0' }] };

export function sixAgentWave(dir: string): string {
  mkdirSync(join(dir, 'p'), { recursive: true });
  const agents: [string, string, unknown][] = [
    ['A1', '', NOOP],
    ['A2', '', NOOP],
    ['A3', '', NOOP],
    ['A4', '', NOOP],
    ['A8', 'integration', A8],
    ['A0', 'cont-qa', QA],
  ];
  const sections = agents.map(([id, role, rule]) => {
    writeFileSync(join(dir, 'p', `${id}.json`), JSON.stringify({ agentId: id, rules: [rule] }));
    return `## Agent ${id}: ${id}\n\n${role ? `### Role\n\n${role}\n\n` : `### Owned paths\n\n- src/${id}\n\n`}### Executor\n\n- id: scripted\n- policy: p/${id}.json\n\n### Prompt\n\n\`\`\`\nno-op\n\`\`\`\n`;
  });
  writeFileSync(join(dir, 'wave-1.md'), `# Bench wave\n\n${sections.join('\n')}`);
  return join(dir, 'wave-1.md');
}

export const launcherSuite: BenchSuite = {
  name: 'launcher',
  async run() {
    const runs: { wallMs: number; agentMs: number }[] = [];
    for (let i = 0; i < 5; i += 1) {
      const dir = mkdtempSync(join(tmpdir(), 'wave-bench-launch-'));
      try {
        const wave = sixAgentWave(dir);
        const started = performance.now();
        const outcome = await launchWave({ workspace: dir, waveFile: wave, concurrency: 1 });
        if (!outcome.ok) throw new Error(`bench wave failed: ${outcome.reason}`);
        runs.push({ wallMs: performance.now() - started, agentMs: outcome.agentProcessTimeMs });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    // Agents run one at a time here, so the launcher's own time is exactly wall time minus agent time.
    const dir = mkdtempSync(join(tmpdir(), 'wave-bench-refresh-'));
    const log = join(dir, 'wave-1.jsonl');
    const agents: AgentDefinition[] = Array.from({ length: 8 }, (_, i) => ({
      id: `A${i}`,
      title: 't',
      role: 'implementation',
      prompt: 'p',
      ownedPaths: [`src/${i}`],
      capabilities: [`c${i % 3}`],
      components: [],
      skills: [],
      deliverables: [],
      proofArtifacts: [],
      executor: {},
    }));
    const start = Date.parse('2026-01-01T00:00:00Z');
    appendCoordinationRecords(
      log,
      Array.from({ length: 10_000 }, (_, i) =>
        createRecord(
          {
            id: `r${i}`,
            kind: (['request', 'claim', 'evidence', 'blocker'] as const)[i % 4],
            lane: 'main',
            wave: 1,
            agentId: `A${i % 8}`,
            targets: [i % 2 ? `capability:c${i % 3}` : `agent:A${(i + 1) % 8}`],
            status: i % 5 ? 'resolved' : 'open',
          },
          { now: () => new Date(start + i * 1000) },
        ),
      ),
    );
    const live = new LiveCoordinationState(log);
    live.refresh();
    let n = 10_000;
    const features = { summary: 'compiled' as const, inboxes: true, routing: true };
    const compile = (previous?: Parameters<typeof compileProjections>[0]['previous']) =>
      compileProjections({
        view: live,
        agents,
        features,
        lane: 'main',
        wave: 1,
        attempt: 1,
        now: new Date(start + n * 1000),
        ...(previous ? { previous } : {}),
      });
    let last = compile();
    const bench = new Bench({ time: 1_500, warmupIterations: 3 });
    const append = () =>
      appendCoordinationRecords(log, [
        createRecord(
          { id: `r${n}`, kind: 'evidence', lane: 'main', wave: 1, agentId: `A${n % 8}` },
          { now: () => new Date(start + n++ * 1000) },
        ),
      ]);
    bench.add('live refresh as the launcher does it (10,000 records, 8 agents, +1 record)', () => {
      append();
      const changedIds = live.refresh().changedIds;
      last = compile({ inboxes: last.inboxes, assignments: last.assignments, changedIds });
    });
    bench.add('full recompile of every projection (10,000 records, 8 agents, +1 record)', () => {
      append();
      live.refresh();
      compile();
    });
    await bench.run();
    rmSync(dir, { recursive: true, force: true });
    return {
      tasks: bench.tasks.map((t) => ({ name: t.name, result: t.result })),
      figures: {
        sixAgentWaveWallMsMedian: Math.round(median(runs.map((r) => r.wallMs))),
        sixAgentWaveAgentProcessMsMedian: median(runs.map((r) => r.agentMs)),
        sixAgentWaveLauncherMsMedian: Math.round(median(runs.map((r) => r.wallMs - r.agentMs))),
        sixAgentWaveRuns: runs.length,
      },
    };
  },
};

export const nativeSuiteBench: BenchSuite = {
  name: 'native-suite',
  async run() {
    const out = mkdtempSync(join(tmpdir(), 'wave-bench-suite-'));
    try {
      const root = repoRoot();
      const cases = loadCases(join(root, 'cases'));
      const arms = selectArms(loadArms(join(root, 'arm-templates')), undefined);
      const started = performance.now();
      const results = await runNativeSuite({
        cases,
        arms,
        epochs: 1,
        outDir: out,
        baselineArms: [...DEFAULT_BASELINES],
        maxRetries: DEFAULT_MAX_RETRIES,
        itemConcurrency: 2,
        agentConcurrency: 4,
        agentTimeoutMinutes: 2,
        commandLine: ['bench'],
      });
      const wallMs = performance.now() - started;
      const agentMs = results.items.reduce((s, i) => s + i.live.agentProcessTimeMs, 0);
      const itemMs = results.items.reduce((s, i) => s + i.live.wallTimeMs, 0);
      // Items and agents run concurrently, so the sums exceed the wall time; they show where time goes.
      return {
        tasks: [],
        figures: { items: results.items.length, suiteWallMs: Math.round(wallMs), sumItemWallMs: itemMs, sumAgentProcessMs: agentMs },
      };
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  },
};
