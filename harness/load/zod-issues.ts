// Turns zod validation failures into InputIssues that name the file, the JSON path and the fix.
import type { ZodError, ZodIssue } from 'zod';
import type { InputIssue } from '../../orchestrator/index.js';

/** One InputIssue per zod issue, with a JSON path like `fixture.agents[1].capabilities[0]`. */
export function zodIssues(file: string, error: ZodError, pathPrefix: (string | number)[] = []): InputIssue[] {
  return error.issues.map((issue) => ({ file, where: jsonPath([...pathPrefix, ...issue.path]), message: describeIssue(issue) }));
}

/** `a.b[2].c` from a path array; `(root)` for an empty path. */
export function jsonPath(path: (string | number)[]): string {
  if (path.length === 0) return '(root)';
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

function describeIssue(issue: ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.received === 'undefined'
        ? `missing required field (expected ${issue.expected})`
        : `expected ${issue.expected}, got ${issue.received}`;
    case 'invalid_enum_value':
      return `expected one of ${issue.options.map((o) => JSON.stringify(o)).join(', ')}, got ${JSON.stringify(issue.received)}`;
    case 'unrecognized_keys':
      return `unknown field(s) ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}: remove or rename them`;
    default:
      return issue.message;
  }
}
