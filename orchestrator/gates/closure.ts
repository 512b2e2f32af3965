// The closure stewards' gates (SPEC 2.6): cont-EVAL, security, integration, documentation, cont-QA.
import type { AgentSummary } from '../markers/types.js';
import { GATE_DIMENSIONS } from '../markers/types.js';
import type { EvalTarget } from '../wave/types.js';
import { PASS } from './codes.js';
import type { GateName, GateResult } from './types.js';

const make = (gate: GateName, agentId: string, ok: boolean, statusCode: string, detail: string): GateResult => ({
  ok,
  gate,
  statusCode,
  agentId,
  detail,
});

/** E0: satisfied, exactly the declared targets, benchmarks from the allowed set, no regressions. */
export function evaluateContEvalGate(agentId: string, summary: AgentSummary | undefined, targets: readonly EvalTarget[]): GateResult {
  const m = summary?.eval;
  const g = (ok: boolean, code: string, detail: string) => make('cont-eval', agentId, ok, code, detail);
  if (!m) return g(false, 'missing-wave-eval', 'no [wave-eval] marker');
  if (m.state === 'blocked') return g(false, 'eval-blocked', m.detail || 'cont-EVAL is blocked');
  if (m.state !== 'satisfied') return g(false, 'eval-needs-more-work', m.detail || 'eval targets not yet satisfied');
  const declared = [...new Set(targets.map((t) => t.id))].sort();
  const reported = [...new Set(m.targetIds)].sort();
  if (declared.join(',') !== reported.join(','))
    return g(false, 'eval-target-mismatch', `reported targets [${reported.join(', ')}], declared [${declared.join(', ')}]`);
  const allowed = new Set(targets.flatMap((t) => t.benchmarks));
  const stray = m.benchmarkIds.filter((b) => !allowed.has(b));
  if (stray.length) return g(false, 'eval-benchmark-not-allowed', `benchmarks outside the allowed set: ${stray.join(', ')}`);
  if (m.regressions > 0) return g(false, 'eval-regressions', `${m.regressions} regression(s) reported`);
  return g(true, PASS, `${declared.length} eval target(s) satisfied`);
}

/** Security: clear passes, concerns passes but is reported, blocked fails. */
export function evaluateSecurityGate(agentId: string, summary: AgentSummary | undefined): GateResult {
  const m = summary?.security;
  if (!m) return make('security', agentId, false, 'missing-wave-security', 'no [wave-security] marker');
  if (m.state === 'blocked') return make('security', agentId, false, 'security-blocked', m.detail || `${m.findings} blocking finding(s)`);
  if (m.state === 'concerns')
    return make(
      'security',
      agentId,
      true,
      'security-concerns',
      `${m.findings} finding(s) reported as concerns${m.detail ? `: ${m.detail}` : ''}`,
    );
  return make('security', agentId, true, PASS, 'security review clear');
}

/** Conflicts the orchestrator computed, when the conflict-gating mechanism is on. */
export interface GatedConflict {
  overruled: string;
  prevailing: string;
  owner: string;
}

/**
 * Integration: the steward's [wave-integration] must say ready-for-doc-closure, and (conflict
 * gating) no computed claim conflict may be open, whatever the marker says.
 */
export function evaluateIntegrationGate(
  agentId: string,
  summary: AgentSummary | undefined,
  conflicts: readonly GatedConflict[] = [],
): GateResult {
  if (conflicts.length) {
    const list = conflicts.map((c) => `${c.overruled} (owner ${c.owner}) vs ${c.prevailing}`).join(', ');
    return {
      ...make('integration', agentId, false, 'integration-conflict-open', `${conflicts.length} unrepaired claim conflict(s): ${list}`),
    };
  }
  const m = summary?.integration;
  if (!m) return make('integration', agentId, false, 'missing-wave-integration', 'no [wave-integration] marker');
  if (m.state !== 'ready-for-doc-closure')
    return make(
      'integration',
      agentId,
      false,
      'integration-needs-more-work',
      `claims=${m.claims} conflicts=${m.conflicts} blockers=${m.blockers}${m.detail ? `: ${m.detail}` : ''}`,
    );
  return make('integration', agentId, true, PASS, 'ready for documentation closure');
}

/** Documentation: closed or no-change passes; an outstanding delta does not. */
export function evaluateDocumentationGate(agentId: string, summary: AgentSummary | undefined): GateResult {
  const m = summary?.docClosure;
  if (!m) return make('documentation', agentId, false, 'missing-wave-doc-closure', 'no [wave-doc-closure] marker');
  if (m.state === 'delta')
    return make(
      'documentation',
      agentId,
      false,
      'doc-closure-open',
      `documentation delta outstanding${m.paths.length ? ` in ${m.paths.join(', ')}` : ''}`,
    );
  return make('documentation', agentId, true, PASS, `documentation ${m.state}`);
}

/** cont-QA: verdict pass and every [wave-gate] dimension pass. */
export function evaluateContQaGate(agentId: string, summary: AgentSummary | undefined): GateResult {
  const verdict = summary?.verdict;
  if (!verdict) return make('cont-qa', agentId, false, 'missing-wave-verdict', 'no [wave-verdict] marker');
  if (verdict.verdict !== 'pass')
    return make('cont-qa', agentId, false, `cont-qa-${verdict.verdict}`, verdict.detail || `verdict ${verdict.verdict}`);
  const gate = summary.gate;
  if (!gate) return make('cont-qa', agentId, false, 'missing-wave-gate', 'no [wave-gate] marker');
  const failing = GATE_DIMENSIONS.find((d) => gate.dimensions[d] !== 'pass');
  if (failing)
    return make(
      'cont-qa',
      agentId,
      false,
      `gate-${failing}-${gate.dimensions[failing]}`,
      gate.detail || `${failing} is ${gate.dimensions[failing]}`,
    );
  return make('cont-qa', agentId, true, PASS, 'verdict pass, every gate dimension pass');
}
