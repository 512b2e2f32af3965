// Arms are data (SPEC 3.1): the shipped ablations each lose a case the full wave wins, the results
// name the mechanism that mattered, and an arm file with a new switch combination runs unchanged.
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, repo } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { loadArms } from '../../harness/load/arms.js';
import { loadCases } from '../../harness/load/cases.js';
import { DEFAULT_MAX_RETRIES } from '../../orchestrator/index.js';

interface Results {
  items: { caseId: string; arm: string; primary: { passed: boolean } }[];
  mechanisms: { arm: string; removes: string; casesLost: string[] }[];
}

describe('arms and ablations', () => {
  // 156 live launcher runs, CPU-bound: 209 s at load 11 on 2 cores with nothing else in the suite running.
  it('full-wave passes every case; single-agent fails the pooling cases; every ablation loses at least one case', {
    timeout: 900_000,
  }, async () => {
    const out = join(tempDir(), 'run');
    const run = await cli(['run', '--ablations', '--out', out]);
    expect(run.exitCode, run.stderr).toBe(0);
    const r = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Results;
    const passed = (arm: string, id: string) => r.items.find((i) => i.arm === arm && i.caseId === id)!.primary.passed;
    const ids = [...new Set(r.items.map((i) => i.caseId))];
    expect(ids.every((id) => passed('full-wave', id))).toBe(true);
    for (const id of [
      'wave-hidden-profile-private-evidence',
      'wave-silo-cross-agent-state',
      'wave-contradiction-conflict',
      'wave-premature-closure-guard',
    ])
      expect(passed('single-agent', id), id).toBe(false);
    // The full-info baseline knows everything: it wins the pooling cases a single agent loses.
    for (const id of ['wave-hidden-profile-private-evidence', 'wave-silo-cross-agent-state', 'wave-contradiction-conflict'])
      expect(passed('single-agent--full-info', id), id).toBe(true);
    // Coordination brings nothing to the overhead case: every arm passes it.
    expect([...new Set(r.items.map((i) => i.arm))].every((arm) => passed(arm, 'wave-solo-task-overhead'))).toBe(true);
    expect(r.mechanisms.map((m) => m.arm).sort()).toEqual(
      loadArms(join(repo, 'arm-templates'))
        .filter((a) => a.kind === 'ablation')
        .map((a) => a.id)
        .sort(),
    );
    for (const m of r.mechanisms) expect(m.casesLost.length, m.arm).toBeGreaterThan(0);
    // Each closure mechanism's ablation loses the case written to probe it, and only through that switch.
    const lost = (arm: string) => r.mechanisms.find((m) => m.arm === arm)!.casesLost;
    expect(lost('full-wave--no-routing')).toContain('wave-expert-routing-preservation');
    expect(lost('full-wave--no-conflict-gating')).toContain('wave-contradiction-conflict');
    expect(lost('full-wave--no-late-evidence')).toEqual(['wave-late-evidence-closure']);
    expect(lost('full-wave--no-overdue-reroute')).toEqual(['wave-overdue-ack-reroute']);
    expect(lost('full-wave--no-unroutable-blocking')).toEqual(['wave-unroutable-request']);
    expect(lost('full-wave--no-evidence-ranking')).toEqual(
      expect.arrayContaining(['wave-evidence-over-majority', 'wave-expert-routing-preservation']),
    );
    expect(readFileSync(join(out, 'results.md'), 'utf8')).toContain('## Which mechanism mattered where');
  });

  it('a new arm file with its own switch combination runs without code changes', async () => {
    const arms = tempDir();
    cpSync(join(repo, 'arm-templates'), arms, { recursive: true });
    writeFileSync(
      join(arms, 'full-wave--counts-summary.json'),
      JSON.stringify({
        id: 'full-wave--counts-summary',
        title: 'Full wave with a counts-only summary',
        description: 'Everything of the full wave except the compiled shared summary.',
        kind: 'ablation',
        ablationOf: 'full-wave',
        removes: 'summary',
        features: { agents: 'all', summary: 'counts', inboxes: true, routing: true, closure: true, retry: true },
      }),
    );
    const out = join(tempDir(), 'run');
    const run = await cli([
      'run',
      '--arms-dir',
      arms,
      '--arm',
      'full-wave',
      '--arm',
      'full-wave--counts-summary',
      '--case',
      'wave-hidden-profile-private-evidence',
      '--out',
      out,
    ]);
    expect(run.exitCode, run.stderr).toBe(0);
    const r = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Results & {
      metadata: { arms: { id: string; features: { summary: string } }[] };
    };
    expect(r.items.map((i) => i.arm)).toEqual(['full-wave', 'full-wave--counts-summary']);
    expect(r.metadata.arms.find((a) => a.id === 'full-wave--counts-summary')!.features.summary).toBe('counts');
    // The switch really reached the launcher: that arm's agents saw a counts-only summary.
    const summary = readFileSync(
      join(
        out,
        'work/wave-hidden-profile-private-evidence/full-wave--counts-summary/epoch-1/workspace/.wave/main/projections/wave-1/shared-summary.md',
      ),
      'utf8',
    );
    expect(summary).toContain('# Shared summary (counts only)');
    expect(summary).not.toContain('PAYMENTS-SHARDED-BY-REGION');
  });

  it('--ablations with --arm runs the named arms plus every ablation, and records the retry budget', async () => {
    const caseId = loadCases(join(repo, 'cases'))[0]!.id;
    const out = join(tempDir(), 'run');
    const run = await cli(['run', '--ablations', '--arm', 'full-wave', '--case', caseId, '--out', out]);
    expect(run.exitCode, run.stderr).toBe(0);
    const r = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Results & {
      metadata: { baselineArms: string[]; fairness: { maxRetries: number } };
      comparisons: { arm: string; baseline: string }[];
    };
    const shipped = loadArms(join(repo, 'arm-templates')).filter((a) => a.kind === 'ablation');
    const ablations = shipped.map((a) => a.id);
    expect(ablations.length).toBeGreaterThan(0);
    expect(r.items.map((i) => i.arm)).toEqual(['full-wave', ...ablations]);
    expect(r.mechanisms.map((m) => m.arm)).toEqual(shipped.filter((a) => a.ablationOf === 'full-wave').map((a) => a.id));
    // No default baseline is in this run, so the first arm is the baseline.
    expect(r.metadata.baselineArms).toEqual(['full-wave']);
    expect(r.comparisons.map((c) => `${c.arm} vs ${c.baseline}`)).toEqual(ablations.map((a) => `${a} vs full-wave`));
    expect(DEFAULT_MAX_RETRIES).toBe(2);
    expect(r.metadata.fairness.maxRetries).toBe(DEFAULT_MAX_RETRIES);
  });

  it('compares against both baselines by default, and --baseline narrows or names them', async () => {
    const caseId = loadCases(join(repo, 'cases'))[0]!.id;
    const arms = tempDir();
    cpSync(join(repo, 'arm-templates'), arms, { recursive: true });
    // Until the shipped full-info arm exists, a stand-in base arm of that id exercises the second baseline.
    const fullInfo = join(arms, 'single-agent--full-info.json');
    if (!existsSync(fullInfo))
      writeFileSync(
        fullInfo,
        JSON.stringify({
          ...JSON.parse(readFileSync(join(arms, 'single-agent.json'), 'utf8')),
          id: 'single-agent--full-info',
          title: 'stand-in',
          description: 'stand-in for the full-info baseline',
        }),
      );
    const armArgs = [
      '--arms-dir',
      arms,
      '--case',
      caseId,
      '--arm',
      'single-agent',
      '--arm',
      'single-agent--full-info',
      '--arm',
      'full-wave',
    ];
    const pairsOf = (out: string) =>
      (JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { comparisons: { arm: string; baseline: string }[] }).comparisons.map(
        (c) => `${c.arm} vs ${c.baseline}`,
      );

    const both = join(tempDir(), 'both');
    const run = await cli(['run', ...armArgs, '--out', both]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(pairsOf(both)).toEqual([
      'full-wave vs single-agent',
      'single-agent--full-info vs single-agent',
      'full-wave vs single-agent--full-info',
    ]);
    expect(run.stdout).toMatch(/^full-wave vs single-agent--full-info: Δ .* over 1 cases · McNemar \d\/\d p=/m);
    expect(run.stdout).toMatch(/^full-wave\s+\d\/1 passed · mean aligned [\d.]+ · agent time [\d.]+ s · \d+ attempts · \d+ records$/m);
    const md = readFileSync(join(both, 'results.md'), 'utf8');
    expect(md).toContain('## Comparisons against the reference arm single-agent\n');
    expect(md).toContain('## Comparisons against the reference arm single-agent--full-info\n');

    const one = join(tempDir(), 'one');
    expect((await cli(['run', ...armArgs, '--baseline', 'single-agent', '--out', one])).exitCode).toBe(0);
    expect(pairsOf(one)).toEqual(['full-wave vs single-agent', 'single-agent--full-info vs single-agent']);

    const listed = join(tempDir(), 'listed');
    expect((await cli(['run', ...armArgs, '--baseline', 'full-wave,single-agent', '--out', listed])).exitCode).toBe(0);
    expect(pairsOf(listed)).toEqual([
      'single-agent vs full-wave',
      'single-agent--full-info vs full-wave',
      'single-agent--full-info vs single-agent',
    ]);

    const bad = await cli(['run', ...armArgs, '--baseline', 'singel-agent', '--out', join(tempDir(), 'bad')]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('unknown reference arm "singel-agent"');
    expect(bad.stderr).toContain('single-agent');
  }, 180_000);

  it('a bad --epochs or --max-retries is bad input (exit 2, the option named), not an internal error', async () => {
    for (const [args, message] of [
      [['run', '--epochs', '0'], '--epochs must be an integer from 1 to 100, got 0'],
      [['run', '--max-retries', '-1'], '--max-retries must be an integer from 0 to 10, got -1'],
      [
        ['launch', '--wave-file', 'none.md', '--workspace', tempDir(), '--max-retries', '1.5'],
        '--max-retries must be an integer from 0 to 10, got 1.5',
      ],
    ] as const) {
      const r = await cli([...args, ...(args[0] === 'run' ? ['--out', join(tempDir(), 'x')] : [])]);
      expect(r.exitCode, r.stderr).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr).not.toContain('internal error');
    }
  });

  it('a malformed arm file is rejected with its file and field', async () => {
    const arms = tempDir();
    cpSync(join(repo, 'arm-templates'), arms, { recursive: true });
    writeFileSync(
      join(arms, 'broken.json'),
      JSON.stringify({
        id: 'broken',
        title: 't',
        description: 'd',
        kind: 'base',
        features: { agents: 'some', summary: 'compiled', inboxes: true, routing: true, closure: true, retry: true },
      }),
    );
    const run = await cli(['run', '--arms-dir', arms, '--out', join(tempDir(), 'x')]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/broken\.json: features\.agents: expected one of "all", "primary", got "some"/);
  });
});
