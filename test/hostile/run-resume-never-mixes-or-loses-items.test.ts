// `run` into an existing --out must never mix an old run's items with new ones, a kill -9 must lose
// no finished item, and a full disk must leave no temp file and a clear error. `--resume` reuses an
// item only when its inputs (case, arm, epoch, settings) are unchanged, and ends with the same
// scores as an uninterrupted run.
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { bin, cli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const ARGS = [
  'run',
  '--case',
  'wave-silo-cross-agent-state',
  '--case',
  'wave-contradiction-conflict',
  '--arm',
  'single-agent',
  '--arm',
  'full-wave',
  '--concurrency',
  '1',
];
type Results = { items: { itemId: string; primary: { value: number; passed: boolean }; live: { wallTimeMs: number } }[] };
const results = (out: string) => JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Results;
const scores = (r: Results) => r.items.map((i) => [i.itemId, i.primary.value, i.primary.passed]).sort();
const stored = (out: string) => (existsSync(join(out, 'item-results')) ? readdirSync(join(out, 'item-results')) : []);
/** Each stored item file's identity: a rerun item is written anew (new inode), a reused one is not touched. */
const identities = (out: string) => Object.fromEntries(stored(out).map((f) => [f, statSync(join(out, 'item-results', f)).ino]));
const tmpFiles = (dir: string): string[] => readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.tmp-/.test(f));

describe('run --resume', () => {
  it('refuses a non-empty --out, reuses unchanged items on --resume and reruns items whose settings changed', async () => {
    const out = join(tempDir(), 'run');
    const first = await cli([...ARGS, '--out', out]);
    expect(first.exitCode, first.stderr).toBe(0);
    const before = results(out);
    const written = identities(out);
    expect(Object.keys(written)).toHaveLength(4);

    const again = await cli([...ARGS, '--out', out]);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain('add --resume');
    expect(results(out)).toEqual(before); // the refused run touched nothing

    const resumed = await cli([...ARGS, '--out', out, '--resume']);
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(identities(out)).toEqual(written); // every item reused, none rerun
    expect(results(out).items.map((i) => i.live.wallTimeMs)).toEqual(before.items.map((i) => i.live.wallTimeMs));
    expect(scores(results(out))).toEqual(scores(before));

    const changed = await cli([...ARGS, '--out', out, '--resume', '--max-retries', '0']);
    expect(changed.exitCode, changed.stderr).toBe(0);
    const rerun = identities(out);
    expect(Object.keys(rerun).filter((f) => rerun[f] === written[f])).toEqual([]); // a changed setting reruns every item
  }, 180_000);

  it('kill -9 mid-run loses no finished item; --resume ends with the scores of an uninterrupted run', async () => {
    const clean = join(tempDir(), 'clean');
    expect((await cli([...ARGS, '--out', clean])).exitCode).toBe(0);

    const out = join(tempDir(), 'killed');
    const child = execa('node', [bin, ...ARGS, '--out', out], { reject: false });
    const deadline = Date.now() + 60_000;
    while (stored(out).filter((f) => f.endsWith('.json')).length < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await child;
    const survivors = stored(out).filter((f) => f.endsWith('.json'));
    expect(survivors.length).toBeGreaterThanOrEqual(1);
    for (const f of survivors) expect(() => JSON.parse(readFileSync(join(out, 'item-results', f), 'utf8'))).not.toThrow(); // never torn

    const resumed = await cli([...ARGS, '--out', out, '--resume']);
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(scores(results(out))).toEqual(scores(results(clean)));
    expect(tmpFiles(out)).toEqual([]);
  }, 180_000);
});

// A full disk needs a small filesystem: a tmpfs mount, which needs root (CI runs as root).
const canMount = (() => {
  const probe = join(tempDir(), 'probe');
  mkdirSync(probe);
  try {
    execSync(`mount -t tmpfs -o size=64k tmpfs ${probe} && umount ${probe}`, { stdio: 'ignore' });
    return true;
  } catch {
    if (process.env.CI) throw new Error('CI must be able to mount a tmpfs (run as root) for the full-disk test');
    console.warn('cannot mount a tmpfs here (not root): the full-disk test is skipped');
    return false;
  }
})();

describe.runIf(canMount)('run on a full or read-only disk', () => {
  it('stops with a clear error naming the file, leaves no temp file, and --resume finishes once there is space', async () => {
    const mnt = join(tempDir(), 'small-disk');
    mkdirSync(mnt);
    execSync(`mount -t tmpfs -o size=1m tmpfs ${mnt}`);
    try {
      writeFileSync(join(mnt, 'filler'), Buffer.alloc(1024 * 1024 - 24 * 1024)); // leave ~24 KB
      const out = join(mnt, 'out');
      const work = join(tempDir(), 'work'); // workspaces elsewhere: only results go to the full disk
      const full = await cli([...ARGS, '--out', out, '--work-dir', work]);
      expect(full.exitCode).toBe(2);
      expect(full.stderr).toContain('ENOSPC');
      expect(full.stderr).toContain('--resume');
      expect(full.stderr).not.toMatch(/internal error|\n\s+at /);
      expect(tmpFiles(mnt)).toEqual([]);

      rmSync(join(mnt, 'filler'));
      const resumed = await cli([...ARGS, '--out', out, '--work-dir', work, '--resume']);
      expect(resumed.exitCode, resumed.stderr).toBe(0);
      expect(results(out).items).toHaveLength(4);
      expect(tmpFiles(mnt)).toEqual([]);
    } finally {
      execSync(`umount ${mnt}`);
    }
  }, 180_000);
  it('a read-only --out is exit 2 naming the option, before any work', async () => {
    const mnt = join(tempDir(), 'read-only');
    mkdirSync(mnt);
    execSync(`mount -t tmpfs -o size=64k,ro tmpfs ${mnt}`);
    try {
      const r = await cli([...ARGS, '--out', join(mnt, 'out')]);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain(`cannot create --out ${join(mnt, 'out')}: EROFS`);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
      expect(readdirSync(mnt)).toEqual([]);
    } finally {
      execSync(`umount ${mnt}`);
    }
  }, 60_000);
});
