// results.json as read back (SPEC 3.6, docs/results-schema.md). Reports are rendered only from
// data that passed this schema; zod lives only in schema/ and load/.
import { z } from 'zod';

const num = z.number();
/** One gate of a snapshot (native items' `gates`, pilot items' `coordination.gates`). */
export const GateRowSchema = z.object({
  ok: z.boolean(),
  gate: z.string(),
  statusCode: z.string(),
  agentId: z.string().optional(),
  detail: z.string(),
  waitingAgents: z.array(z.string()).optional(),
});
const ItemSchema = z
  .object({
    itemId: z.string().min(1),
    caseId: z.string(),
    family: z.string(),
    benchmarkId: z.string(),
    arm: z.string(),
    epoch: z.number().int().positive(),
    metrics: z.record(num),
    primary: z
      .object({
        metric: z.string(),
        direction: z.enum(['higher', 'lower']),
        value: num,
        alignedScore: num,
        threshold: num,
        passed: z.boolean(),
      })
      .strict(),
    classification: z.enum(['passed', 'failed', 'infra-error']),
    infraErrors: z.array(z.string()).optional(),
    budgetExceeded: z.string().optional(),
    verdict: z
      .object({ expected: z.enum(['close', 'must-not-close']), closed: z.boolean(), agrees: z.boolean() })
      .strict()
      .optional(),
    live: z
      .object({
        attempts: z.number().int(),
        relaunchesByRole: z.record(z.number()),
        gateOutcome: z.enum(['pass', 'fail']),
        failingStatusCode: z.string().nullable(),
        finalStatus: z.string(),
        exitCode: z.number().int(),
        recordsWritten: z.number().int(),
        responseMetrics: z.unknown(),
        wallTimeMs: num,
        agentProcessTimeMs: num,
      })
      .strict(),
    gates: z.array(GateRowSchema).default([]),
    logExcerpt: z.string().default(''),
    artifacts: z.object({ workspace: z.string(), traceDir: z.string().nullable() }).strict(),
  })
  .strict();

export const NativeResultsSchema = z
  .object({
    schemaVersion: z.literal(1),
    kind: z.literal('native'),
    metadata: z
      .object({
        waveBenchVersion: z.string(),
        gitRevision: z.string().nullable(),
        node: z.string(),
        docker: z.string().nullable(),
        startedAt: z.string(),
        finishedAt: z.string(),
        commandLine: z.array(z.string()),
        inputHashes: z.object({ cases: z.record(z.string()), arms: z.record(z.string()) }).strict(),
        fairness: z
          .object({
            executor: z.string(),
            model: z.string().nullable(),
            budget: z
              .object({ agentMinutes: num, turns: num.nullable(), maxTokensPerItem: num.optional(), maxCostPerItemUsd: num.optional() })
              .strict(),
            maxRetries: num,
            temperature: z.string().nullable(),
            verifier: z.string(),
            dataset: z.string(),
          })
          .strict(),
        seed: num,
        epochs: num,
        baselineArm: z.string(),
        baselineArms: z.array(z.string()).optional(),
        arms: z.array(
          z
            .object({
              id: z.string(),
              kind: z.enum(['base', 'ablation']),
              ablationOf: z.string().optional(),
              removes: z.string().optional(),
              features: z.record(z.unknown()),
            })
            .strict(),
        ),
      })
      .strict(),
    items: z.array(ItemSchema),
    families: z.array(z.object({ family: z.string(), arm: z.string(), n: num, meanAlignedScore: num, passRate: num }).strict()),
    comparisons: z.array(
      z
        .object({
          baseline: z.string(),
          arm: z.string(),
          pairs: num,
          distinctCases: num.optional(),
          meanDelta: num,
          ci: z.object({ level: num, low: num, high: num, resamples: num, seed: num }).strict(),
          mcnemar: z.object({ baselineOnly: num, armOnly: num, pValue: num }).strict(),
          confidentWin: z.boolean(),
          practicalWin: z.boolean(),
        })
        .strict(),
    ),
    epochs: z.array(z.object({ arm: z.string(), epochs: num, passAtK: num, passHatK: num, flakyUnits: z.array(z.string()) }).strict()),
    repeats: z
      .object({ epochs: num, distinctCases: num, identicalEpochs: z.boolean(), differingCells: z.array(z.string()) })
      .strict()
      .optional(),
    mechanisms: z.array(
      z
        .object({
          arm: z.string(),
          ablationOf: z.string(),
          removes: z.string(),
          casesLost: z.array(z.string()),
          casesGained: z.array(z.string()),
          flips: z.array(z.object({ caseId: z.string(), change: z.enum(['lost', 'gained']), declared: z.boolean() }).strict()).optional(),
          declaredUnflipped: z.array(z.string()).optional(),
        })
        .strict(),
    ),
  })
  .strict();
