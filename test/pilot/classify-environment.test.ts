// Environment failures are never charged to the patch: a verification in which no selected test
// produced a result is `tests-not-run`, infrastructure unless calibration proved the environment;
// calibration never approves a run in which the tests did not run. Every edge of the rule.
import { describe, expect, it } from 'vitest';
import { classifyItem, noSelectedTestRan, setupEvidence } from '../../harness/run/pilot-classify.js';
import type { VerifyOutcome } from '../../harness/run/pilot-verify.js';
import { provenEnvironments, quarantine, summarisePilot } from '../../harness/run/pilot.js';
import type { PilotItemResult } from '../../harness/schema/pilot-results.js';

const F2P = 'test/database.js | Test database test/database/keys.js::Key methods should return multiple keys';
const P2P = 'test/database.js | Test database should work';
const tested = (failToPass: Record<string, string>, passToPass: Record<string, string>, output = ''): VerifyOutcome => ({
  kind: 'tested',
  resolved: [...Object.values(failToPass), ...Object.values(passToPass)].every((s) => s === 'PASSED'),
  tests: {},
  failToPass: failToPass as never,
  passToPass: passToPass as never,
  exitCode: 1,
  output,
  durationMs: 1200,
});
const timedOut = (failToPass: Record<string, string>, passToPass: Record<string, string>, output = ''): VerifyOutcome => ({
  kind: 'timeout',
  failToPass: failToPass as never,
  passToPass: passToPass as never,
  output,
  durationMs: 120_000,
});
const PATCH = 'diff --git a/src/x.js b/src/x.js\n';
// The shape of NodeBB's failure when redis never started: mocha's root hook fails, no test runs.
const HOOK_FAILURE =
  'Running selected tests: test/database.js\n  1) "before all" hook in "{root}"\n  Error: connect ECONNREFUSED 127.0.0.1:6379\n      at TCPConnectWrap.afterConnect';

describe('tests-not-run: the rule and its edges', () => {
  it('every selected id MISSING after a normal exit is tests-not-run, infrastructure, with the hook message and the missing ids quoted', () => {
    const c = classifyItem({ verify: tested({ [F2P]: 'MISSING' }, { [P2P]: 'MISSING' }, HOOK_FAILURE), patch: PATCH, gateFailed: false });
    expect(c).toMatchObject({ classification: 'tests-not-run', infra: true });
    expect(c.detail).toContain('ECONNREFUSED 127.0.0.1:6379');
    expect(c.detail).toContain('"before all" hook');
    expect(c.detail).toContain(F2P);
  });

  it("with a proven environment the same outcome is the patch's doing (a model failure) and says why", () => {
    const c = classifyItem({
      verify: tested({ [F2P]: 'MISSING' }, { [P2P]: 'MISSING' }, HOOK_FAILURE),
      patch: PATCH,
      gateFailed: false,
      environmentProven: true,
    });
    expect(c).toMatchObject({ classification: 'tests-not-run', infra: false });
    expect(c.detail).toMatch(/calibration showed this environment runs its tests/);
  });

  it('killed at the time limit before any selected test reported (e.g. npm install hanging offline) is tests-not-run, not timeout', () => {
    expect(classifyItem({ verify: timedOut({ [F2P]: 'MISSING' }, { [P2P]: 'MISSING' }), patch: PATCH, gateFailed: false })).toMatchObject({
      classification: 'tests-not-run',
      infra: true,
    });
    expect(
      classifyItem({
        verify: timedOut({ [F2P]: 'MISSING' }, { [P2P]: 'MISSING' }),
        patch: PATCH,
        gateFailed: false,
        environmentProven: true,
      }),
    ).toMatchObject({ classification: 'tests-not-run', infra: false });
  });

  it('killed after some selected test reported is timeout, a model failure', () => {
    const c = classifyItem({ verify: timedOut({ [F2P]: 'MISSING' }, { [P2P]: 'PASSED' }), patch: PATCH, gateFailed: false });
    expect(c).toMatchObject({ classification: 'timeout', infra: false });
    expect(c.detail).toMatch(/1 selected test\(s\) had reported/);
  });

  it('one selected test reported is enough for the tests to have run: the rest MISSING is incorrect-patch', () => {
    const c = classifyItem({ verify: tested({ [F2P]: 'MISSING' }, { [P2P]: 'PASSED' }), patch: PATCH, gateFailed: false });
    expect(c).toMatchObject({ classification: 'incorrect-patch', infra: false });
    expect(c.detail).toBe(`${F2P}: MISSING`);
  });

  it('a row with no selected tests measures nothing: tests-not-run, infrastructure', () => {
    expect(noSelectedTestRan({}, {})).toBe(true);
    expect(classifyItem({ verify: tested({}, {}), patch: PATCH, gateFailed: false })).toMatchObject({
      classification: 'tests-not-run',
      infra: true,
    });
  });

  it('the calibration agent `empty` is never blamed: tests-not-run stays infrastructure even when proven; tests that ran make it empty-patch', () => {
    expect(
      classifyItem({ verify: tested({ [F2P]: 'MISSING' }, {}), patch: '', gateFailed: false, emptyAgent: true, environmentProven: true }),
    ).toMatchObject({ classification: 'tests-not-run', infra: true });
    expect(classifyItem({ verify: tested({ [F2P]: 'FAILED' }, {}), patch: '', gateFailed: false, emptyAgent: true })).toMatchObject({
      classification: 'empty-patch',
      infra: false,
    });
  });

  it('the other classes keep their meaning', () => {
    expect(classifyItem({ verify: undefined, patch: '', gateFailed: false })).toMatchObject({
      classification: 'empty-patch',
      infra: false,
    });
    expect(
      classifyItem({ verify: { kind: 'patch-apply-failed', output: 'error: patch failed' }, patch: PATCH, gateFailed: false }),
    ).toMatchObject({ classification: 'patch-apply-failed', infra: false });
    expect(classifyItem({ verify: { kind: 'verifier-error', output: 'parser.py failed' }, patch: PATCH, gateFailed: false })).toMatchObject(
      { classification: 'verifier-error', infra: true },
    );
    expect(classifyItem({ verify: tested({ [F2P]: 'PASSED' }, { [P2P]: 'PASSED' }), patch: PATCH, gateFailed: false })).toMatchObject({
      classification: 'resolved',
      infra: false,
    });
    expect(classifyItem({ verify: tested({ [F2P]: 'FAILED' }, { [P2P]: 'PASSED' }), patch: PATCH, gateFailed: true })).toMatchObject({
      classification: 'proof-blocked',
      infra: false,
    });
  });

  it('setup evidence picks the lines that say why, not the noise', () => {
    expect(
      setupEvidence('npm WARN deprecated x\nnpm ERR! code EAI_AGAIN\nnpm ERR! request to https://registry.npmjs.org/x failed\nok'),
    ).toEqual(['npm ERR! code EAI_AGAIN']);
  });
});

const item = (
  instanceId: string,
  arm: string,
  epoch: number,
  classification: string,
  failToPass: Record<string, string>,
  passToPass: Record<string, string>,
  infra = false,
  digest = 'sha256:aaa',
): PilotItemResult => ({
  itemId: `${instanceId}::${arm}::${epoch}`,
  instanceId,
  repo: 'r',
  language: 'js',
  arm,
  epoch,
  resolved: classification === 'resolved',
  classification: classification as never,
  infra,
  detail: `${classification} detail`,
  image: { image: 'wave-bench/task:x', digest, source: 'built' },
  patch: { bytes: 0, files: [], droppedBinary: [] },
  tests: { failToPass, passToPass, exitCode: 0 },
  gate: null,
  durationsMs: { image: 0, prepare: 0, agent: 0, verify: 0, tests: 0, total: 0 },
  inputHash: 'h',
  artifacts: { dir: '/x' },
});

describe('calibration proves the environment', () => {
  it('an instance whose gold resolves and whose base fails f2p while passing p2p is approved and proven', () => {
    const items = [
      item('ok', 'gold', 1, 'resolved', { a: 'PASSED' }, { b: 'PASSED' }),
      item('ok', 'empty', 1, 'empty-patch', { a: 'FAILED' }, { b: 'PASSED' }),
    ];
    expect(quarantine(items)).toEqual([]);
    expect([...provenEnvironments(items, [])]).toEqual([['ok', 'sha256:aaa']]);
  });

  it('proof is tied to one image: gold epochs on two different images prove nothing', () => {
    const items = [
      item('x', 'gold', 1, 'resolved', { a: 'PASSED' }, {}, false, 'sha256:aaa'),
      item('x', 'gold', 2, 'resolved', { a: 'PASSED' }, {}, false, 'sha256:bbb'),
    ];
    expect(provenEnvironments(items, []).size).toBe(0);
  });

  it('a MISSING fail_to_pass test on the base is not "the base fails": quarantined', () => {
    const q = quarantine([
      item('x', 'gold', 1, 'resolved', { a: 'PASSED' }, { b: 'PASSED' }),
      item('x', 'empty', 1, 'empty-patch', { a: 'MISSING' }, { b: 'PASSED' }),
    ]);
    expect(q).toHaveLength(1);
    expect(q[0]!.reason).toMatch(/does not fail its fail_to_pass tests \(epoch 1: a: MISSING\)/);
  });

  it('an empty run in which no test ran is a broken environment, never a stable fail', () => {
    const q = quarantine([
      item('x', 'gold', 1, 'resolved', { a: 'PASSED' }, {}),
      item('x', 'empty', 1, 'tests-not-run', { a: 'MISSING' }, {}, true),
    ]);
    expect(q[0]!.reason).toMatch(/tests did not run under the empty patch \(epoch 1\), the environment is broken/);
  });

  it('a base that hangs (killed at the time limit) fails its tests when gold ran them to the end in the same calibration; without that it is quarantined', () => {
    const hung = {
      ...item('x', 'empty', 1, 'tests-not-run', { a: 'MISSING' }, { b: 'PASSED', c: 'MISSING' }, true),
      tests: { failToPass: { a: 'MISSING' }, passToPass: { b: 'PASSED', c: 'MISSING' }, exitCode: null },
    };
    expect(quarantine([item('x', 'gold', 1, 'resolved', { a: 'PASSED' }, { b: 'PASSED', c: 'PASSED' }), hung])).toEqual([]);
    expect(quarantine([hung])[0]!.reason).toMatch(/tests did not run under the empty patch/);
    expect(quarantine([item('x', 'gold', 1, 'incorrect-patch', { a: 'FAILED' }, {}), hung])[0]!.reason).toMatch(
      /tests did not run under the empty patch/,
    );
    // A pass_to_pass test the hanging base did report must have passed.
    const hungFailing = { ...hung, tests: { ...hung.tests, passToPass: { b: 'FAILED', c: 'MISSING' } } };
    expect(quarantine([item('x', 'gold', 1, 'resolved', { a: 'PASSED' }, {}), hungFailing])[0]!.reason).toMatch(
      /does not pass its pass_to_pass tests \(epoch 1: b: FAILED\)/,
    );
  });

  it('gold under which the tests did not run is quarantined with that reason, and is not proven', () => {
    const items = [
      item('x', 'gold', 1, 'tests-not-run', { a: 'MISSING' }, {}, true),
      item('x', 'empty', 1, 'empty-patch', { a: 'FAILED' }, {}),
    ];
    const q = quarantine(items);
    expect(q[0]!.reason).toMatch(/tests did not run under the gold patch/);
    expect(provenEnvironments(items, q).size).toBe(0);
  });

  it('a base that fails a pass_to_pass test, or one gold epoch out of two, is quarantined', () => {
    expect(quarantine([item('x', 'empty', 1, 'empty-patch', { a: 'FAILED' }, { b: 'FAILED' })])[0]!.reason).toMatch(
      /does not pass its pass_to_pass tests/,
    );
    expect(quarantine([item('x', 'gold', 1, 'resolved', {}, {}), item('x', 'gold', 2, 'incorrect-patch', {}, {})])[0]!.reason).toMatch(
      /gold patch resolved 1\/2 epochs/,
    );
  });

  it('infrastructure tests-not-run items leave the infra-adjusted denominator; model-blamed ones stay in it', () => {
    const [s] = summarisePilot([
      item('a', 'arm', 1, 'resolved', {}, {}),
      item('b', 'arm', 1, 'tests-not-run', {}, {}, true),
      item('c', 'arm', 1, 'tests-not-run', {}, {}, false),
    ]);
    expect(s).toMatchObject({ items: 3, resolved: 1, infraFailures: 1, infraAdjustedRate: 50, strictRate: 33.33 });
  });
});
