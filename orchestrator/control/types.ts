// Plain types of the control plane (SPEC 2.8). No zod past this point.
import type { ENTITY_TYPES } from '../schema/control-event.js';

export type EntityType = (typeof ENTITY_TYPES)[number];

export interface ControlEvent {
  id: string;
  lane: string;
  wave: number;
  runId: string;
  entityType: EntityType;
  entityId: string;
  action: string;
  actor: string;
  source: string;
  recordedAt: string;
  attempt: number;
  data: Record<string, unknown>;
}

export interface ProofArtifactRef {
  path: string;
  sha256?: string;
  kind?: string;
}

/** An operator-registered proof bundle, with its lifecycle state folded from events. */
export interface ProofBundle {
  id: string;
  agentId: string;
  authoritative: boolean;
  summary: string;
  artifacts: ProofArtifactRef[];
  componentsMet: { component: string; level: string }[];
  proof?: { completion: string; durability: string; proof: string };
  docDelta?: string;
  registeredAt: string;
  state: 'active' | 'superseded' | 'revoked';
  /** The bundle that superseded this one, or the revoke reason. */
  supersededBy?: string;
  revokedReason?: string;
}

export interface RerunRequest {
  id: string;
  agentIds: string[];
  phase?: string;
  /** Agents whose last result is kept even when another selector names them. */
  reuse: string[];
  /** Components whose owners must run again (their earlier results are not reused). */
  invalidateComponents: string[];
  /** Attempts whose accepted results are reused for every agent not named to run again. */
  reuseAttempts: number[];
  /** Active authoritative proof bundles whose agents are kept (not relaunched). */
  reuseProofBundles: string[];
  requestedBy: string;
  requestedAt: string;
  state: 'requested' | 'applied' | 'cancelled';
}

export interface HumanInput {
  id: string;
  question: string;
  answer?: string;
  state: 'asked' | 'answered';
}

export interface AttemptState {
  attempt: number;
  state: 'started' | 'finished';
  ok?: boolean;
  statusCode?: string;
}

/** Everything the control plane knows, folded from its events. */
export interface ControlState {
  proofBundles: ProofBundle[];
  /** The latest active bundle per agent (authoritative or not). */
  activeBundleByAgent: Record<string, ProofBundle>;
  activeRerun?: RerunRequest;
  attempts: AttemptState[];
  humanInputs: HumanInput[];
  alertKeys: Record<string, string>;
  issues: string[];
}
