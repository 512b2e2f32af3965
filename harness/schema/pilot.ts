// SWE-bench Pro inputs (SPEC 3.5): dataset rows in the public format and frozen pilot manifests.
// zod lives only in schema/ and load/.
import { z } from 'zod';
import { unsafeIdReason } from '../../orchestrator/index.js';

/** A list field given as a JSON array or as a Python-literal list string (`"['a', 'b']"`). */
export const ListField = z.union([
  z.array(z.string()),
  z.string().transform((text, ctx) => {
    const parsed = parsePythonList(text);
    if (parsed === undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `expected a list or a Python-literal list string, got ${JSON.stringify(text.slice(0, 60))}`,
      });
      return z.NEVER;
    }
    return parsed;
  }),
]);

/** Parses `['a', "b"]` (strings only, with \\ escapes); undefined when it is not such a list. */
export function parsePythonList(text: string): string[] | undefined {
  const t = text.trim();
  if (!t.startsWith('[') || !t.endsWith(']')) return undefined;
  const out: string[] = [];
  const body = t.slice(1, -1);
  const item = /\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\s*(,|$)/gy;
  let at = 0;
  while (at < body.length && body.slice(at).trim() !== '') {
    item.lastIndex = at;
    const m = item.exec(body);
    if (!m) return undefined;
    out.push((m[1] ?? m[2]!).replace(/\\(.)/g, '$1'));
    at = item.lastIndex;
  }
  return out;
}

export const DatasetRowSchema = z
  .object({
    // Becomes a folder name (build contexts, run scripts, item dirs) and part of an image tag.
    instance_id: z.string().refine(
      (id) => unsafeIdReason(id) === undefined,
      (id) => ({ message: `instance_id ${JSON.stringify(id)} ${unsafeIdReason(id)}` }),
    ),
    repo: z.string().min(1),
    repo_language: z.string().min(1),
    base_commit: z.string().regex(/^[0-9a-f]{7,40}$/, 'expected a git commit hash'),
    problem_statement: z.string().min(1),
    requirements: z.string().default(''),
    interface: z.string().default(''),
    patch: z.string(),
    test_patch: z.string(),
    fail_to_pass: ListField,
    pass_to_pass: ListField,
    selected_test_files_to_run: ListField,
    before_repo_set_cmd: z.string().default(''),
    dockerhub_tag: z.string().default(''),
    base_dockerfile: z.string().default(''),
    instance_dockerfile: z.string().default(''),
  })
  .passthrough();

export type DatasetRow = z.output<typeof DatasetRowSchema>;

const TaskRef = z
  .object({
    order: z.number().int().positive(),
    instance_id: z.string().refine(
      (id) => unsafeIdReason(id) === undefined,
      (id) => ({ message: `instance_id ${JSON.stringify(id)} ${unsafeIdReason(id)}` }),
    ),
    repo: z.string().min(1),
    repo_language: z.string().min(1),
  })
  .strict();

export const PilotManifestSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    title: z.string().min(1),
    benchmark: z.string().min(1),
    dataset: z.string().min(1),
    split: z.string().min(1),
    frozen: z.literal(true),
    sampling: z.string().min(1),
    comparisonReady: z.boolean(),
    reviewOnly: z.boolean().default(false),
    parent: z.string().optional(),
    subsetRule: z.string().optional(),
    tasks: z.array(TaskRef).min(1),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.parent && !m.subsetRule)
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['subsetRule'],
        message: 'a derivative manifest (with "parent") must state its "subsetRule"',
      });
    if (m.reviewOnly && m.comparisonReady)
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['comparisonReady'],
        message: 'a review-only manifest cannot be comparison-ready',
      });
    const ids = m.tasks.map((t) => t.instance_id);
    ids.forEach(
      (id, i) =>
        ids.indexOf(id) !== i &&
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['tasks', i, 'instance_id'], message: `duplicate task ${id}` }),
    );
  });

export type PilotManifest = z.output<typeof PilotManifestSchema>;

/** SWE-bench Pro's own per-instance test protocol (`run_scripts/<instance_id>/` of SWE-bench_Pro-os). */
export interface RunScripts {
  runScript: string;
  parser: string;
}
