// Verification with SWE-bench Pro's own per-instance protocol (`--run-scripts`): run_script.sh runs
// the selected tests in the fresh container and parser.py (run there too, as SWE-bench Pro's harness
// does) reads their output. The fixture tasks ship scripts in that shape under
// pilots/fixtures/run_scripts. Required in CI; skipped on a laptop without an engine.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRunScripts } from '../../harness/load/run-scripts.js';
import { loadDataset } from '../../harness/load/pilot-inputs.js';
import { readParserOutput } from '../../harness/run/pilot-verify.js';
import { cli, repo } from '../helpers/cli.js';
import { dockerAvailable } from '../helpers/docker.js';
import { tempDir } from '../helpers/tmp.js';

const available = await dockerAvailable();
const fixtures = join(repo, 'pilots', 'fixtures');
const dataset = join(fixtures, 'tasks.jsonl');
const scriptsDir = join(fixtures, 'run_scripts');
const rows = loadDataset(dataset).rows;

interface Item {
  itemId: string;
  classification: string;
  infra: boolean;
  detail: string;
  verifier?: string;
  tests: { failToPass: Record<string, string>; passToPass: Record<string, string> };
}
const itemsOf = (out: string) => (JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { items: Item[] }).items;
const calibrate = (out: string, scripts: string, ...extra: string[]) =>
  cli([
    'pilot',
    'calibrate',
    '--dataset',
    dataset,
    '--run-scripts',
    scripts,
    '--out',
    out,
    '--timeout-verify',
    '20',
    '--agent',
    'gold',
    ...extra,
  ]);

describe('parser.py output', () => {
  it('reads {"tests": [{name, status}]} and names what is wrong with anything else', () => {
    expect(readParserOutput('{"tests": [{"name": "a | b", "status": "PASSED"}, {"name": "c", "status": "ERROR"}]}')).toEqual({
      'a | b': 'PASSED',
      c: 'ERROR',
    });
    expect(readParserOutput('not json')).toMatch(/no JSON document/);
    expect(readParserOutput('{"results": []}')).toMatch(/no "tests" array/);
    expect(readParserOutput('{"tests": [{"name": "x", "status": "OK"}]}')).toMatch(/tests\[0\] needs .* PASSED, FAILED, SKIPPED or ERROR/);
  });

  it('every selected task needs both files; the error names the missing ones', () => {
    const dir = tempDir();
    cpSync(scriptsDir, dir, { recursive: true });
    writeFileSync(join(dir, 'fixture__calc-add', 'parser.py'), '');
    expect(loadRunScripts(dir, rows).size).toBe(rows.length);
    const partial = tempDir();
    cpSync(join(scriptsDir, 'fixture__calc-add'), join(partial, 'fixture__calc-add'), { recursive: true });
    expect(() => loadRunScripts(partial, rows)).toThrow(/run script file\(s\) missing under .*fixture__shell-greeting\/run_script\.sh/);
    expect(() => loadRunScripts(join(partial, 'nope'), rows)).toThrow(/is not a folder/);
  });
});

describe.runIf(available)('pilot verification with run_scripts in Docker', () => {
  it('gold resolves every fixture task through run_script.sh and parser.py; the verifier is recorded', async () => {
    const out = tempDir();
    const r = await calibrate(out, scriptsDir);
    expect(r.exitCode, r.stderr).toBe(0);
    const items = itemsOf(out);
    expect(items.map((i) => [i.itemId, i.classification])).toEqual(rows.map((row) => [`${row.instance_id}::gold::1`, 'resolved']));
    for (const i of items) expect(i.verifier).toMatch(/^run_script\.sh [0-9a-f]{12}$/);
    const shell = items.find((i) => i.itemId.startsWith('fixture__shell-greeting'))!;
    expect(shell.tests).toMatchObject({
      failToPass: { 'tests/greets_by_name.sh': 'PASSED' },
      passToPass: { 'tests/prints_hello.sh': 'PASSED' },
    });
    const output = readFileSync(join(out, 'items', 'fixture__calc-add_gold_1', 'test-output.txt'), 'utf8');
    expect(output).toContain('### test file: test/add.test.js');
  }, 300_000); // four tasks verified: 43 s at load 11

  it('a parser.py that fails is verifier-error (infrastructure), never a model failure', async () => {
    const dir = tempDir();
    cpSync(scriptsDir, dir, { recursive: true });
    writeFileSync(join(dir, 'fixture__calc-add', 'parser.py'), 'import sys\nsys.exit("cannot parse this runner\'s output")\n');
    const out = tempDir();
    const r = await calibrate(out, dir, '--task', 'fixture__calc-add');
    expect(r.exitCode, r.stderr).toBe(0);
    const [item] = itemsOf(out);
    expect(item).toMatchObject({ classification: 'verifier-error', infra: true });
    expect(item!.detail).toMatch(/parser\.py failed \(exit 1\): cannot parse this runner's output/);
  }, 180_000); // 38 s at load 11

  it('--resume re-verifies an item when its run scripts change, and reuses it when they do not', async () => {
    const dir = tempDir();
    cpSync(scriptsDir, dir, { recursive: true });
    const out = tempDir();
    expect((await calibrate(out, dir, '--task', 'fixture__shell-greeting')).exitCode).toBe(0);
    const same = await calibrate(out, dir, '--task', 'fixture__shell-greeting', '--resume');
    expect(same.stderr + same.stdout).toContain('(resumed)');
    // A parser that reports every test as failed: the item must run again and say so.
    writeFileSync(
      join(dir, 'fixture__shell-greeting', 'parser.py'),
      readFileSync(join(dir, 'fixture__shell-greeting', 'parser.py'), 'utf8').replace(
        '"PASSED" if match.group(1) == "0" else "FAILED"',
        '"FAILED"',
      ),
    );
    const changed = await calibrate(out, dir, '--task', 'fixture__shell-greeting', '--resume');
    expect(changed.stderr + changed.stdout).not.toContain('(resumed)');
    expect(itemsOf(out)[0]).toMatchObject({ classification: 'incorrect-patch', infra: false });
  }, 360_000); // three pilot commands: 101 s at load 11

  it('a task without run scripts stops the run before any container starts, naming the file', async () => {
    const dir = tempDir();
    cpSync(join(scriptsDir, 'fixture__calc-add'), join(dir, 'fixture__calc-add'), { recursive: true });
    const r = await calibrate(tempDir(), dir);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/fixture__strings-capitalize\/run_script\.sh/);
    expect(r.stderr).toMatch(/--task/);
  }, 30_000);
});
