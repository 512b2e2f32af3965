// The coordination record as it is written to and read from the log (SPEC 2.3). zod lives only here.
import { z } from 'zod';

export const RECORD_KINDS = [
  'request',
  'ack',
  'claim',
  'evidence',
  'decision',
  'blocker',
  'handoff',
  'clarification-request',
  'orchestrator-guidance',
  'resolved-by-policy',
  'human-escalation',
  'human-feedback',
  'integration-summary',
] as const;
export const OPEN_STATUSES = ['open', 'acknowledged', 'in_progress'] as const;
export const TERMINAL_STATUSES = ['resolved', 'closed', 'superseded', 'cancelled'] as const;
export const RECORD_STATUSES = [...OPEN_STATUSES, ...TERMINAL_STATUSES] as const;
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const CONFIDENCES = ['low', 'medium', 'high'] as const;

const isoTimestamp = z.string().refine((value) => !Number.isNaN(Date.parse(value)), {
  message: 'expected an ISO-8601 timestamp',
});

/** One line of `.wave/<lane>/coordination/wave-<n>.jsonl`. An update is a new line with the same id. */
export const CoordinationRecordSchema = z
  .object({
    id: z.string().min(1),
    kind: z.enum(RECORD_KINDS),
    lane: z.string().min(1),
    wave: z.number().int().nonnegative(),
    agentId: z.string().min(1),
    targets: z.array(z.string()).default([]),
    status: z.enum(RECORD_STATUSES).default('open'),
    priority: z.enum(PRIORITIES).default('normal'),
    summary: z.string().default(''),
    detail: z.string().default(''),
    artifactRefs: z.array(z.string()).default([]),
    dependsOn: z.array(z.string()).default([]),
    closureCondition: z.string().optional(),
    confidence: z.enum(CONFIDENCES).default('medium'),
    createdAt: isoTimestamp,
    updatedAt: isoTimestamp,
    attempt: z.number().int().nonnegative().default(0),
    source: z.string().default('agent'),
    required: z.boolean().default(false),
  })
  .passthrough();

export type CoordinationRecordInput = z.input<typeof CoordinationRecordSchema>;

/** Validates one raw value as a record; the message names the first bad field. No throw. */
export function parseCoordinationRecord(value: unknown): { ok: true; record: z.output<typeof CoordinationRecordSchema> } | { ok: false; message: string } {
  const parsed = CoordinationRecordSchema.safeParse(value);
  if (parsed.success) return { ok: true, record: parsed.data };
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join('.') || '(record)';
  return { ok: false, message: `${field}: ${issue.message}` };
}
