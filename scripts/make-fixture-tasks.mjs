// Regenerates pilots/fixtures/: tiny repositories with real failing tests, as SWE-bench Pro rows.
// Each task has base files, a gold change and a test change; git (with fixed dates) gives the base
// commit and both patches. Run: node scripts/make-fixture-tasks.mjs
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'pilots', 'fixtures');
const env = {
  ...process.env,
  GIT_AUTHOR_NAME: 'fixture',
  GIT_AUTHOR_EMAIL: 'fixture@wave-bench',
  GIT_COMMITTER_NAME: 'fixture',
  GIT_COMMITTER_EMAIL: 'fixture@wave-bench',
  GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z',
  GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z',
};
const git = (cwd, ...args) => execFileSync('git', args, { cwd, env, encoding: 'utf8' });

const TASKS = [
  {
    id: 'fixture__calc-add',
    framework: 'node-test',
    problem: 'add(a, b) returns the difference instead of the sum.',
    base: {
      'package.json': '{ "name": "calc", "type": "module" }\n',
      'src/calc.js': 'export function add(a, b) {\n  return a - b;\n}\n\nexport function double(x) {\n  return x * 2;\n}\n',
      'test/double.test.js':
        "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { double } from '../src/calc.js';\n\ntest('doubles a number', () => {\n  assert.equal(double(4), 8);\n});\n",
    },
    gold: { 'src/calc.js': 'export function add(a, b) {\n  return a + b;\n}\n\nexport function double(x) {\n  return x * 2;\n}\n' },
    tests: {
      'test/add.test.js':
        "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { add } from '../src/calc.js';\n\ntest('adds two numbers', () => {\n  assert.equal(add(2, 3), 5);\n});\n",
    },
    failToPass: ['test/add.test.js > adds two numbers'],
    passToPass: ['test/double.test.js > doubles a number'],
    selected: ['test/add.test.js', 'test/double.test.js'],
  },
  {
    id: 'fixture__strings-capitalize',
    framework: 'node-test',
    problem: 'capitalize() lower-cases the whole word instead of upper-casing its first letter.',
    base: {
      'package.json': '{ "name": "strings", "type": "module" }\n',
      'lib/strings.js': 'export function capitalize(word) {\n  return word.toLowerCase();\n}\n',
    },
    gold: { 'lib/strings.js': 'export function capitalize(word) {\n  return word.charAt(0).toUpperCase() + word.slice(1);\n}\n' },
    tests: {
      'test/strings.test.js':
        "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { capitalize } from '../lib/strings.js';\n\ntest('capitalizes the first letter', () => {\n  assert.equal(capitalize('wave'), 'Wave');\n});\n\ntest('keeps the rest of the word', () => {\n  assert.equal(capitalize('bEnch'), 'BEnch');\n});\n",
    },
    failToPass: ['test/strings.test.js > capitalizes the first letter', 'test/strings.test.js > keeps the rest of the word'],
    passToPass: [],
    selected: ['test/strings.test.js'],
  },
  {
    id: 'fixture__shell-greeting',
    framework: 'shell',
    problem: 'greet.sh prints "Hello" without the name it is given.',
    base: {
      'bin/greet.sh': '#!/bin/sh\necho "Hello"\n',
      'tests/prints_hello.sh': '#!/bin/sh\nout=$(sh bin/greet.sh Ada)\ncase "$out" in Hello*) exit 0;; *) exit 1;; esac\n',
    },
    gold: { 'bin/greet.sh': '#!/bin/sh\necho "Hello, $1"\n' },
    tests: { 'tests/greets_by_name.sh': '#!/bin/sh\n[ "$(sh bin/greet.sh Ada)" = "Hello, Ada" ]\n' },
    failToPass: ['tests/greets_by_name.sh'],
    passToPass: ['tests/prints_hello.sh'],
    selected: ['tests/greets_by_name.sh', 'tests/prints_hello.sh'],
  },
  {
    id: 'fixture__sleeper-timeout',
    framework: 'node-test',
    problem: 'wait() never resolves when given 0.',
    base: {
      'package.json': '{ "name": "sleeper", "type": "module" }\n',
      'src/wait.js':
        'export function wait(ms) {\n  return new Promise((resolve) => (ms > 0 ? setTimeout(resolve, ms) : setInterval(() => {}, 1000)));\n}\n',
    },
    gold: { 'src/wait.js': 'export function wait(ms) {\n  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));\n}\n' },
    tests: {
      'test/wait.test.js':
        "import { test } from 'node:test';\nimport { wait } from '../src/wait.js';\n\ntest('wait(0) resolves', async () => {\n  await wait(0);\n});\n",
    },
    failToPass: ['test/wait.test.js > wait(0) resolves'],
    passToPass: [],
    selected: ['test/wait.test.js'],
  },
];

function writeAll(dir, files) {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

const rows = [];
rmSync(join(out, 'repos'), { recursive: true, force: true });
for (const t of TASKS) {
  const dir = mkdtempSync(join(tmpdir(), 'fixture-'));
  git(dir, 'init', '-q');
  writeAll(dir, t.base);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'base');
  const base = git(dir, 'rev-parse', 'HEAD').trim();
  cpSync(dir, join(out, 'repos', t.id), { recursive: true, filter: (src) => !src.includes('/.git') });
  writeAll(dir, t.gold);
  const patch = git(dir, 'diff');
  git(dir, 'checkout', '-q', '--', '.');
  writeAll(dir, t.tests);
  git(dir, 'add', '-N', '.');
  const testPatch = git(dir, 'diff');
  rmSync(dir, { recursive: true, force: true });
  rows.push({
    instance_id: t.id,
    repo: `wave-bench/${t.id.split('__')[1]}`,
    repo_language: t.framework === 'shell' ? 'shell' : 'js',
    base_commit: base,
    problem_statement: t.problem,
    requirements: 'Keep the public function names and signatures.',
    interface: 'No new public interfaces.',
    patch,
    test_patch: testPatch,
    fail_to_pass: JSON.stringify(t.failToPass).replaceAll('"', "'"),
    pass_to_pass: t.passToPass,
    selected_test_files_to_run: t.selected,
    before_repo_set_cmd: `git reset -q --hard ${base}`,
    dockerhub_tag: '',
    base_dockerfile: 'FROM wave-bench/fixture-base:latest\n',
    instance_dockerfile: `COPY repo /app\nRUN cd /app && git init -q && git add -A && GIT_AUTHOR_NAME=fixture GIT_AUTHOR_EMAIL=fixture@wave-bench GIT_COMMITTER_NAME=fixture GIT_COMMITTER_EMAIL=fixture@wave-bench GIT_AUTHOR_DATE=2026-01-01T00:00:00Z GIT_COMMITTER_DATE=2026-01-01T00:00:00Z git commit -qm base && chown -R 1000:1000 /app\nUSER 1000\nWORKDIR /app\n`,
    test_framework: t.framework,
  });
}
writeFileSync(join(out, 'tasks.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
console.log(`wrote ${rows.length} fixture tasks to ${join(out, 'tasks.jsonl')}`);
