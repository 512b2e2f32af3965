// Statistics (SPEC 3.4): exact McNemar, seeded bootstrap, paired comparisons and epoch figures.
import { describe, expect, it } from 'vitest';
import {
  bootstrapMeanCi,
  compareAgainstBaselines,
  compareArms,
  comparisonVerdict,
  describeEpochAgreement,
  epochAgreement,
  mcnemarExact,
  summariseEpochs,
  summariseFamilies,
  unitPassed,
  type ScoredItem,
} from '../../harness/score/stats.js';

const item = (unitId: string, arm: string, alignedScore: number, epoch = 1, family = 'f'): ScoredItem => ({
  unitId,
  arm,
  alignedScore,
  passed: alignedScore >= 50,
  epoch,
  family,
});

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
    const items = ['a', 'b', 'c', 'd'].flatMap((u) => [
      item(u, 'single-agent', 0),
      item(u, 'full-wave', 100),
      item(u, 'noisy', u === 'a' ? 100 : 0),
    ]);
    const [full, noisy] = [...compareArms(items, { baseline: 'single-agent', practicalWin: 10 })].sort((x, y) =>
      x.arm.localeCompare(y.arm),
    );
    expect(full).toMatchObject({
      arm: 'full-wave',
      pairs: 4,
      meanDelta: 100,
      confidentWin: true,
      mcnemar: { baselineOnly: 0, armOnly: 4 },
    });
    expect(noisy).toMatchObject({ arm: 'noisy', meanDelta: 25, confidentWin: false });
  });

  it('summarises families and epochs with pass@k, pass^k and flaky units', () => {
    const items = [item('a', 'w', 100, 1), item('a', 'w', 0, 2), item('b', 'w', 100, 1), item('b', 'w', 100, 2)];
    expect(summariseEpochs(items)).toEqual([{ arm: 'w', epochs: 2, passAtK: 100, passHatK: 50, flakyUnits: ['a'] }]);
    expect(summariseFamilies(items)).toEqual([{ family: 'f', arm: 'w', n: 4, meanAlignedScore: 75, passRate: 75 }]);
  });
});

describe('epochs are clustered within their case', () => {
  // n cases the baseline fails (0) and the arm passes (100), each run for `epochs` identical epochs.
  const discordant = (cases: number, epochs: number) =>
    Array.from({ length: cases }, (_, c) => `case-${c}`).flatMap((u) =>
      Array.from({ length: epochs }, (_, e) => [item(u, 'single-agent', 0, e + 1), item(u, 'full-wave', 100, e + 1)]).flat(),
    );

  it('5 distinct discordant cases run for 2 identical epochs give the p of 1 epoch (0.0625), not 0.002', () => {
    const [two] = compareArms(discordant(5, 2), { baseline: 'single-agent', practicalWin: 10 });
    const [one] = compareArms(discordant(5, 1), { baseline: 'single-agent', practicalWin: 10 });
    // Exact two-sided McNemar over 5 discordant cases: 2 · (1/2)^5 = 0.0625.
    expect(two).toMatchObject({ pairs: 10, distinctCases: 5, meanDelta: 100, mcnemar: { baselineOnly: 0, armOnly: 5, pValue: 0.0625 } });
    expect(one).toMatchObject({ pairs: 5, distinctCases: 5, mcnemar: { baselineOnly: 0, armOnly: 5, pValue: 0.0625 } });
    expect(two!.ci).toEqual(one!.ci);
    // Counting the 10 items as independent pairs is what produced the false 0.002 (2 · (1/2)^10).
    expect(mcnemarExact(0, 10)).toBeCloseTo(0.001953, 6);
  });

  it('with differing epochs a case is one observation: its delta is the mean of its epoch deltas', () => {
    // case x: arm 100 then 0 against a baseline 0, 0 -> delta 50; case y: 0, 0 against 0, 0 -> delta 0.
    const items = [
      item('x', 'base', 0, 1),
      item('x', 'base', 0, 2),
      item('x', 'arm', 100, 1),
      item('x', 'arm', 0, 2),
      ...[1, 2].flatMap((e) => [item('y', 'base', 0, e), item('y', 'arm', 0, e)]),
    ];
    const [c] = compareArms(items, { baseline: 'base', practicalWin: 10, seed: 11 });
    expect(c).toMatchObject({ pairs: 4, distinctCases: 2, meanDelta: 25 });
    // Resampling the two cases: means 0 (p 1/4), 25 (1/2), 50 (1/4), so the 95% interval is [0, 50].
    // Resampling the four items as if independent would reach 75 (P(mean >= 75) = 13/256 > 2.5%).
    expect(c!.ci).toMatchObject({ low: 0, high: 50 });
    expect(bootstrapMeanCi([100, 0, 0, 0], { seed: 11 }).high).toBe(75);
  });

  it('a case passes for an arm when at least half its epochs passed; McNemar counts discordant cases', () => {
    expect([
      unitPassed([true]),
      unitPassed([false]),
      unitPassed([true, false]),
      unitPassed([true, false, false]),
      unitPassed([true, true, false]),
      unitPassed([]),
    ]).toEqual([true, false, true, false, true, false]);
    // a: arm 1/2 vs base 0/2 -> arm only; b: arm 0/2 vs base 1/2 -> base only; c: 1/3 vs 0/3 -> both fail.
    const items = [
      item('a', 'arm', 100, 1),
      item('a', 'arm', 0, 2),
      item('a', 'base', 0, 1),
      item('a', 'base', 0, 2),
      item('b', 'arm', 0, 1),
      item('b', 'arm', 0, 2),
      item('b', 'base', 100, 1),
      item('b', 'base', 0, 2),
      item('c', 'arm', 100, 1),
      item('c', 'arm', 0, 2),
      item('c', 'arm', 0, 3),
      item('c', 'base', 0, 1),
      item('c', 'base', 0, 2),
      item('c', 'base', 0, 3),
    ];
    const [c] = compareArms(items, { baseline: 'base', practicalWin: 10 });
    // Case deltas 50, -50, 33.33 -> mean 11.1111.
    expect(c).toMatchObject({ pairs: 7, distinctCases: 3, meanDelta: 11.1111, mcnemar: { baselineOnly: 1, armOnly: 1, pValue: 1 } });
  });

  it('the result does not depend on the order items arrive in', () => {
    const items = ['a', 'b', 'c', 'd', 'e'].flatMap((u, n) => [item(u, 'base', 0), item(u, 'arm', n * 20)]);
    expect(compareArms([...items].reverse(), { baseline: 'base', practicalWin: 10 })).toEqual(
      compareArms(items, { baseline: 'base', practicalWin: 10 }),
    );
  });

  it('reports distinct cases and "deterministic: N identical epochs" only when every case × arm repeated itself', () => {
    const same = discordant(3, 2);
    expect(epochAgreement(same)).toEqual({ epochs: 2, distinctCases: 3, identicalEpochs: true, differingCells: [] });
    expect(describeEpochAgreement(epochAgreement(same))).toContain('deterministic: 2 identical epochs');
    // Same score and outcome but a different metric fingerprint is not identical.
    const drift = same.map((i) => (i.unitId === 'case-1' && i.arm === 'full-wave' && i.epoch === 2 ? { ...i, fingerprint: 'other' } : i));
    expect(epochAgreement(drift)).toEqual({ epochs: 2, distinctCases: 3, identicalEpochs: false, differingCells: ['case-1::full-wave'] });
    expect(describeEpochAgreement(epochAgreement(drift))).not.toContain('deterministic');
    expect(describeEpochAgreement(epochAgreement(discordant(3, 1)))).toBe('3 distinct cases, 1 epoch');
  });
});

describe('comparisons against several baselines', () => {
  const items = ['a', 'b'].flatMap((u) => [item(u, 'single-agent', 0), item(u, 'single-agent--full-info', 100), item(u, 'full-wave', 100)]);

  it('compares every arm against each baseline present, without the mirror image of an earlier baseline', () => {
    const got = compareAgainstBaselines(items, { baselines: ['single-agent', 'single-agent--full-info', 'not-run'], practicalWin: 10 }).map(
      (c) => `${c.arm} vs ${c.baseline}: ${c.meanDelta}`,
    );
    expect(got).toEqual([
      'full-wave vs single-agent: 100',
      'single-agent--full-info vs single-agent: 100',
      'full-wave vs single-agent--full-info: 0',
    ]);
  });

  it('reads a verdict only from the CI', () => {
    const ci = (low: number, high: number) => ({ level: 0.95, low, high, resamples: 2000, seed: 1 });
    expect(comparisonVerdict({ ci: ci(1, 5), confidentWin: true })).toBe('confident win');
    expect(comparisonVerdict({ ci: ci(-5, -1), confidentWin: false })).toBe('confident loss');
    expect(comparisonVerdict({ ci: ci(-5, 0), confidentWin: false })).toBe('not confident');
  });
});

describe('repeats in results.md', () => {
  it('shows pass@k, pass^k and flaky cases when --epochs > 1', async () => {
    const { cli } = await import('../helpers/cli.js');
    const { tempDir } = await import('../helpers/tmp.js');
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const out = join(tempDir(), 'ep');
    expect(
      (await cli(['run', '--epochs', '2', '--case', 'wave-premature-closure-guard', '--arm', 'full-wave', '--out', out])).exitCode,
    ).toBe(0);
    const md = readFileSync(join(out, 'results.md'), 'utf8');
    expect(md).toContain('## Repeats (2 epochs)');
    expect(md).toContain('| full-wave | 100% | 100% | none |');
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(results.items.map((i: { epoch: number }) => i.epoch)).toEqual([1, 2]);
    // The scripted executor is deterministic: the two epochs are one observation, and the report says so.
    expect(results.repeats).toEqual({ epochs: 2, distinctCases: 1, identicalEpochs: true, differingCells: [] });
    expect(md).toContain('1 distinct case · deterministic: 2 identical epochs');
  });
});
