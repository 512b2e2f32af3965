// What an agent reported through structured markers in its own log (SPEC 2.5).
import type { ComponentLevel, CompletionLevel, DocImpact, DurabilityLevel, ProofLevel } from '../wave/types.js';

export interface ProofMarker {
  completion: CompletionLevel;
  durability: DurabilityLevel;
  proof: ProofLevel;
  state: 'met' | 'gap';
  detail: string;
}
export interface DocDeltaMarker {
  state: DocImpact;
  paths: string[];
  detail: string;
}
export interface ComponentMarker {
  component: string;
  level: ComponentLevel;
  state: 'met' | 'gap';
  detail: string;
}
export interface IntegrationMarker {
  state: 'ready-for-doc-closure' | 'needs-more-work';
  claims: number;
  conflicts: number;
  blockers: number;
  detail: string;
}
export interface DocClosureMarker {
  state: 'closed' | 'no-change' | 'delta';
  paths: string[];
  detail: string;
}
export interface EvalMarker {
  state: 'satisfied' | 'needs-more-work' | 'blocked';
  targets: number;
  benchmarks: number;
  regressions: number;
  targetIds: string[];
  benchmarkIds: string[];
  detail: string;
}
export interface SecurityMarker {
  state: 'clear' | 'concerns' | 'blocked';
  findings: number;
  approvals: number;
  detail: string;
}
export type GateVerdict = 'pass' | 'concerns' | 'blocked';
export const GATE_DIMENSIONS = ['architecture', 'integration', 'durability', 'live', 'docs'] as const;
export type GateDimension = (typeof GATE_DIMENSIONS)[number];
export interface GateMarker {
  dimensions: Record<GateDimension, GateVerdict>;
  detail: string;
}
export interface GapMarker {
  kind: 'architecture' | 'integration' | 'durability' | 'ops' | 'docs';
  detail: string;
}
export interface VerdictMarker {
  verdict: GateVerdict;
  detail: string;
}

/** A marker line that was recognised but could not be accepted. */
export interface InvalidMarker {
  marker: string;
  line: string;
  reason: string;
}

/** Per-agent summary written next to the agent's log as JSON. Absent fields = marker not seen. */
export interface AgentSummary {
  agentId: string;
  proof?: ProofMarker;
  docDelta?: DocDeltaMarker;
  /** Last marker per component id. */
  components: Record<string, ComponentMarker>;
  integration?: IntegrationMarker;
  docClosure?: DocClosureMarker;
  eval?: EvalMarker;
  security?: SecurityMarker;
  gate?: GateMarker;
  /** Every `[wave-gap]` is kept, in order. */
  gaps: GapMarker[];
  verdict?: VerdictMarker;
  invalid: InvalidMarker[];
}
