// The result model of a pilot run (kind "pilot"): the plain types results.json is written from, and
// the zod schema it is validated with when read back, before any report is rendered from it.
import { z } from 'zod';
import { GateRowSchema } from './results.js';
import type { ArmComparison, RunProvenance } from './native-results.js';

export const CLASSIFICATIONS = [
  'resolved',
  'empty-patch',
  'patch-apply-failed',
  'incorrect-patch',
  'timeout',
  'tests-not-run',
  'agent-error',
  'image-unavailable',
  'setup-failed',
  'verifier-error',
  'proof-blocked',
  'budget-exceeded',
] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];
/** Failures of the infrastructure, not of the model, whatever the instance: excluded from the infra-adjusted rate. */
export const INFRA_CLASSES: ReadonlySet<Classification> = new Set(['image-unavailable', 'setup-failed', 'verifier-error', 'agent-error']);

/** How the verification container reaches the network: `bridge` (SWE-bench Pro's default) or `none` (`--block-network`, or no bridge on the engine). */
export type VerifyNetwork = 'bridge' | 'none';

export interface ResolvedImage {
  image: string;
  digest: string;
  source: 'image-map' | 'sweap-local' | 'sweap-pulled' | 'built';
  /** Built images only: whether its RUN steps had the network. */
  buildNetwork?: boolean;
  /** For an image built the SWE-bench Pro way: the base image built from `base_dockerfile` that the instance image builds FROM. */
  base?: { image: string; digest: string; from: string };
}

/** An item's or an arm's usage. `costUsd` null: at least one run had no price (unknown model). */
export interface UsageTotals {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  cacheWriteInputTokens: number;
  turns: number;
  agentRuns: number;
  costUsd: number | null;
  /** Time spent waiting out rate limits in wave-bench's own retries. */
  rateLimitWaitMs: number;
}

/** How a pilot item's agents coordinated (see PilotItemResult.coordination). */
export interface PilotCoordination {
  attempts: number;
  records: number;
  responseMetrics: Record<string, unknown>;
  proofs: { registered: number; active: number };
  gates: { ok: boolean; gate: string; statusCode: string; agentId?: string; detail: string; waitingAgents?: string[] }[];
}

export interface PilotItemResult {
  itemId: string;
  instanceId: string;
  repo: string;
  language: string;
  arm: string;
  epoch: number;
  resolved: boolean;
  classification: Classification;
  infra: boolean;
  detail: string;
  image: ResolvedImage | null;
  /** `excerpt`: the first 4 KB of the patch, so reports can show it without the artifact files. */
  patch: { bytes: number; files: string[]; droppedBinary: string[]; excerpt?: string };
  tests: { failToPass: Record<string, string>; passToPass: Record<string, string>; exitCode: number | null };
  gate: { ok: boolean; statusCode: string } | null;
  /**
   * How the arm's agents coordinated (items whose wave ran): launcher attempts, records in the
   * coordination log, the response metrics of its last projection (ack latency, overdue acks,
   * overdue clarifications; times from the wave's clock), proof bundles, and the last gate snapshot.
   */
  coordination?: PilotCoordination;
  /** `tests` is the test command alone; everything else minus agent and tests is harness overhead. */
  durationsMs: { image: number; prepare: number; agent: number; verify: number; tests: number; total: number };
  inputHash: string;
  /** How the tests were run and read: `run_script.sh <sha256 prefix>` (SWE-bench Pro's scripts) or `framework <name>`. */
  verifier?: string;
  /** Tokens and cost summed over the item's agent runs (real CLIs only; absent for scripted, command and calibration agents). */
  usage?: UsageTotals;
  /** How many times the item ran; more than 1 only when --retry-infra re-ran an infrastructure failure. */
  runs?: number;
  /** The cluster node that ran the verification (`--backend swarm`). */
  node?: string;
  /** The cluster node whose agent job ran the item's agents (`--backend swarm`, real CLIs in the container). */
  agentNode?: string;
  /** The verification container's network: `bridge` (SWE-bench Pro's default) or `none` (`--block-network`, or no bridge on the engine). */
  verifyNetwork?: VerifyNetwork;
  /** Calibration had proved this instance's environment runs its tests (`--calibration`), so `tests-not-run` is the patch's doing. */
  environmentProven?: boolean;
  artifacts: { dir: string };
}

export interface ArmSummary {
  arm: string;
  items: number;
  resolved: number;
  strictRate: number;
  infraFailures: number;
  infraAdjustedRate: number;
  classes: Record<string, number>;
  /** Tokens and cost over the arm's items that ran real CLIs; `costPerResolvedUsd` null when cost is unknown or nothing resolved. */
  usage?: UsageTotals & { costPerResolvedUsd: number | null };
}

/** Items per cluster node (`--backend swarm`), by the node of each item's last job (`items[].node`). */
export interface NodeSummary {
  node: string;
  items: number;
  resolved: number;
  infraFailures: number;
}

export interface PilotResults {
  schemaVersion: 1;
  kind: 'pilot';
  metadata: RunProvenance & {
    manifest: { id: string; sha256: string; comparisonReady: boolean } | null;
    dataset: { file: string; sha256: string };
    fairness: {
      executor: string;
      model: string | null;
      /** Per agent run: wall time; per item: the token and cost ceilings over all its agent runs, when set. */
      budget: { agentMinutes: number; maxTokensPerItem?: number; maxCostPerItemUsd?: number };
      maxRetries: number;
      /** The agents ran inside the task's container (`--agent-in-container`); absent: on a host copy. */
      agentInContainer?: boolean;
      verifyTimeoutSec: number;
      verifyNetwork?: { mode: 'bridge' | 'none'; reason: string };
    };
    images: Record<string, { image: string; digest: string; source: string }>;
    seed: number;
    epochs: number;
    baselineArm: string | null;
    /** Whether RUN steps of task image builds had the network (`--build-network`); absent in runs before it existed. */
    buildNetwork?: boolean;
  };
  items: PilotItemResult[];
  arms: ArmSummary[];
  comparisons: ArmComparison[];
  quarantined: { instanceId: string; reason: string }[];
  /**
   * `--backend swarm` only: items per node, and the items that ended before any job ran
   * (`itemsWithoutNode`, e.g. an image that could not be resolved); the counts add up to `items`.
   */
  cluster?: { backend: 'swarm'; nodes: NodeSummary[]; itemsWithoutNode: number };
}

const ms = z.number();
const usage = z.object({
  inputTokens: ms,
  outputTokens: ms,
  cachedInputTokens: ms,
  cacheWriteInputTokens: ms,
  turns: ms,
  agentRuns: ms,
  costUsd: ms.nullable(),
  rateLimitWaitMs: ms,
});
export const PilotItemSchema = z.object({
  itemId: z.string(),
  instanceId: z.string(),
  repo: z.string(),
  language: z.string(),
  arm: z.string(),
  epoch: z.number().int().positive(),
  resolved: z.boolean(),
  classification: z.enum(CLASSIFICATIONS),
  infra: z.boolean(),
  detail: z.string(),
  image: z
    .object({
      image: z.string(),
      digest: z.string(),
      source: z.enum(['image-map', 'sweap-local', 'sweap-pulled', 'built']),
      buildNetwork: z.boolean().optional(),
      base: z.object({ image: z.string(), digest: z.string(), from: z.string() }).optional(),
    })
    .nullable(),
  patch: z.object({ bytes: z.number(), files: z.array(z.string()), droppedBinary: z.array(z.string()), excerpt: z.string().optional() }),
  tests: z.object({ failToPass: z.record(z.string()), passToPass: z.record(z.string()), exitCode: z.number().nullable() }),
  gate: z.object({ ok: z.boolean(), statusCode: z.string() }).nullable(),
  coordination: z
    .object({
      attempts: z.number().int(),
      records: z.number().int(),
      responseMetrics: z.record(z.unknown()),
      proofs: z.object({ registered: z.number().int(), active: z.number().int() }),
      gates: z.array(GateRowSchema),
    })
    .optional(),
  durationsMs: z.object({ image: ms, prepare: ms, agent: ms, verify: ms, tests: ms.default(0), total: ms }),
  inputHash: z.string(),
  verifier: z.string().optional(),
  runs: z.number().int().positive().optional(),
  usage: usage.optional(),
  node: z.string().optional(),
  agentNode: z.string().optional(),
  verifyNetwork: z.enum(['bridge', 'none']).optional(),
  environmentProven: z.boolean().optional(),
  artifacts: z.object({ dir: z.string() }),
});

export const PilotResultsSchema = z.object({
  schemaVersion: z.literal(1),
  kind: z.literal('pilot'),
  metadata: z.object({
    waveBenchVersion: z.string(),
    gitRevision: z.string().nullable(),
    node: z.string(),
    docker: z.string().nullable(),
    startedAt: z.string(),
    finishedAt: z.string(),
    commandLine: z.array(z.string()),
    manifest: z.object({ id: z.string(), sha256: z.string(), comparisonReady: z.boolean() }).nullable(),
    dataset: z.object({ file: z.string(), sha256: z.string() }),
    fairness: z.object({
      executor: z.string(),
      model: z.string().nullable(),
      budget: z.object({ agentMinutes: ms, maxTokensPerItem: ms.optional(), maxCostPerItemUsd: ms.optional() }),
      maxRetries: ms,
      agentInContainer: z.boolean().optional(),
      verifyTimeoutSec: ms,
      verifyNetwork: z.object({ mode: z.enum(['bridge', 'none']), reason: z.string() }).optional(),
    }),
    images: z.record(z.object({ image: z.string(), digest: z.string(), source: z.string() })),
    seed: ms,
    epochs: ms,
    baselineArm: z.string().nullable(),
    buildNetwork: z.boolean().optional(),
  }),
  items: z.array(PilotItemSchema),
  arms: z.array(
    z.object({
      arm: z.string(),
      items: ms,
      resolved: ms,
      strictRate: ms,
      infraFailures: ms,
      infraAdjustedRate: ms,
      classes: z.record(ms),
      usage: usage.extend({ costPerResolvedUsd: ms.nullable() }).optional(),
    }),
  ),
  comparisons: z.array(z.unknown()),
  quarantined: z.array(z.object({ instanceId: z.string(), reason: z.string() })),
  cluster: z
    .object({
      backend: z.literal('swarm'),
      nodes: z.array(z.object({ node: z.string(), items: ms, resolved: ms, infraFailures: ms })),
      itemsWithoutNode: ms,
    })
    .optional(),
});
