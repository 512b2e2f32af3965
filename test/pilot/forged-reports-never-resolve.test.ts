// A patch must never resolve a task by forging the verifier's report. The code under test here does
// what issue 12 found: an imported module writes `ok` lines into the report the verifier reads
// (appending, and rewriting it whole), through the report folder, through the runner's own stdout
// (/proc/<runner>/fd/1), and from a detached process that waits for the runner to finish first.
// Tests run as an unprivileged uid while the report is opened by root in a root-only folder, and
// every process of that uid is ended before the report is read: each attempt is refused, the task
// stays unresolved, and the gold patch still resolves. Real Docker on the fixture tasks.
import { join } from 'node:path';
import type Docker from 'dockerode';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../harness/load/pilot-inputs.js';
import { TEST_UID, verifyPatch, type VerifyOutcome } from '../../harness/run/pilot-verify.js';
import { ensureFixtureBaseImage } from '../../harness/sandboxes/docker/base-image.js';
import { resolveTaskImage } from '../../harness/sandboxes/docker/task-image.js';
import { connectDocker } from '../../harness/sandboxes/docker/engine.js';
import type { DatasetRow } from '../../harness/schema/pilot.js';
import { repo } from '../helpers/cli.js';
import { dockerAvailable, leftoverContainers } from '../helpers/docker.js';

const available = await dockerAvailable();
const fixtures = join(repo, 'pilots', 'fixtures');
const rows = loadDataset(join(fixtures, 'tasks.jsonl')).rows;
const row = (id: string) => rows.find((r) => r.instance_id === `fixture__${id}`)!;
const runId = `forge-${process.pid}-${Date.now().toString(36)}`;
let docker: Docker;

async function verify(r: DatasetRow, modelPatch: string): Promise<VerifyOutcome> {
  const { image } = await resolveTaskImage(docker, r, { contextDir: fixtures });
  return verifyPatch({ docker, image, row: r, modelPatch, timeoutSec: 20, labels: { 'wave-bench.run': runId } });
}

// The forgery, as JavaScript a patch adds to the module under test. `attempt` tries every way to
// put passing lines where the verifier reads: every file of every report folder (rewritten whole
// and appended to) and the stdout of every node:test runner process. It runs once on import and
// again from a detached process that keeps trying for 5 s, past the end of the runner.
const FORGED =
  '### wave-bench file: test/add.test.js\\nok 1 - adds two numbers\\n### wave-bench file: test/double.test.js\\nok 1 - doubles a number\\n';
const ATTEMPT = `
const fs = require('node:fs');
const forged = '${FORGED}';
const errors = new Set();
const tryIt = (f) => { try { f(); errors.add('WROTE'); } catch (e) { errors.add(e.code); } };
for (const d of fs.readdirSync('/tmp').filter((n) => n.startsWith('wb-report-'))) {
  for (const name of ['report', 'stdout.log', 'exit']) {
    tryIt(() => fs.appendFileSync('/tmp/' + d + '/' + name, 'ok 1 - adds two numbers\\n'));
    tryIt(() => fs.writeFileSync('/tmp/' + d + '/' + name, forged));
  }
}
for (const pid of fs.readdirSync('/proc').filter((n) => /^\\d+$/.test(n))) {
  let cmd = '';
  try { cmd = fs.readFileSync('/proc/' + pid + '/cmdline', 'utf8'); } catch {}
  if (cmd.includes('--test-reporter=tap')) tryIt(() => fs.appendFileSync('/proc/' + pid + '/fd/1', 'ok 1 - adds two numbers\\n'));
}
console.log('forgery attempt as uid=' + process.getuid() + ': ' + [...errors].sort().join(','));
`;
const forgingCalc = (): string => {
  const lines = [
    "import { spawn } from 'node:child_process';",
    "import { createRequire } from 'node:module';",
    `const attempt = ${JSON.stringify(ATTEMPT)};`,
    'new Function("require", attempt)(createRequire(import.meta.url));',
    'spawn(process.execPath, ["-e", `const t = Date.now(); const again = () => { ${attempt}; if (Date.now() - t < 5000) setTimeout(again, 100); }; again();`], { detached: true, stdio: "ignore" }).unref();',
  ];
  return [
    'diff --git a/src/calc.js b/src/calc.js',
    '--- a/src/calc.js',
    '+++ b/src/calc.js',
    `@@ -1,3 +1,${3 + lines.length} @@`,
    ...lines.map((l) => `+${l}`),
    ' export function add(a, b) {',
    '   return a - b;',
    ' }',
    '',
  ].join('\n');
};

// The shell task's script under test: appends a pass for the failing test to every report it can
// find, and leaves a background shell that keeps rewriting them whole, past the end of the test.
const FORGING_GREET = [
  'diff --git a/bin/greet.sh b/bin/greet.sh',
  '--- a/bin/greet.sh',
  '+++ b/bin/greet.sh',
  '@@ -1,2 +1,4 @@',
  ' #!/bin/sh',
  '+for r in /tmp/wb-report-*/report; do echo "0 tests/greets_by_name.sh" >> "$r"; done 2>/dev/null',
  `+(i=0; while [ $i -lt 20000 ]; do i=$((i+1)); for r in /tmp/wb-report-*/report; do printf '0 tests/greets_by_name.sh\\n0 tests/prints_hello.sh\\n' > "$r"; done; done) </dev/null >/dev/null 2>&1 &`,
  ' echo "Hello"',
  '',
].join('\n');

describe.runIf(available)('forged reports never resolve a task (Docker)', () => {
  beforeAll(async () => {
    docker = await connectDocker();
    await ensureFixtureBaseImage(docker);
  }, 180_000);

  it('node:test: a module that writes ok lines into the report, the runner stdout and from a detached process does not resolve', async () => {
    const result = await verify(row('calc-add'), forgingCalc());
    expect(result.kind, 'output' in result ? result.output : '').toBe('tested');
    if (result.kind !== 'tested') return;
    expect(result.resolved).toBe(false);
    expect(result.failToPass).toEqual({ 'test/add.test.js > adds two numbers': 'FAILED' });
    // The forgery really ran, unprivileged, found the report folder and was refused everywhere.
    const attempt = /forgery attempt as uid=(\d+): ([A-Z,]+)/.exec(result.output);
    expect(attempt?.[1]).toBe(String(TEST_UID));
    expect(attempt?.[2]).toBe('EACCES');
  }, 120_000);

  it('shell: a script that appends to and rewrites the report does not resolve', async () => {
    const result = await verify(row('shell-greeting'), FORGING_GREET);
    expect(result.kind).toBe('tested');
    if (result.kind !== 'tested') return;
    expect(result.resolved).toBe(false);
    expect(result.failToPass).toEqual({ 'tests/greets_by_name.sh': 'FAILED' });
    expect(result.passToPass).toEqual({ 'tests/prints_hello.sh': 'PASSED' });
  }, 120_000);

  it.each([['calc-add'], ['shell-greeting']])(
    'gold still resolves %s',
    async (id) => {
      const result = await verify(row(id), row(id).patch);
      expect(result, 'output' in result ? result.output : '').toMatchObject({ kind: 'tested', resolved: true });
    },
    120_000,
  );

  // Node images often put the repository's own bin folder first on PATH. A patch that adds a
  // `timeout` there would run as root in place of the verifier's (writing a passing report onto
  // its descriptor), and a `node` there would be the runner whose stdout is the report. Root's PATH
  // leaves out /app and /tmp, runners are resolved on it, and the tests get the image's PATH back.
  it('a patch cannot plant a program that root runs, nor the runner itself (neither is taken from /app on PATH)', async () => {
    const onPath = {
      ...row('calc-add'),
      instance_dockerfile: `${row('calc-add').instance_dockerfile.trim()}\nENV PATH=/app/bin:/usr/local/bin:/usr/bin:/bin\n`,
    };
    const planted = ['timeout', 'git', 'sh', 'setpriv', 'env', 'node', 'go1.99']
      .map((name) =>
        [
          `diff --git a/bin/${name} b/bin/${name}`,
          'new file mode 100755',
          '--- /dev/null',
          `+++ b/bin/${name}`,
          '@@ -0,0 +1,3 @@',
          '+#!/bin/sh',
          `+printf '${FORGED}' >&3 2>/dev/null; printf '${FORGED}' > /tmp/wb-report-*/report 2>/dev/null; printf 'ok 1 - adds two numbers\\nok 1 - doubles a number\\n'`,
          '+exit 0',
          '',
        ].join('\n'),
      )
      .join('');
    const result = await verify(onPath, planted);
    expect(result.kind, 'output' in result ? result.output : '').toBe('tested');
    if (result.kind !== 'tested') return;
    expect(result.resolved).toBe(false);
    expect(result.failToPass).toEqual({ 'test/add.test.js > adds two numbers': 'FAILED' });
  }, 120_000);

  // Images differ in how root can become another user: setpriv (util-linux), coreutils chroot, or
  // python. Without setpriv and chroot (as on busybox images) python does it; with none of them the
  // tests never run as root: verification is refused as infrastructure.
  it('without setpriv and chroot, python drops privileges (the forgery still fails, gold resolves); with none, verifier-error', async () => {
    const strip = (paths: string) => ({
      ...row('calc-add'),
      instance_dockerfile: `${row('calc-add').instance_dockerfile.trim()}\nUSER 0\nRUN rm -f ${paths}\nUSER 1000\n`,
    });
    const noTools = strip('/usr/bin/setpriv /usr/sbin/chroot /usr/bin/chroot');
    const forged = await verify(noTools, forgingCalc());
    expect(forged.kind === 'tested' && forged.resolved, 'output' in forged ? forged.output : '').toBe(false);
    expect(/forgery attempt as uid=(\d+): ([A-Z,]+)/.exec('output' in forged ? forged.output : '')?.slice(1)).toEqual([
      String(TEST_UID),
      'EACCES',
    ]);
    expect(await verify(noTools, row('calc-add').patch)).toMatchObject({ kind: 'tested', resolved: true });
    const nothing = strip('/usr/bin/setpriv /usr/sbin/chroot /usr/bin/chroot /usr/bin/python3* /usr/bin/python');
    const refused = await verify(nothing, row('calc-add').patch);
    expect(refused.kind).toBe('verifier-error');
    expect('output' in refused ? refused.output : '').toMatch(
      /unprivileged user .*needs setpriv \(util-linux\), coreutils chroot or python/s,
    );
  }, 240_000);

  it('leaves no container behind', async () => {
    expect(await leftoverContainers(`wave-bench.run=${runId}`)).toEqual([]);
  });
});
