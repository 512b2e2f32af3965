// `skills/<id>/skill.json`: a skill's metadata (issue 7). zod lives only here.
import { z } from 'zod';

export const SkillFileSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lowercase kebab-case id'),
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'expected a semantic version like 1.0.0'),
    roles: z.array(z.enum(['implementation', 'cont-eval', 'security', 'integration', 'documentation', 'cont-qa', 'all'])).default([]),
    executors: z.array(z.string()).default([]),
    description: z.string().min(1),
  })
  .strict();

export type SkillFile = z.output<typeof SkillFileSchema>;

export function parseSkillFile(value: unknown): { ok: true; skill: SkillFile } | { ok: false; problems: string[] } {
  const parsed = SkillFileSchema.safeParse(value);
  if (parsed.success) return { ok: true, skill: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`) };
}
