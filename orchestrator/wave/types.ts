// The in-memory model of a wave (SPEC 2.1, 2.2): what the wave-file parser produces and everything else reads.

export const COMPONENT_LEVELS = [
  'inventoried',
  'contract-frozen',
  'repo-landed',
  'baseline-proved',
  'pilot-live',
  'qa-proved',
  'fleet-ready',
  'cutover-ready',
] as const;
export type ComponentLevel = (typeof COMPONENT_LEVELS)[number];

export const COMPLETION_LEVELS = ['contract', 'integrated', 'authoritative', 'live'] as const;
export const DURABILITY_LEVELS = ['none', 'ephemeral', 'durable'] as const;
export const PROOF_LEVELS = ['unit', 'integration', 'live'] as const;
export const DOC_IMPACT_LEVELS = ['none', 'owned', 'shared-plan'] as const;
export type CompletionLevel = (typeof COMPLETION_LEVELS)[number];
export type DurabilityLevel = (typeof DURABILITY_LEVELS)[number];
export type ProofLevel = (typeof PROOF_LEVELS)[number];
export type DocImpact = (typeof DOC_IMPACT_LEVELS)[number];

/** What an implementation agent promises to leave behind (SPEC 2.2 `### Exit contract`). */
export interface ExitContract {
  completion: CompletionLevel;
  durability: DurabilityLevel;
  proof: ProofLevel;
  docImpact: DocImpact;
}

export interface ProofArtifact {
  path: string;
  kind?: string;
  /** Component levels this artifact is required for; empty = always required. */
  requiredFor: ComponentLevel[];
}

/** Which closure role an agent plays. `implementation` is everyone else. */
export type AgentRole = 'implementation' | 'cont-eval' | 'security' | 'integration' | 'documentation' | 'cont-qa';

export interface AgentDefinition {
  id: string;
  title: string;
  role: AgentRole;
  /** The task text from the `### Prompt` fenced block. */
  prompt: string;
  ownedPaths: string[];
  capabilities: string[];
  components: string[];
  skills: string[];
  deliverables: string[];
  proofArtifacts: ProofArtifact[];
  exitContract?: ExitContract;
  /** `### Executor` key/values, e.g. { id: 'codex', model: '...' }. */
  executor: Record<string, string>;
}

export interface EvalTarget {
  id: string;
  selection: 'pinned' | 'delegated';
  benchmarkFamily: string;
  benchmarks: string[];
  objective: string;
  threshold: string;
}

/** Conventional ids of the closure stewards; configurable per wave. */
export interface ClosureRoleIds {
  contEval: string;
  integration: string;
  documentation: string;
  contQa: string;
}

export const DEFAULT_CLOSURE_IDS: ClosureRoleIds = { contEval: 'E0', integration: 'A8', documentation: 'A9', contQa: 'A0' };

export interface WaveDefinition {
  /** Wave number, from the file name `wave-<N>.md`. */
  wave: number;
  title: string;
  commitMessage?: string;
  /** Waves that must have completed (in this lane's run state) before this one starts. */
  dependsOn?: number[];
  /** Absolute path of the wave file it was parsed from (for messages). */
  file: string;
  componentPromotions: { component: string; level: ComponentLevel }[];
  evalTargets: EvalTarget[];
  agents: AgentDefinition[];
  closureIds: ClosureRoleIds;
}

/** Index of a level in its ordered list; higher = stronger. */
export function levelRank<T extends string>(levels: readonly T[], level: T): number {
  return levels.indexOf(level);
}
