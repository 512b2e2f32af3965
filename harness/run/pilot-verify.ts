// Verification in a fresh container (SPEC 3.5 step 5): reset to base, apply the model patch,
// restore the test files and apply test_patch over them, run the selected tests, parse the
// runner's own report. Resolved ⇔ every fail_to_pass and pass_to_pass test PASSED.
import { randomBytes } from 'node:crypto';
import type { DockerClient as Docker } from '../sandboxes/docker/engine.js';
import type { DatasetRow } from '../schema/pilot.js';
import { filesInPatch } from '../sandboxes/git.js';
import { withContainer, type ContainerLimits } from '../sandboxes/docker/container.js';
import { TEST_PARSERS, type TestStatus } from '../score/test-parsers/index.js';

export type VerifyOutcome =
  | { kind: 'patch-apply-failed'; output: string }
  | { kind: 'verifier-error'; output: string }
  | { kind: 'timeout'; output: string; durationMs: number }
  | { kind: 'tested'; resolved: boolean; tests: Record<string, TestStatus>; failToPass: Record<string, TestStatus | 'MISSING'>; passToPass: Record<string, TestStatus | 'MISSING'>; exitCode: number; output: string; durationMs: number };

export interface VerifyOptions {
  docker: Docker;
  image: string;
  row: DatasetRow;
  modelPatch: string;
  timeoutSec: number;
  limits?: ContainerLimits;
  labels: Record<string, string>;
}

const APP = '/app';
const PREP_RESET_FAILED = 10;
const PREP_MODEL_PATCH_FAILED = 11;
const PREP_TEST_PATCH_FAILED = 12;
export const NODE_FILE_MARK = '### wave-bench file: ';

/** The framework of a row: an explicit `test_framework`, else from the repository language. */
export function frameworkOf(row: DatasetRow): string {
  const explicit = (row as Record<string, unknown>).test_framework;
  if (typeof explicit === 'string') return explicit;
  return ({ js: 'jest', ts: 'jest', python: 'pytest', go: 'go-test', shell: 'shell' } as Record<string, string>)[row.repo_language] ?? 'pytest';
}

function testCommand(framework: string, files: string[], reportDir: string): string {
  const quoted = files.map((f) => `'${f.replace(/'/g, `'\\''`)}'`).join(' ');
  switch (framework) {
    case 'node-test':
      // One run per file, each with its own TAP file; the verifier labels them when collecting.
      return files.map((f, i) => `node --test --test-reporter=tap --test-reporter-destination=${reportDir}/tap-${i} '${f.replace(/'/g, `'\\''`)}'`).join('; ');
    case 'shell':
      return `for f in ${quoted}; do sh "$f" </dev/null >/dev/null 2>&1; echo "$? $f" >> ${reportDir}/report; done`;
    case 'go-test':
      return `go test -json ./... > ${reportDir}/report`;
    case 'jest':
      return `npx jest --json --outputFile=${reportDir}/report ${quoted}`;
    default:
      return `python -m pytest --junitxml=${reportDir}/report ${quoted}`;
  }
}

export async function verifyPatch(o: VerifyOptions): Promise<VerifyOutcome> {
  return withContainer(o.docker, { image: o.image, labels: o.labels, ...(o.limits ? { limits: o.limits } : {}) }, async (c) => {
    const reportDir = `/tmp/wb-report-${randomBytes(8).toString('hex')}`;
    await c.putFiles('/tmp', { 'wb-model.patch': o.modelPatch, 'wb-test.patch': o.row.test_patch });
    // One exec prepares everything (each exec costs ~100 ms): reset to base, apply the model patch,
    // restore test_patch's files to base (or delete files base does not have), apply test_patch.
    // Distinct exit codes say which step failed.
    const restore = filesInPatch(o.row.test_patch).map((f) => `if git cat-file -e ${o.row.base_commit}:'${f}' 2>/dev/null; then git checkout -q ${o.row.base_commit} -- '${f}'; else rm -f '${f}'; fi`).join('\n');
    const script = [
      `cd ${APP} && git reset -q --hard ${o.row.base_commit} && git clean -qfd && mkdir -m 700 ${reportDir} || exit ${PREP_RESET_FAILED}`,
      o.modelPatch.trim() ? `git apply --whitespace=nowarn /tmp/wb-model.patch || exit ${PREP_MODEL_PATCH_FAILED}` : 'true',
      restore || 'true',
      `git apply --whitespace=nowarn /tmp/wb-test.patch || exit ${PREP_TEST_PATCH_FAILED}`,
    ].join('\n');
    const prep = await c.exec(['sh', '-c', script], { timeoutSec: 180 });
    if (prep.exitCode === PREP_MODEL_PATCH_FAILED) return { kind: 'patch-apply-failed', output: prep.stderr || prep.stdout };
    if (prep.exitCode === PREP_RESET_FAILED) return { kind: 'verifier-error', output: `reset to base failed: ${prep.stderr}` };
    if (prep.exitCode !== 0) return { kind: 'verifier-error', output: `test_patch did not apply after restoring test files: ${prep.stderr}` };
    const framework = frameworkOf(o.row);
    const run = await c.exec(['sh', '-c', `cd ${APP} && ${testCommand(framework, o.row.selected_test_files_to_run, reportDir)}`], { timeoutSec: o.timeoutSec });
    if (run.timedOut) return { kind: 'timeout', output: run.stdout + run.stderr, durationMs: run.durationMs };
    const collect = framework === 'node-test'
      ? o.row.selected_test_files_to_run.map((f, i) => `echo '${NODE_FILE_MARK}${f.replace(/'/g, '')}'; cat ${reportDir}/tap-${i} 2>/dev/null`).join('; ')
      : `cat ${reportDir}/report`;
    const report = await c.exec(['sh', '-c', collect], { timeoutSec: 30 });
    const parser = TEST_PARSERS[framework];
    if (!parser) return { kind: 'verifier-error', output: `no parser for test framework ${framework}` };
    const tests = parser.parse(report.stdout);
    const pick = (ids: string[]) => Object.fromEntries(ids.map((id) => [id, tests[id] ?? ('MISSING' as const)]));
    const failToPass = pick(o.row.fail_to_pass);
    const passToPass = pick(o.row.pass_to_pass);
    const resolved = [...Object.values(failToPass), ...Object.values(passToPass)].every((s) => s === 'PASSED');
    return { kind: 'tested', resolved, tests, failToPass, passToPass, exitCode: run.exitCode, output: `${run.stdout}${run.stderr}\n--- report ---\n${report.stdout}`, durationMs: run.durationMs };
  });
}
