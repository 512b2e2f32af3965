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

const KIND_SET: ReadonlySet<string> = new Set(RECORD_KINDS);
const STATUS_SET: ReadonlySet<string> = new Set(RECORD_STATUSES);
const PRIORITY_SET: ReadonlySet<string> = new Set(PRIORITIES);
const CONFIDENCE_SET: ReadonlySet<string> = new Set(CONFIDENCES);
const isStrings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');
const isTime = (v: unknown) => typeof v === 'string' && !Number.isNaN(Date.parse(v));

/**
 * The common case without zod: a line written by wave-bench has every field with the right type.
 * Exactly the checks of CoordinationRecordSchema for a complete record; anything else (missing
 * fields to default, a bad value to report) goes through the schema. Loading 100k records is ~5x faster.
 */
function isCompleteRecord(v: unknown): boolean {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const r = v as Record<string, unknown>;
  return (
    typeof r.id === 'string' &&
    r.id.length > 0 &&
    typeof r.kind === 'string' &&
    KIND_SET.has(r.kind) &&
    typeof r.lane === 'string' &&
    r.lane.length > 0 &&
    Number.isInteger(r.wave) &&
    (r.wave as number) >= 0 &&
    typeof r.agentId === 'string' &&
    r.agentId.length > 0 &&
    isStrings(r.targets) &&
    typeof r.status === 'string' &&
    STATUS_SET.has(r.status) &&
    typeof r.priority === 'string' &&
    PRIORITY_SET.has(r.priority) &&
    typeof r.summary === 'string' &&
    typeof r.detail === 'string' &&
    isStrings(r.artifactRefs) &&
    isStrings(r.dependsOn) &&
    (r.closureCondition === undefined || typeof r.closureCondition === 'string') &&
    typeof r.confidence === 'string' &&
    CONFIDENCE_SET.has(r.confidence) &&
    isTime(r.createdAt) &&
    isTime(r.updatedAt) &&
    Number.isInteger(r.attempt) &&
    (r.attempt as number) >= 0 &&
    typeof r.source === 'string' &&
    typeof r.required === 'boolean'
  );
}

/** Validates one raw value as a record; the message names the first bad field. No throw. */
export function parseCoordinationRecord(
  value: unknown,
): { ok: true; record: z.output<typeof CoordinationRecordSchema> } | { ok: false; message: string } {
  if (isCompleteRecord(value)) return { ok: true, record: value as z.output<typeof CoordinationRecordSchema> };
  const parsed = CoordinationRecordSchema.safeParse(value);
  if (parsed.success) return { ok: true, record: parsed.data };
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join('.') || '(record)';
  return { ok: false, message: `${field}: ${issue.message}` };
}
