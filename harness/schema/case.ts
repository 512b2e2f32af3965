// A native eval case as written in `cases/<id>.json` (SPEC 3.2). zod lives only in schema/ and load/.
import { z } from 'zod';
import { RECORD_KINDS, RECORD_STATUSES } from '../../orchestrator/index.js';
import { METRIC_IDS, type MetricId } from './metrics.js';
import { ARM_MECHANISMS } from './arm.js';

const agentId = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'expected an agent id such as "A1"');
const lowerId = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lowercase id such as "queue-owner"');
const relPath = z.string().min(1);
const rules = z.array(z.unknown()).min(1);

const ObservationSchema = z
  .object({
    /** The record id an agent reporting it would use (so expectations can name the record). */
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lowercase record id such as "c-ledger-idempotent"')
      .optional(),
    text: z.string().min(1),
    /** Whom or what it concerns: `component:<id>`, `subject:<key>`, `agent:<id>`. */
    about: z
      .array(
        z
          .string()
          .regex(/^(component|subject|agent):[A-Za-z0-9][A-Za-z0-9-]*$/, 'expected "component:<id>", "subject:<key>" or "agent:<id>"'),
      )
      .default([]),
    /** What the agent holds: a fact (`evidence`), a belief it would assert (`claim`), or an open question (`question`, `clarification`) for `ask`. */
    kind: z.enum(['evidence', 'claim', 'question', 'clarification']).default('evidence'),
    /** For questions: who could answer (`capability:<cap>` or `agent:<id>`). */
    ask: z
      .array(z.string().regex(/^(capability|agent):[A-Za-z0-9][A-Za-z0-9-]*$/, 'expected "capability:<cap>" or "agent:<id>"'))
      .default([]),
  })
  .strict();

const ExitContractSchema = z
  .object({
    completion: z.enum(['contract', 'integrated', 'authoritative', 'live']),
    durability: z.enum(['none', 'ephemeral', 'durable']),
    proof: z.enum(['unit', 'integration', 'live']),
    docImpact: z.enum(['none', 'owned', 'shared-plan']),
  })
  .strict();

const CaseAgentSchema = z
  .object({
    id: agentId,
    title: z.string().min(1),
    capabilities: z.array(lowerId).default([]),
    components: z.array(lowerId).default([]),
    ownedPaths: z.array(relPath).min(1),
    deliverables: z.array(relPath).default([]),
    exitContract: ExitContractSchema.optional(),
    prompt: z.string().min(1),
    /**
     * What only this agent knows (SPEC 3.2): delivered to this agent alone, in a private file outside
     * the shared workspace. `about` names the subjects (`component:<id>`, `subject:<key>`) it concerns,
     * `kind` how an agent would report it.
     */
    observations: z.array(ObservationSchema).default([]),
    /** Scripted rules (SPEC 3.3), used by the `scripted` executor only; validated in full when the case loads. */
    rules,
  })
  .strict();

const SeedRecordSchema = z
  .object({
    id: z.string().min(1),
    kind: z.enum(RECORD_KINDS),
    agentId: z.string().min(1),
    targets: z.array(z.string()).default([]),
    summary: z.string().min(1),
    detail: z.string().default(''),
    priority: z.enum(['low', 'normal', 'high', 'urgent']).default('normal'),
    status: z.enum(RECORD_STATUSES).default('open'),
    closureCondition: z.string().optional(),
    required: z.boolean().default(false),
  })
  .strict();

export const CaseFileSchema = z
  .object({
    id: z.string().regex(/^wave-[a-z0-9-]+$/, 'expected an id like "wave-silo-cross-agent-state"'),
    title: z.string().min(1),
    family: lowerId,
    benchmarkId: z.string().min(1),
    description: z.string().min(1),
    fixture: z
      .object({
        primaryAgent: agentId,
        componentPromotions: z
          .array(
            z
              .object({
                component: lowerId,
                level: z.enum([
                  'inventoried',
                  'contract-frozen',
                  'repo-landed',
                  'baseline-proved',
                  'pilot-live',
                  'qa-proved',
                  'fleet-ready',
                  'cutover-ready',
                ]),
              })
              .strict(),
          )
          .default([]),
        agents: z.array(CaseAgentSchema).min(1),
        /** Removed in suite v2: stewards are never scripted by a case. Kept only to name the fix. */
        stewards: z.unknown().optional(),
        seedRecords: z.array(SeedRecordSchema).default([]),
        /** Records from outside the wave (CI, monitoring, a late report) that arrive when closure reaches `stage`. */
        arrivals: z
          .array(
            z
              .object({
                stage: z.enum(['cont-eval', 'security-review', 'integration', 'documentation', 'cont-qa']),
                record: SeedRecordSchema,
              })
              .strict(),
          )
          .default([]),
        preferredAgents: z.record(z.string()).default({}),
      })
      .strict(),
    expectations: z
      .object({
        facts: z
          .array(
            z
              .object({
                id: lowerId,
                token: z.string().min(3),
                holder: agentId,
                decisionChanging: z.boolean().default(true),
                deliverTo: z.array(agentId).default([]),
              })
              .strict(),
          )
          .default([]),
        decision: z
          .object({ kind: z.enum(['decision', 'evidence', 'claim']).default('decision'), tokens: z.array(z.string().min(3)).min(1) })
          .strict()
          .optional(),
        conflicts: z.array(z.object({ claims: z.tuple([z.string(), z.string()]) }).strict()).default([]),
        simultaneousBlockers: z.array(z.string()).default([]),
        routing: z.array(z.object({ request: z.string(), expectedAssignee: agentId }).strict()).default([]),
        specialistSignals: z.array(z.object({ agent: agentId, token: z.string().min(3) }).strict()).default([]),
        /** The right wave verdict: close, or refuse to close (an unanswerable request, say). An item whose verdict contradicts it cannot pass. */
        closure: z.enum(['close', 'must-not-close']).default('close'),
      })
      .strict(),
    /** The mechanisms this case probes (for "which mechanism mattered where"). */
    probes: z.array(z.enum(ARM_MECHANISMS)).default([]),
    scoring: z
      .object({
        primaryMetric: z.enum(METRIC_IDS as [MetricId, ...MetricId[]]),
        threshold: z.number().min(0).max(100),
        practicalWin: z.number().min(0).max(100).default(10),
        metrics: z.array(z.enum(METRIC_IDS as [MetricId, ...MetricId[]])).min(1),
      })
      .strict(),
  })
  .strict();

export type CaseFile = z.output<typeof CaseFileSchema>;

/** `cases/catalog.json`: every case is registered with its family and benchmark id. */
export const CatalogFileSchema = z
  .object({
    version: z.literal(1),
    families: z.record(z.string().regex(/^[a-z0-9][a-z0-9-]*$/), z.string().min(1)),
    cases: z.record(z.string(), z.object({ family: z.string(), benchmarkId: z.string() }).strict()),
  })
  .strict();
export type CatalogFile = z.output<typeof CatalogFileSchema>;
