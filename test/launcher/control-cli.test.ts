// `wave-bench control`: every operator action appends to the logs (never edits in place) and shows
// up in `status`; proof bundles register with computed hashes and can be revoked.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

describe('wave-bench control', () => {
  it('creates, acks, reassigns and resolves tasks as appended versions, and reports status', async () => {
    const ws = tempDir();
    const c = (...args: string[]) => cli(['control', ...args, '--workspace', ws, '--wave', '1', '--json']);
    const created = JSON.parse(
      (
        await c(
          'task',
          'create',
          '--agent',
          'A1',
          '--kind',
          'request',
          '--summary',
          'need the schema',
          '--target',
          'capability:db',
          '--priority',
          'high',
        )
      ).stdout,
    );
    const blocker = JSON.parse(
      (await c('task', 'create', '--agent', 'A2', '--kind', 'blocker', '--summary', 'db is down', '--target', 'agent:A3')).stdout,
    );
    let status = JSON.parse((await c('status')).stdout);
    expect(status.phase).toBe('blocked');
    expect(status.blockingEdge).toContain(blocker.id);
    expect(status.nextDeadline.id).toBe(created.id);
    expect((await c('task', 'ack', '--agent', 'A3', '--id', created.id)).exitCode).toBe(0);
    expect((await c('task', 'reassign', '--id', created.id, '--target', 'agent:A4')).exitCode).toBe(0);
    expect((await c('task', 'resolve', '--agent', 'A3', '--id', blocker.id)).exitCode).toBe(0);
    status = JSON.parse((await c('status')).stdout);
    expect(status.phase).not.toBe('blocked');
    expect(status.openTasks.find((t: { id: string }) => t.id === created.id)).toMatchObject({
      status: 'acknowledged',
      targets: ['agent:A4'],
    });
    const lines = readFileSync(join(ws, '.wave/main/coordination/wave-1.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.id === created.id).map((l) => l.status)).toEqual(['open', 'acknowledged', 'acknowledged']);
    expect(lines.some((l) => l.kind === 'ack' && l.dependsOn.includes(created.id))).toBe(true);
  });

  it('rejects unknown records and bad flags with exit 2', async () => {
    const ws = tempDir();
    const r = await cli(['control', 'task', 'resolve', '--workspace', ws, '--wave', '1', '--id', 'nope']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('no coordination record nope');
    expect((await cli(['control', 'task', 'create', '--workspace', ws, '--wave', '1', '--kind', 'request'])).stderr).toContain(
      'task create needs --kind and --summary',
    );
  });

  it('registers a proof bundle with computed artifact hashes, refuses a wrong hash, and revokes', async () => {
    const ws = tempDir();
    mkdirSync(join(ws, 'proof'));
    writeFileSync(join(ws, 'proof/run.txt'), 'all green\n');
    const bundle = {
      agentId: 'A1',
      authoritative: true,
      artifacts: [{ path: 'proof/run.txt' }],
      proof: { completion: 'live', durability: 'durable', proof: 'live' },
    };
    writeFileSync(join(ws, 'bundle.json'), JSON.stringify(bundle));
    const reg = await cli(['control', 'proof', 'register', '--workspace', ws, '--wave', '1', '--file', join(ws, 'bundle.json'), '--json']);
    expect(reg.exitCode, reg.stderr).toBe(0);
    const event = JSON.parse(reg.stdout);
    expect(event.data.artifacts[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    writeFileSync(
      join(ws, 'bad.json'),
      JSON.stringify({ ...bundle, artifacts: [{ path: 'proof/run.txt', sha256: '0'.repeat(64) }, { path: '../etc/passwd' }] }),
    );
    const bad = await cli(['control', 'proof', 'register', '--workspace', ws, '--wave', '1', '--file', join(ws, 'bad.json')]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/artifacts\[0\]\.sha256: expected 0{64}/);
    expect(bad.stderr).toMatch(/artifacts\[1\]\.path: "..\/etc\/passwd" leaves the workspace/);
    expect((await cli(['control', 'proof', 'revoke', '--workspace', ws, '--wave', '1', '--id', event.entityId])).exitCode).toBe(0);
    const status = JSON.parse((await cli(['control', 'status', '--workspace', ws, '--wave', '1', '--json'])).stdout);
    expect(status.proofBundles).toEqual([{ id: event.entityId, agentId: 'A1', state: 'revoked' }]);
  });
});
