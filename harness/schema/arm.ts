// The arm file a human writes (`arm-templates/<id>.json`, SPEC 3.1). zod lives only in schema/ and load/.
import { z } from 'zod';

export const ARM_MECHANISMS = [
  'multi-agent',
  'summary',
  'inboxes',
  'routing',
  'closure-gates',
  'retry',
  'conflict-gating',
  'late-evidence',
  'overdue-reroute',
  'evidence-ranking',
  'unroutable-blocking',
  'knowledge',
] as const;

export const ArmFileSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-{1,2}[a-z0-9]+)*$/, 'expected a kebab-case id such as "full-wave--no-inboxes"'),
    title: z.string().min(1),
    description: z.string().min(1),
    /** base arms run by default; ablations only when asked for by --arm or --ablations. */
    kind: z.enum(['base', 'ablation']),
    features: z
      .object({
        agents: z.enum(['all', 'primary']),
        summary: z.enum(['compiled', 'counts', 'none']),
        inboxes: z.boolean(),
        routing: z.boolean(),
        closure: z.boolean(),
        retry: z.boolean(),
        /** The closure mechanisms (SPEC 3.2); each defaults to on and is switched off by an ablation. */
        conflictGating: z.boolean().default(true),
        lateEvidence: z.boolean().default(true),
        overdueReroute: z.boolean().default(true),
        evidenceRanking: z.boolean().default(true),
        unroutableBlocking: z.boolean().default(true),
      })
      .strict(),
    /** Whose private observations the agents get: their own, or (one agent) the union of everyone's. */
    knowledge: z.enum(['own', 'union']).default('own'),
    /** For ablations: the arm it is derived from and the mechanism it removes. */
    ablationOf: z.string().optional(),
    removes: z.enum(ARM_MECHANISMS).optional(),
  })
  .strict()
  .superRefine((arm, ctx) => {
    if (arm.kind === 'ablation' && (!arm.ablationOf || !arm.removes)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['removes'],
        message: 'an ablation arm names `ablationOf` (its parent arm) and `removes` (the mechanism it turns off)',
      });
    }
  });

export type ArmFile = z.infer<typeof ArmFileSchema>;
