// The result every gate returns (SPEC 2.6). statusCode is a stable kebab-case code, `pass` when ok.

export type GateName = 'implementation' | 'component' | 'barrier' | 'cont-eval' | 'security' | 'integration' | 'documentation' | 'cont-qa';

export interface GateResult {
  ok: boolean;
  gate: GateName;
  statusCode: string;
  agentId?: string;
  detail: string;
  /** For `shared-component-sibling-pending`: the owners still to satisfy the component. */
  waitingAgents?: string[];
}

/** All gates in their fixed order; `overall` is the first failure, or a pass. */
export interface GateSnapshot {
  ok: boolean;
  overall: GateResult;
  gates: GateResult[];
}
