// `pilot run --resume` reuses an item only when everything its verdict depends on is unchanged. A
// changed verification setting (--timeout-verify, container limits) must re-verify: a gold patch that
// "timed out" under a short timeout must never be carried over into a run with a longer one.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../harness/load/pilot-inputs.js';
import { itemInputHash, verificationSettings } from '../../harness/run/pilot-item.js';
import { repo } from '../helpers/cli.js';

const row = loadDataset(join(repo, 'test', 'fixtures', 'swe-bench-pro', 'element-web-row.jsonl')).rows[0]!;
const hash = (settings: Parameters<typeof verificationSettings>[0]) =>
  itemInputHash(row, { kind: 'gold' }, 1, 'sha256:abc', undefined, verificationSettings(settings));

describe('pilot resume input hash', () => {
  it('is stable for the same verification settings', () => {
    expect(hash({ verifyTimeoutSec: 300 })).toBe(hash({ verifyTimeoutSec: 300 }));
  });

  it('changes when --timeout-verify changes', () => {
    expect(hash({ verifyTimeoutSec: 300 })).not.toBe(hash({ verifyTimeoutSec: 30 }));
  });

  it('changes when the container limits change', () => {
    const limits = { memoryBytes: 2 * 1024 ** 3, nanoCpus: 1_000_000_000, pids: 512 };
    expect(hash({ verifyTimeoutSec: 300, limits })).not.toBe(
      hash({ verifyTimeoutSec: 300, limits: { ...limits, memoryBytes: 1024 ** 3 } }),
    );
  });
});
