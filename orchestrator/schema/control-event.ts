// A control-plane event as written to `.wave/<lane>/control/wave-<n>.jsonl` (SPEC 2.8). zod lives only here.
import { z } from 'zod';

export const ENTITY_TYPES = [
  'wave_run',
  'attempt',
  'agent_run',
  'gate',
  'proof_bundle',
  'rerun_request',
  'human_input',
  'coordination_alert',
  'benchmark_run',
  'benchmark_item',
  'verification',
  'review',
  'world_event',
  'clarification_triage',
  'orchestrator',
] as const;

export const ControlEventSchema = z
  .object({
    id: z.string().min(1),
    lane: z.string().min(1),
    wave: z.number().int().nonnegative(),
    runId: z.string().min(1),
    entityType: z.enum(ENTITY_TYPES),
    entityId: z.string().min(1),
    action: z.string().min(1),
    actor: z.string().min(1),
    source: z.string().default('launcher'),
    recordedAt: z.string().refine((v) => !Number.isNaN(Date.parse(v)), { message: 'expected an ISO-8601 timestamp' }),
    attempt: z.number().int().nonnegative().default(0),
    data: z.record(z.unknown()).default({}),
  })
  .passthrough();

/** Validates one raw line value; the message names the first bad field. Never throws. */
export function parseControlEvent(
  value: unknown,
): { ok: true; event: z.output<typeof ControlEventSchema> } | { ok: false; message: string } {
  const parsed = ControlEventSchema.safeParse(value);
  if (parsed.success) return { ok: true, event: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { ok: false, message: `${issue.path.join('.') || '(event)'}: ${issue.message}` };
}

/** A proof bundle as an operator registers it (`wave-bench control proof register --file`). */
export const ProofBundleFileSchema = z
  .object({
    agentId: z.string().min(1),
    authoritative: z.boolean().default(false),
    summary: z.string().default(''),
    artifacts: z
      .array(
        z.object({
          path: z.string().min(1),
          sha256: z
            .string()
            .regex(/^[0-9a-f]{64}$/)
            .optional(),
          kind: z.string().optional(),
        }),
      )
      .default([]),
    componentsMet: z.array(z.object({ component: z.string().min(1), level: z.string().min(1) })).default([]),
    proof: z.object({ completion: z.string(), durability: z.string(), proof: z.string() }).optional(),
    docDelta: z.string().optional(),
  })
  .strict();
export type ProofBundleFile = z.output<typeof ProofBundleFileSchema>;
