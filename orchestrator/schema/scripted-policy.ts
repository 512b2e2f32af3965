// A scripted agent's policy (SPEC 3.3) as written in case files and policy JSON. zod lives only here.
import { z } from 'zod';
import { PRIORITIES, RECORD_KINDS, RECORD_STATUSES, CONFIDENCES } from './coordination-record.js';

const id = z.string().min(1);
const textList = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

export const TriggerSchema = z
  .object({
    start: z.literal(true).optional(),
    /** Every text must appear (one string or several). */
    inboxContains: textList.optional(),
    summaryContains: textList.optional(),
    /** Every text is known to the agent: in its private observations, its inbox or the shared summary. */
    knows: textList.optional(),
    /** The record is visible to the agent (inbox or summary) with an open status. */
    recordOpen: id.optional(),
    /** The record is visible to the agent with a terminal status. */
    recordResolved: id.optional(),
    attempt: z.number().int().positive().optional(),
    attemptAtLeast: z.number().int().positive().optional(),
  })
  .strict()
  .refine((t) => Object.keys(t).length > 0, { message: 'a trigger needs at least one condition (e.g. {"start": true})' });

export const PostActionSchema = z
  .object({
    id,
    kind: z.enum(RECORD_KINDS),
    targets: z.array(z.string()).default([]),
    summary: z.string().min(1),
    detail: z.string().default(''),
    priority: z.enum(PRIORITIES).default('normal'),
    status: z.enum(RECORD_STATUSES).default('open'),
    confidence: z.enum(CONFIDENCES).default('medium'),
    artifactRefs: z.array(z.string()).default([]),
    dependsOn: z.array(z.string()).default([]),
    closureCondition: z.string().optional(),
    required: z.boolean().default(false),
  })
  .strict();

export const ActionSchema = z.union([
  z.object({ post: PostActionSchema }).strict(),
  z.object({ ack: id }).strict(),
  z.object({ resolve: id }).strict(),
  z.object({ reassign: z.object({ id, targets: z.array(z.string()).min(1) }).strict() }).strict(),
  z.object({ writeFile: z.object({ path: z.string().min(1), content: z.string() }).strict() }).strict(),
  z.object({ marker: z.string().regex(/^\[wave-[a-z-]+\]/, 'a marker line starts with [wave-<name>]') }).strict(),
  z.object({ exit: z.number().int().min(0).max(255) }).strict(),
]);

export const ScriptedPolicySchema = z
  .object({
    agentId: id,
    /**
     * A live agent (the resident orchestrator's stand-in): instead of deciding once, it re-reads the
     * shared summary, the board and its inbox from the launcher's projections folder until it is
     * stopped, and each rule fires once, the first time its trigger holds.
     */
    live: z.boolean().optional(),
    rules: z.array(z.object({ when: TriggerSchema, unless: TriggerSchema.optional(), do: z.array(ActionSchema).min(1) }).strict()).min(1),
  })
  .strict();

export type ScriptedPolicyFile = z.input<typeof ScriptedPolicySchema>;
export type ScriptedPolicy = z.output<typeof ScriptedPolicySchema>;
export type ScriptedTrigger = z.output<typeof TriggerSchema>;
export type ScriptedAction = z.output<typeof ActionSchema>;
export type ScriptedPost = z.output<typeof PostActionSchema>;

/** Validates a policy; every problem as `path: message`. Never throws. */
export function parseScriptedPolicy(
  value: unknown,
): { ok: true; policy: ScriptedPolicy } | { ok: false; problems: { path: string; message: string }[] } {
  const parsed = ScriptedPolicySchema.safeParse(value);
  if (parsed.success) return { ok: true, policy: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((i) => ({
      path: i.path
        .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
        .join('')
        .replace(/^\./, ''),
      message: i.message,
    })),
  };
}
