// Statistics (SPEC 3.4): exact McNemar, seeded bootstrap, paired comparisons and epoch figures.
import { describe, expect, it } from 'vitest';
import { bootstrapMeanCi, compareArms, mcnemarExact, summariseEpochs, summariseFamilies, type ScoredItem } from '../../harness/score/stats.js';

const item = (unitId: string, arm: string, alignedScore: number, epoch = 1, family = 'f'): ScoredItem => ({ unitId, arm, alignedScore, passed: alignedScore >= 50, epoch, family });

describe('stats', () => {
  it('exact McNemar matches the binomial tail', () => {
    expect(mcnemarExact(0, 0)).toBe(1);
    expect(mcnemarExact(0, 5)).toBeCloseTo(2 / 32, 6);
    expect(mcnemarExact(1, 9)).toBeCloseTo((2 * (1 + 10)) / 1024, 6);
    expect(mcnemarExact(5, 5)).toBe(1);
  });

  it('the bootstrap is reproducible from its seed and brackets the mean', () => {
    const deltas = [10, 20, -5, 30, 0, 15, 25];
    const a = bootstrapMeanCi(deltas, { seed: 7 });
    expect(bootstrapMeanCi(deltas, { seed: 7 })).toEqual(a);
    expect(a.resamples).toBe(2000);
    const mean = deltas.reduce((s, d) => s + d, 0) / deltas.length;
    expect(a.low).toBeLessThan(mean);
    expect(a.high).toBeGreaterThan(mean);
    expect(bootstrapMeanCi(deltas, { seed: 8 })).not.toEqual(a);
  });

  it('pairs items by unit and epoch; a win is confident only when the CI is above 0', () => {
    const items = ['a', 'b', 'c', 'd'].flatMap((u) => [item(u, 'single-agent', 0), item(u, 'full-wave', 100), item(u, 'noisy', u === 'a' ? 100 : 0)]);
    const [full, noisy] = [...compareArms(items, { baseline: 'single-agent', practicalWin: 10 })].sort((x, y) => x.arm.localeCompare(y.arm));
    expect(full).toMatchObject({ arm: 'full-wave', pairs: 4, meanDelta: 100, confidentWin: true, mcnemar: { baselineOnly: 0, armOnly: 4 } });
    expect(noisy).toMatchObject({ arm: 'noisy', meanDelta: 25, confidentWin: false });
  });

  it('summarises families and epochs with pass@k, pass^k and flaky units', () => {
    const items = [item('a', 'w', 100, 1), item('a', 'w', 0, 2), item('b', 'w', 100, 1), item('b', 'w', 100, 2)];
    expect(summariseEpochs(items)).toEqual([{ arm: 'w', epochs: 2, passAtK: 100, passHatK: 50, flakyUnits: ['a'] }]);
    expect(summariseFamilies(items)).toEqual([{ family: 'f', arm: 'w', n: 4, meanAlignedScore: 75, passRate: 75 }]);
  });
});

describe('repeats in results.md', () => {
  it('shows pass@k, pass^k and flaky cases when --epochs > 1', async () => {
    const { cli } = await import('../helpers/cli.js');
    const { tempDir } = await import('../helpers/tmp.js');
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const out = join(tempDir(), 'ep');
    expect((await cli(['run', '--epochs', '2', '--case', 'wave-premature-closure-guard', '--arm', 'full-wave', '--out', out])).exitCode).toBe(0);
    const md = readFileSync(join(out, 'results.md'), 'utf8');
    expect(md).toContain('## Repeats (2 epochs)');
    expect(md).toContain('| full-wave | 100% | 100% | none |');
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(results.items.map((i: { epoch: number }) => i.epoch)).toEqual([1, 2]);
  });
});
