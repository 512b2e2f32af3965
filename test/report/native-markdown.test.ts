// results.md shows what a run needs to be read honestly: comparisons against every baseline, each
// arm's overhead next to its score, clustered statistics, and which mechanism mattered where.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Arm } from '../../harness/load/arms.js';
import type { EvalCase } from '../../harness/load/cases.js';
import { readResults } from '../../harness/load/results.js';
import { renderNativeMarkdown } from '../../harness/report/markdown.js';
import type { NativeResults } from '../../harness/schema/native-results.js';
import { findMechanisms } from '../../harness/run/native-suite.js';
import { FULL_WAVE_FEATURES } from '../../orchestrator/index.js';
import { item, nativeResults } from '../helpers/native-results.js';
import { tempDir } from '../helpers/tmp.js';

const FEATURES = FULL_WAVE_FEATURES;
const arm = (id: string, extra: Partial<Arm> = {}): Arm => ({
  id,
  title: id,
  description: id,
  kind: 'base',
  knowledge: id === 'single-agent--full-info' ? 'union' : 'own',
  features: { ...FEATURES },
  file: `${id}.json`,
  sha256: 'x',
  ...extra,
});
const ARMS = [
  arm('single-agent'),
  arm('single-agent--full-info'),
  arm('full-wave'),
  arm('full-wave--no-routing', { kind: 'ablation', ablationOf: 'full-wave', removes: 'routing' }),
];
// Only the fields findMechanisms reads; `probes` is the case's declared list of mechanisms.
const CASES = [
  { id: 'c1', probes: ['routing'] },
  { id: 'c2', probes: ['closure-gates'] },
  { id: 'c3', probes: ['routing'] },
] as unknown as EvalCase[];

const ITEMS = [
  item('c1', 'single-agent', false, { ms: 100, attempts: 1, records: 1 }),
  item('c2', 'single-agent', true, { ms: 100, attempts: 1, records: 1 }),
  item('c3', 'single-agent', false, { ms: 100, attempts: 1, records: 1 }),
  item('c1', 'single-agent--full-info', true, { ms: 200, attempts: 1, records: 2 }),
  item('c2', 'single-agent--full-info', true, { ms: 200, attempts: 1, records: 2 }),
  item('c3', 'single-agent--full-info', true, { ms: 200, attempts: 1, records: 2 }),
  item('c1', 'full-wave', true, { ms: 1500, attempts: 2, records: 10 }),
  item('c2', 'full-wave', true, { ms: 2500, attempts: 1, records: 7 }),
  item('c3', 'full-wave', true, { ms: 1000, attempts: 1, records: 3 }),
  item('c1', 'full-wave--no-routing', false, { ms: 900, attempts: 3, records: 6 }),
  item('c2', 'full-wave--no-routing', false, { ms: 900, attempts: 3, records: 6 }),
  item('c3', 'full-wave--no-routing', true, { ms: 900, attempts: 1, records: 6 }),
];

function results(): NativeResults {
  return nativeResults(ITEMS, {
    baselines: ['single-agent', 'single-agent--full-info'],
    arms: ARMS.map((a) => ({
      id: a.id,
      kind: a.kind,
      ...(a.ablationOf ? { ablationOf: a.ablationOf, removes: a.removes! } : {}),
      features: { ...a.features },
    })),
    mechanisms: findMechanisms(ARMS, ITEMS, CASES),
  });
}

/** Writes results.json and reads it back through the schema, as `report render` does. */
function roundTrip(r: unknown): NativeResults {
  const dir = tempDir();
  writeFileSync(join(dir, 'results.json'), JSON.stringify(r));
  return readResults(dir).results;
}

describe('results.md', () => {
  const md = renderNativeMarkdown(roundTrip(results()));

  it("shows agent process time, attempts and records written next to each arm's score", () => {
    expect(md).toContain(
      '| arm | items | passed | pass rate | mean aligned score | agent process time | attempts | records written | infra errors |',
    );
    // full-wave: 1500 + 2500 + 1000 ms, 2 + 1 + 1 attempts, 10 + 7 + 3 records.
    expect(md).toContain('| full-wave | 3 | 3 | 100% | 100 | 5.0 s | 4 | 20 | 0 |');
    expect(md).toContain('| single-agent | 3 | 1 | 33.3% | 33.3 | 0.3 s | 3 | 3 | 0 |');
    expect(md).toContain('| full-wave--no-routing | 3 | 1 | 33.3% | 33.3 | 2.7 s | 7 | 18 | 0 |');
  });

  it('has one comparison section per reference arm, counting cases', () => {
    expect(md).toContain('reference arms single-agent, single-agent--full-info');
    expect(md).toContain('3 distinct cases, 1 epoch');
    const against = (b: string) => md.split(`## Comparisons against the reference arm ${b}\n`)[1]!.split('\n## ')[0]!;
    // full-wave passes c1 and c3 where single-agent fails: 2 discordant cases, p = 2 · (1/2)^2 = 0.5.
    expect(against('single-agent')).toMatch(/\| full-wave \| 3 \(3\) \| \+66\.7 \| \[[^\]]+\] \| 0 \/ 2, p=0\.5 \| not confident \|/);
    expect(against('single-agent')).toContain('| single-agent--full-info | 3 (3) | +66.7 |');
    expect(against('single-agent--full-info')).toContain('| full-wave | 3 (3) | +0 | [+0, +0] | 0 / 0, p=1 | not confident |');
    expect(against('single-agent--full-info')).not.toContain('| single-agent |');
  });

  it('names, per ablation, the cases it flipped and whether each case declared the removed mechanism', () => {
    expect(md).toContain('| ablation | removes | parent | cases lost vs parent | cases gained | declared but not flipped |');
    expect(md).toContain('| full-wave--no-routing | routing | full-wave | c1 (declared), c2 (not declared) | none | c3 |');
  });

  it('still renders results written before these fields existed', () => {
    // biome-ignore lint/suspicious/noExplicitAny: a copy of results.json edited by hand, field by field
    const r = JSON.parse(JSON.stringify(results())) as Record<string, any>;
    delete r.repeats;
    delete r.metadata.baselineArms;
    for (const c of r.comparisons) delete c.distinctCases;
    for (const m of r.mechanisms) {
      delete m.flips;
      delete m.declaredUnflipped;
    }
    r.comparisons = r.comparisons.filter((c: { baseline: string }) => c.baseline === 'single-agent');
    const old = renderNativeMarkdown(roundTrip(r));
    expect(old).toContain('## Comparisons against the reference arm single-agent\n');
    expect(old).not.toContain('## Comparisons against the reference arm single-agent--full-info');
    expect(old).toMatch(/\| full-wave \| 3 \| \+66\.7 \|/);
    expect(old).toContain('| full-wave--no-routing | routing | full-wave | c1, c2 | none | n/a |');
  });
});

describe('which mechanism mattered where, over epochs', () => {
  it('decides each case by its epochs (at least half passed) before calling it lost or gained', () => {
    const live = { ms: 0, attempts: 1, records: 0 };
    const items = [
      // c1: the ablation passes 1 of 2 epochs -> the case still passes -> not lost.
      item('c1', 'full-wave', true, live, 1),
      item('c1', 'full-wave', true, live, 2),
      item('c1', 'full-wave--no-routing', true, live, 1),
      item('c1', 'full-wave--no-routing', false, live, 2),
      // c2: 0 of 2 -> lost (c2 does not declare routing).
      item('c2', 'full-wave', true, live, 1),
      item('c2', 'full-wave', true, live, 2),
      item('c2', 'full-wave--no-routing', false, live, 1),
      item('c2', 'full-wave--no-routing', false, live, 2),
      // c3: the parent passes 1 of 3, the ablation 2 of 3 -> gained (c3 declares routing).
      item('c3', 'full-wave', true, live, 1),
      item('c3', 'full-wave', false, live, 2),
      item('c3', 'full-wave', false, live, 3),
      item('c3', 'full-wave--no-routing', true, live, 1),
      item('c3', 'full-wave--no-routing', true, live, 2),
      item('c3', 'full-wave--no-routing', false, live, 3),
    ];
    expect(findMechanisms(ARMS, items, CASES)).toEqual([
      {
        arm: 'full-wave--no-routing',
        ablationOf: 'full-wave',
        removes: 'routing',
        casesLost: ['c2'],
        casesGained: ['c3'],
        flips: [
          { caseId: 'c2', change: 'lost', declared: false },
          { caseId: 'c3', change: 'gained', declared: true },
        ],
        declaredUnflipped: ['c1'],
      },
    ]);
  });

  it('a case whose probes are empty declares nothing', () => {
    const live = { ms: 0, attempts: 1, records: 0 };
    const [m] = findMechanisms(
      ARMS,
      [item('c9', 'full-wave', true, live), item('c9', 'full-wave--no-routing', false, live)],
      [{ id: 'c9', probes: [] } as unknown as EvalCase],
    );
    expect(m).toMatchObject({ casesLost: ['c9'], flips: [{ caseId: 'c9', change: 'lost', declared: false }], declaredUnflipped: [] });
  });
});

describe('identical epochs', () => {
  it('are identical only when every metric repeats, not just the primary score', () => {
    const live = { ms: 0, attempts: 1, records: 0 };
    const [e1, e2] = [item('c1', 'full-wave', true, live, 1), item('c1', 'full-wave', true, live, 2)];
    expect(nativeResults([e1!, e2!], { baselines: ['full-wave'] }).repeats).toMatchObject({ identicalEpochs: true });
    // Timing differs between epochs and is never part of the comparison.
    const slower = { ...e2!, live: { ...e2!.live, wallTimeMs: 999, agentProcessTimeMs: 999 } };
    expect(nativeResults([e1!, slower], { baselines: ['full-wave'] }).repeats).toMatchObject({ identicalEpochs: true });
    const drift = { ...e2!, metrics: { ...e2!.metrics, 'targeted-inbox-recall': 50 } };
    const r = nativeResults([e1!, drift], { baselines: ['full-wave'] });
    expect(r.repeats).toEqual({ epochs: 2, distinctCases: 1, identicalEpochs: false, differingCells: ['c1::full-wave'] });
    expect(renderNativeMarkdown(r)).toContain(
      '1 distinct case · 2 epochs, not identical in 1 case × arm cell(s); epochs clustered by case',
    );
  });
});
