// `wave-bench pilot run` from the command line on a fixture task, with real child-process agents
// (the `command` executor): a fixing command resolves under both arms; a wrong fix under the full
// wave, whose stewards never close, is proof-blocked; a missing agent CLI is an infrastructure
// failure (agent-error) kept out of the infra-adjusted rate; --dry-run only plans.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { dockerAvailable } from '../helpers/docker.js';
import { tempDir } from '../helpers/tmp.js';

const available = await dockerAvailable();
const BASE = [
  'pilot',
  'run',
  '--dataset',
  'pilots/fixtures/tasks.jsonl',
  '--task',
  'fixture__calc-add',
  '--timeout-verify',
  '30',
  '--json',
];
// The executor cannot start the agent (an unknown template placeholder): an executor error, as a missing agent CLI would be.
const MISSING_CLI = '{agent_cli_that_is_not_installed}';
type Item = {
  arm: string;
  classification: string;
  infra: boolean;
  resolved: boolean;
  gate: { ok: boolean } | null;
  coordination?: { attempts: number; records: number; responseMetrics: Record<string, unknown>; gates: { ok: boolean; gate: string }[] };
};
const items = (stdout: string) =>
  JSON.parse(stdout) as { items: Item[]; arms: { arm: string; strictRate: number; infraAdjustedRate: number }[] };

describe.runIf(available)('wave-bench pilot run', () => {
  const outs = { ok: join(tempDir(), 'ok'), pb: join(tempDir(), 'pb') };
  it('a command agent that fixes the bug resolves under single-agent and full-wave', async () => {
    const r = await cli([
      ...BASE,
      '--arm',
      'single-agent',
      '--arm',
      'full-wave',
      '--executor',
      'command',
      '--command',
      "sed -i 's/a - b/a + b/' src/calc.js",
      '--out',
      outs.ok,
    ]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(items(r.stdout).items.map((i) => [i.arm, i.classification])).toEqual([
      ['single-agent', 'resolved'],
      ['full-wave', 'resolved'],
    ]);
  }, 120_000);

  it('a wrong fix in a full wave that refuses to close is proof-blocked', async () => {
    const r = await cli([
      ...BASE,
      '--arm',
      'full-wave',
      '--executor',
      'command',
      '--command',
      "sed -i 's/a - b/a * b/' src/calc.js",
      '--out',
      outs.pb,
    ]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(items(r.stdout).items[0]).toMatchObject({ classification: 'proof-blocked', infra: false, gate: { ok: false } });
  }, 120_000);

  it('records how a full wave coordinated (attempts, records, response metrics, gates) in results.json, the report and report diff', async () => {
    const read = (out: string) => items(readFileSync(join(out, 'results.json'), 'utf8')).items.find((i) => i.arm === 'full-wave')!;
    const ok = read(outs.ok);
    expect(ok.coordination, JSON.stringify(ok)).toMatchObject({ attempts: expect.any(Number), records: expect.any(Number) });
    expect(ok.coordination!.attempts).toBeGreaterThanOrEqual(1);
    expect(ok.coordination!.responseMetrics).toHaveProperty('overdueAckCount');
    // command agents print no steward markers: the snapshot names the integration gate that failed
    expect(ok.coordination!.gates.map((g) => g.gate)).toContain('integration');
    expect(ok.coordination!.gates.find((g) => g.gate === 'integration')).toMatchObject({ ok: false });
    expect(readFileSync(join(outs.ok, 'report.html'), 'utf8')).toContain('coordination-records');
    // The same run with the full wave's overdue acknowledgements raised by 2: report diff shows exactly that.
    const edited = join(tempDir(), 'edited');
    cpSync(outs.ok, edited, { recursive: true });
    const doc = JSON.parse(readFileSync(join(edited, 'results.json'), 'utf8')) as { items: Item[] };
    const wave = doc.items.find((i) => i.arm === 'full-wave')!;
    wave.coordination!.responseMetrics.overdueAckCount = Number(wave.coordination!.responseMetrics.overdueAckCount) + 2;
    writeFileSync(join(edited, 'results.json'), JSON.stringify(doc));
    const diff = await cli(['report', 'diff', outs.ok, edited, '--json']);
    expect(diff.exitCode, diff.stderr).toBe(0);
    const deltas = (JSON.parse(diff.stdout) as { metricDeltas: { itemId: string; metric: string; delta: number }[] }).metricDeltas;
    expect(deltas).toEqual([expect.objectContaining({ itemId: 'fixture__calc-add::full-wave::1', metric: 'overdue-acks', delta: 2 })]);
  }, 60_000);

  it('a missing agent CLI is agent-error: counted in the strict rate, excluded from the infra-adjusted one', async () => {
    const out = join(tempDir(), 'missing');
    const r = await cli([...BASE, '--arm', 'single-agent', '--executor', 'command', '--command', MISSING_CLI, '--out', out]);
    const doc = items(r.stdout);
    expect(doc.items[0]).toMatchObject({ classification: 'agent-error', infra: true });
    expect(doc.arms[0]).toMatchObject({ strictRate: 0, infraAdjustedRate: 0 });
    expect(JSON.parse(readFileSync(join(out, 'failure-review.json'), 'utf8')).infrastructureFailures).toHaveLength(1);
  }, 120_000);

  it('--retry-infra re-runs infrastructure failures only', async () => {
    const infra = await cli([
      ...BASE,
      '--arm',
      'single-agent',
      '--executor',
      'command',
      '--command',
      MISSING_CLI,
      '--retry-infra',
      '2',
      '--out',
      join(tempDir(), 'retry'),
    ]);
    expect(items(infra.stdout).items[0]).toMatchObject({ classification: 'agent-error', runs: 3 });
    const model = await cli([
      ...BASE,
      '--arm',
      'single-agent',
      '--executor',
      'command',
      '--command',
      "sed -i 's/a - b/a * b/' src/calc.js",
      '--retry-infra',
      '2',
      '--out',
      join(tempDir(), 'noretry'),
    ]);
    const item = items(model.stdout).items[0] as Item & { runs?: number };
    expect(item.classification).toBe('incorrect-patch');
    expect(item.runs).toBeUndefined();
  }, 120_000);

  it('--dry-run plans without running anything (the image the runs above built is found in the cache)', async () => {
    const r = await cli([...BASE, '--arm', 'single-agent', '--executor', 'command', '--command', 'true', '--dry-run']);
    expect(r.exitCode, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan.items).toBe(1);
    expect(plan.images[0]).toMatchObject({ instanceId: 'fixture__calc-add', source: 'built', action: 'local' });
    expect(plan.images[0].digest).toMatch(/^sha256:/);
  });
});
