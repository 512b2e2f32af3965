// The permanent hostile-input suite (issue 12). Each corpus entry runs the real CLI as a child
// process in its own sandbox and must: exit with the expected code, say the expected fragment,
// print no stack trace and no raw control character, change nothing outside its allowed paths
// (by default nothing at all: a refused input never touches stored state), and never write to
// or copy from <root>/outside, the stand-in for the host.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, repo } from '../helpers/cli.js';
import { HOSTILE_CASES, type HostileCase } from './corpus.js';
import { changes, makeSandbox, SECRET, snapshot, writeScriptedWave, type Sandbox } from './sandbox.js';

const POOL = 3; // CLI processes at once: CI has 2 cores
let running = 0;
const waiting: (() => void)[] = [];
async function inPool<T>(work: () => Promise<T>): Promise<T> {
  if (running >= POOL) await new Promise<void>((r) => waiting.push(r));
  running += 1;
  try {
    return await work();
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

let launchedTemplate: Sandbox;
const sandboxes: Sandbox[] = [];
// The default output folder of `run` and `pilot run`: no corpus entry may write a run there.
const defaultRuns = join(repo, 'reports', 'runs');
const listRuns = () => (existsSync(defaultRuns) ? readdirSync(defaultRuns).sort() : []);
let runsBefore: string[] = [];

beforeAll(async () => {
  runsBefore = listRuns();
  launchedTemplate = makeSandbox();
  const waveFile = writeScriptedWave(launchedTemplate.ws);
  const r = await cli(['launch', '--workspace', launchedTemplate.ws, '--wave-file', waveFile]);
  if (r.exitCode !== 0) throw new Error(`template launch failed: ${r.stderr}`);
}, 60_000);

afterAll(() => {
  expect(listRuns()).toEqual(runsBefore);
  for (const sb of [launchedTemplate, ...sandboxes]) rmSync(sb.root, { recursive: true, force: true });
});

function fill(arg: string, sb: Sandbox): string {
  return arg
    .replaceAll('{ws}', sb.ws)
    .replaceAll('{out}', sb.out)
    .replaceAll('{outside}', sb.outside)
    .replaceAll('{root}', sb.root)
    .replaceAll('{wave}', join(sb.ws, 'waves', 'wave-1.md'));
}

async function runCase(c: HostileCase) {
  const sb = makeSandbox(c.launched ? launchedTemplate.ws : undefined);
  sandboxes.push(sb);
  if (!c.launched) writeScriptedWave(sb.ws);
  c.setup?.(sb);
  const before = snapshot(sb.root);
  const r = await inPool(() =>
    cli(
      c.args.map((a) => fill(a, sb)),
      { cwd: sb.root, ...(c.env ? { env: c.env } : {}) },
    ),
  );
  const output = r.stdout + r.stderr;
  const changed = changes(before, snapshot(sb.root));
  const allowed = (path: string) => (c.writes ?? []).some((w) => path === w || path.startsWith(`${w}/`));
  // The host secret must not have been copied anywhere (logs, traces, results) by following a symlink.
  const withSecret = [...snapshot(sb.root).entries()]
    .filter(([p, kind]) => !p.startsWith('outside/') && kind.length === 64 && readFileSync(join(sb.root, p)).includes(SECRET))
    .map(([p]) => p);
  return { r, output, changed: changed.filter((p) => !allowed(p)), sb, withSecret };
}

describe('hostile inputs are refused clearly and never escape or corrupt stored state', () => {
  it('the corpus holds at least 80 inputs covering every class', () => {
    expect(HOSTILE_CASES.length).toBeGreaterThanOrEqual(80);
    expect(new Set(HOSTILE_CASES.map((c) => c.id)).size).toBe(HOSTILE_CASES.length);
    expect(new Set(HOSTILE_CASES.map((c) => c.cls))).toEqual(
      new Set(['identifiers', 'numbers', 'symlinks', 'interrupted-runs', 'unclear-errors', 'stored-state', 'already-good']),
    );
  });

  it.concurrent.each(HOSTILE_CASES.map((c) => [c.id, c] as const))(
    '%s',
    async (_id, c) => {
      const { r, output, changed, sb, withSecret } = await runCase(c);
      expect({ exit: r.exitCode, output }).toMatchObject({ exit: c.exit });
      expect(output).toContain(c.expect);
      expect(output).not.toMatch(/internal error|\n\s+at .+:\d+:\d+\)?\n/);
      expect(output).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
      for (const f of c.forbid ?? []) expect(output).not.toContain(f);
      expect(changed).toEqual([]); // nothing outside the allowed paths changed (the host stand-in included)
      const leaked = snapshot(sb.root);
      for (const [path] of leaked) expect(path.startsWith('outside/') && path !== 'outside/secret.txt').toBe(false);
      expect(output).not.toContain(SECRET);
      expect(withSecret).toEqual([]);
    },
    120_000,
  );
});
