// How a verified item is classified (docs/pilots.md, "Classes"). Pure: the verification outcome,
// the patch, the gate and what calibration proved about the instance's environment go in; a class,
// whether it is an infrastructure failure, and the evidence come out.
//
// The rule for environments: if no selected test (fail_to_pass ∪ pass_to_pass) produced a result —
// every id MISSING, whether the run ended normally, the runner's setup hook failed, a service was
// missing, or the tests were killed at their time limit before any selected test reported — the
// item is `tests-not-run`. That is an infrastructure failure unless calibration proved this
// instance's environment runs its tests (the gold patch resolved in every calibration epoch): only
// then can the patch be blamed for stopping them.
import type { Classification } from '../schema/pilot-results.js';
import type { VerifyOutcome } from './pilot-verify.js';

export interface ClassifyInput {
  verify: VerifyOutcome | undefined;
  patch: string;
  /** The full wave refused to close. */
  gateFailed: boolean;
  /** The calibration agent `empty`: its verification is a measurement of the base, not a patch. */
  emptyAgent?: boolean;
  /** Calibration proved this instance's environment runs its tests (gold resolved in every epoch). */
  environmentProven?: boolean;
}

export interface Classified {
  classification: Classification;
  infra: boolean;
  detail: string;
}

type Statuses = Record<string, string>;

/** No selected test produced a result (an empty selection counts as "not run": nothing was measured). */
export function noSelectedTestRan(failToPass: Statuses, passToPass: Statuses): boolean {
  return Object.values({ ...failToPass, ...passToPass }).every((s) => s === 'MISSING');
}

/** Lines of the test output that say why the runner stopped before the tests (hook failures, refused connections, missing commands). */
export function setupEvidence(output: string, max = 3): string[] {
  const pattern = /hook|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ENETUNREACH|command not found|No such file|cannot find module|unreachable|error:/i;
  return [
    ...new Set(
      output
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && pattern.test(l)),
    ),
  ]
    .slice(0, max)
    .map((l) => l.slice(0, 200));
}

function notRun(v: { failToPass: Statuses; passToPass: Statuses; output: string }, how: string, proven: boolean): Classified {
  const missing = Object.keys({ ...v.failToPass, ...v.passToPass });
  const evidence = setupEvidence(v.output);
  const parts = [
    `${how}; no selected test produced a result`,
    missing.length
      ? `missing: ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ` (+${missing.length - 3} more)` : ''}`
      : 'the row lists no fail_to_pass or pass_to_pass test',
    ...(evidence.length ? [`output: ${evidence.join(' | ')}`] : []),
    proven
      ? 'calibration showed this environment runs its tests (gold resolved), so the patch stopped them: a model failure'
      : 'counted as infrastructure: nothing shows this environment runs its tests (calibrate it to tell a patch that stops the tests from a broken environment)',
  ];
  return { classification: 'tests-not-run', infra: !proven, detail: parts.join('; ') };
}

export function classifyItem(c: ClassifyInput): Classified {
  const v = c.verify;
  const proven = Boolean(c.environmentProven) && !c.emptyAgent;
  if (!c.patch.trim() && !c.emptyAgent) return { classification: 'empty-patch', infra: false, detail: 'the agent changed nothing' };
  if (!v) return { classification: 'verifier-error', infra: true, detail: 'verification did not run' };
  if (v.kind === 'patch-apply-failed') return { classification: 'patch-apply-failed', infra: false, detail: v.output.slice(0, 500) };
  if (v.kind === 'verifier-error') return { classification: 'verifier-error', infra: true, detail: v.output.slice(0, 500) };
  if (v.kind === 'timeout') {
    if (noSelectedTestRan(v.failToPass, v.passToPass))
      return notRun(v, `the test run was killed at the verify timeout (${v.durationMs} ms)`, proven);
    const done = Object.values({ ...v.failToPass, ...v.passToPass }).filter((s) => s !== 'MISSING').length;
    return {
      classification: 'timeout',
      infra: false,
      detail: `tests did not finish within the verify timeout (${v.durationMs} ms); ${done} selected test(s) had reported before the kill`,
    };
  }
  if (noSelectedTestRan(v.failToPass, v.passToPass)) return notRun(v, `the test run ended (exit ${v.exitCode})`, proven);
  if (c.emptyAgent) return { classification: 'empty-patch', infra: false, detail: 'the unchanged base, verified for calibration' };
  if (v.resolved) return { classification: 'resolved', infra: false, detail: 'every fail_to_pass and pass_to_pass test passed' };
  if (c.gateFailed)
    return {
      classification: 'proof-blocked',
      infra: false,
      detail: 'the full wave refused to close and the patch does not resolve the task',
    };
  const failing = Object.entries({ ...v.failToPass, ...v.passToPass })
    .filter(([, s]) => s !== 'PASSED')
    .map(([id, s]) => `${id}: ${s}`);
  return { classification: 'incorrect-patch', infra: false, detail: failing.slice(0, 10).join('; ') };
}
