// Pilot results.json as read back (kind "pilot"); validated before any report is rendered from it.
import { z } from 'zod';

const ms = z.number();
const usage = z.object({ inputTokens: ms, outputTokens: ms, cachedInputTokens: ms, cacheWriteInputTokens: ms, turns: ms, agentRuns: ms, costUsd: ms.nullable(), rateLimitWaitMs: ms });
export const PilotItemSchema = z.object({
  itemId: z.string(), instanceId: z.string(), repo: z.string(), language: z.string(), arm: z.string(), epoch: z.number().int().positive(),
  resolved: z.boolean(),
  classification: z.enum(['resolved', 'empty-patch', 'patch-apply-failed', 'incorrect-patch', 'timeout', 'tests-not-run', 'agent-error', 'image-unavailable', 'setup-failed', 'verifier-error', 'proof-blocked']),
  infra: z.boolean(), detail: z.string(),
  image: z.object({ image: z.string(), digest: z.string(), source: z.enum(['image-map', 'sweap-local', 'sweap-pulled', 'built']), buildNetwork: z.boolean().optional(), base: z.object({ image: z.string(), digest: z.string(), from: z.string() }).optional() }).nullable(),
  patch: z.object({ bytes: z.number(), files: z.array(z.string()), droppedBinary: z.array(z.string()), excerpt: z.string().optional() }),
  tests: z.object({ failToPass: z.record(z.string()), passToPass: z.record(z.string()), exitCode: z.number().nullable() }),
  gate: z.object({ ok: z.boolean(), statusCode: z.string() }).nullable(),
  durationsMs: z.object({ image: ms, prepare: ms, agent: ms, verify: ms, tests: ms.default(0), total: ms }),
  inputHash: z.string(),
  verifier: z.string().optional(),
  runs: z.number().int().positive().optional(),
  usage: usage.optional(),
  verifyNetwork: z.enum(['bridge', 'none']).optional(),
  environmentProven: z.boolean().optional(),
  artifacts: z.object({ dir: z.string() }),
});

export const PilotResultsSchema = z.object({
  schemaVersion: z.literal(1),
  kind: z.literal('pilot'),
  metadata: z.object({
    waveBenchVersion: z.string(), gitRevision: z.string().nullable(), node: z.string(), docker: z.string().nullable(), startedAt: z.string(), finishedAt: z.string(), commandLine: z.array(z.string()),
    manifest: z.object({ id: z.string(), sha256: z.string(), comparisonReady: z.boolean() }).nullable(),
    dataset: z.object({ file: z.string(), sha256: z.string() }),
    fairness: z.object({ executor: z.string(), model: z.string().nullable(), budget: z.object({ agentMinutes: ms }), maxRetries: ms, verifyTimeoutSec: ms, verifyNetwork: z.object({ mode: z.enum(['bridge', 'none']), reason: z.string() }).optional() }),
    images: z.record(z.object({ image: z.string(), digest: z.string(), source: z.string() })),
    seed: ms, epochs: ms, baselineArm: z.string().nullable(),
    buildNetwork: z.boolean().optional(),
  }),
  items: z.array(PilotItemSchema),
  arms: z.array(z.object({ arm: z.string(), items: ms, resolved: ms, strictRate: ms, infraFailures: ms, infraAdjustedRate: ms, classes: z.record(ms), usage: usage.extend({ costPerResolvedUsd: ms.nullable() }).optional() })),
  comparisons: z.array(z.unknown()),
  quarantined: z.array(z.object({ instanceId: z.string(), reason: z.string() })),
});
