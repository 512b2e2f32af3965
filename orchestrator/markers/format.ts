// Writing markers: the exact lines prompts ask for and the smoke/scripted agents print.
// Round-trips through parseAgentLog (tested), so prompts never teach a syntax the parser rejects.
import type {
  ComponentMarker,
  DocClosureMarker,
  DocDeltaMarker,
  EvalMarker,
  GapMarker,
  GateMarker,
  IntegrationMarker,
  ProofMarker,
  SecurityMarker,
  VerdictMarker,
} from './types.js';
import { GATE_DIMENSIONS } from './types.js';

const withDetail = (head: string, detail: string) => (detail ? `${head} detail=${detail.replace(/\s+/g, ' ').trim()}` : head);

export const formatMarker = {
  proof: (m: ProofMarker) =>
    withDetail(`[wave-proof] completion=${m.completion} durability=${m.durability} proof=${m.proof} state=${m.state}`, m.detail),
  docDelta: (m: DocDeltaMarker) => withDetail(`[wave-doc-delta] state=${m.state} paths=${m.paths.join(',')}`, m.detail),
  component: (m: ComponentMarker) => withDetail(`[wave-component] component=${m.component} level=${m.level} state=${m.state}`, m.detail),
  integration: (m: IntegrationMarker) =>
    withDetail(`[wave-integration] state=${m.state} claims=${m.claims} conflicts=${m.conflicts} blockers=${m.blockers}`, m.detail),
  docClosure: (m: DocClosureMarker) => withDetail(`[wave-doc-closure] state=${m.state} paths=${m.paths.join(',')}`, m.detail),
  eval: (m: EvalMarker) =>
    withDetail(
      `[wave-eval] state=${m.state} targets=${m.targets} benchmarks=${m.benchmarks} regressions=${m.regressions} target_ids=${m.targetIds.join(',')} benchmark_ids=${m.benchmarkIds.join(',')}`,
      m.detail,
    ),
  security: (m: SecurityMarker) => withDetail(`[wave-security] state=${m.state} findings=${m.findings} approvals=${m.approvals}`, m.detail),
  gate: (m: GateMarker) => withDetail(`[wave-gate] ${GATE_DIMENSIONS.map((d) => `${d}=${m.dimensions[d]}`).join(' ')}`, m.detail),
  gap: (m: GapMarker) => withDetail(`[wave-gap] kind=${m.kind}`, m.detail),
  verdict: (m: VerdictMarker) =>
    m.detail ? `[wave-verdict] ${m.verdict} detail=${m.detail.replace(/\s+/g, ' ').trim()}` : `[wave-verdict] ${m.verdict}`,
};
