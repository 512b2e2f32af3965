// Materialisation of the coordination log (SPEC 2.3): versions folded by id in (updatedAt, append)
// order, later fields win, the first createdAt is kept; deterministic; incremental refresh equals a
// one-shot fold of the same log.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  appendCoordinationRecords,
  createRecord,
  LiveCoordinationState,
  materialize,
  readCoordinationLog,
  updateRecord,
  type CoordinationRecord,
} from '../../orchestrator/coordination/index.js';
import { fixedClock, tempDir, tickingClock } from '../helpers/tmp.js';

const base = { lane: 'main', wave: 1 } as const;

function snapshot(view: ReturnType<typeof materialize>) {
  return {
    latest: view.latest(),
    open: view.open().map((r) => r.id),
    requests: view.byKind('request').map((r) => r.id),
    a1: view.byAuthor('A1').map((r) => r.id),
    toA2: view.byTarget('agent:A2').map((r) => r.id),
    versions: view.versionCount,
    newest: view.newestTimestamp,
  };
}

describe('materialize', () => {
  it('folds versions by id: later fields win, first createdAt kept, status moves buckets', () => {
    const clock = tickingClock();
    const req = createRecord({ ...base, id: 'q1', kind: 'request', agentId: 'A1', targets: ['agent:A2'], summary: 'need schema' }, clock);
    const acked = updateRecord(req, { status: 'acknowledged', detail: 'on it' }, clock);
    const done = updateRecord(acked, { status: 'resolved' }, clock);
    const view = materialize([req, acked, done]);
    expect(view.latest()).toHaveLength(1);
    expect(view.get('q1')).toMatchObject({ status: 'resolved', detail: 'on it', createdAt: req.createdAt, updatedAt: done.updatedAt });
    expect(view.open()).toEqual([]);
    expect(view.byTarget('agent:A2').map((r) => r.id)).toEqual(['q1']);
    expect(view.versionCount).toBe(3);
  });

  it('orders by updatedAt then append order, and a late-arriving older version does not win', () => {
    const t = (s: number) => fixedClock(`2026-01-01T00:00:${String(s).padStart(2, '0')}.000Z`);
    const a = createRecord({ ...base, id: 'a', kind: 'claim', agentId: 'A1' }, t(5));
    const b = createRecord({ ...base, id: 'b', kind: 'claim', agentId: 'A2' }, t(3));
    const c = createRecord({ ...base, id: 'c', kind: 'claim', agentId: 'A3' }, t(5));
    const aNew = updateRecord(a, { summary: 'newest' }, t(9));
    const aOld = { ...updateRecord(a, { summary: 'stale' }, t(7)) };
    const view = materialize([a, b, c, aNew, aOld]);
    expect(view.latest().map((r) => r.id)).toEqual(['b', 'c', 'a']);
    expect(view.get('a')!.summary).toBe('newest');
  });

  it('materialising the same log twice gives identical results', () => {
    const clock = tickingClock();
    const recs: CoordinationRecord[] = [];
    for (let i = 0; i < 50; i += 1) {
      const r = createRecord(
        {
          ...base,
          id: `r${i % 17}`,
          kind: i % 3 ? 'request' : 'blocker',
          agentId: `A${i % 4}`,
          targets: [`agent:A${(i + 1) % 4}`],
          status: i % 5 ? 'open' : 'resolved',
        },
        clock,
      );
      recs.push(r);
    }
    expect(snapshot(materialize(recs))).toEqual(snapshot(materialize(recs)));
  });

  it('incremental refreshes of a live log equal a one-shot fold, and read only new bytes', () => {
    const log = join(tempDir(), 'wave-1.jsonl');
    const live = new LiveCoordinationState(log);
    const clock = tickingClock();
    let prior: CoordinationRecord[] = [];
    for (let batch = 0; batch < 10; batch += 1) {
      const fresh = Array.from({ length: 7 }, (_, i) => {
        const id = `r${(batch * 7 + i) % 23}`;
        const existing = prior.find((r) => r.id === id);
        return existing
          ? updateRecord(existing, { status: batch % 2 ? 'resolved' : 'in_progress' }, clock)
          : createRecord({ ...base, id, kind: 'request', agentId: `A${i % 3}`, targets: [`agent:A${batch % 3}`] }, clock);
      });
      prior = [...prior.filter((r) => !fresh.some((f) => f.id === r.id)), ...fresh];
      appendCoordinationRecords(log, fresh);
      expect(live.refresh().newVersions).toBe(7);
      expect(live.refresh().newVersions).toBe(0);
    }
    const oneShot = materialize(readCoordinationLog(log).records);
    expect(snapshot(live)).toEqual(snapshot(oneShot));
    expect(live.versionCount).toBe(70);
  });
});

describe('reading records', () => {
  it('the fast path and the schema agree: complete lines pass as they are, partial ones get defaults, bad ones are refused', async () => {
    const { parseRecord } = await import('../../orchestrator/coordination/index.js');
    const full = createRecord({ ...base, id: 'x', kind: 'claim', agentId: 'A1' }, fixedClock('2026-01-01T00:00:00.000Z'));
    expect(parseRecord(full, 'f')).toEqual({ ok: true, record: full });
    const partial = { id: 'y', kind: 'claim', lane: 'main', wave: 1, agentId: 'A1', createdAt: full.createdAt, updatedAt: full.updatedAt };
    expect(parseRecord(partial, 'f')).toMatchObject({
      ok: true,
      record: { targets: [], status: 'open', priority: 'normal', required: false },
    });
    expect(parseRecord({ ...full, priority: 'panic' }, 'f')).toMatchObject({ ok: false, message: expect.stringContaining('priority') });
    expect(parseRecord({ ...full, targets: ['ok', 3] }, 'f')).toMatchObject({ ok: false, message: expect.stringContaining('targets') });
    expect(parseRecord({ ...full, updatedAt: 'yesterday' }, 'f')).toMatchObject({
      ok: false,
      message: expect.stringContaining('updatedAt'),
    });
  });
});
