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
