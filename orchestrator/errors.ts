// Typed errors with stable codes. Library code throws these; only the CLI entry decides exit codes.

/** A known failure: bad input, a missing engine, an unknown id. Printed as one message plus a fix. */
export class WaveBenchError extends Error {
  readonly code: string;
  readonly fix?: string;
  readonly exitCode: number;
  constructor(code: string, message: string, options: { fix?: string; exitCode?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'WaveBenchError';
    this.code = code;
    this.fix = options.fix;
    this.exitCode = options.exitCode ?? 2;
  }
}

/** One problem found in an input file: where it is and what was expected. */
export interface InputIssue {
  file: string;
  /** JSON path, `line 12`, or `agent A1 / Deliverables` — whatever locates the problem best. */
  where: string;
  message: string;
}

/** Bad input: every problem of a file is reported at once. */
export class InputError extends WaveBenchError {
  readonly issues: InputIssue[];
  constructor(issues: InputIssue[], fix?: string) {
    super('bad-input', formatIssues(issues), { fix, exitCode: 2 });
    this.name = 'InputError';
    this.issues = issues;
  }
}

export function formatIssues(issues: InputIssue[]): string {
  const lines = issues.map((issue) => `${issue.file}: ${issue.where}: ${issue.message}`);
  return issues.length === 1 ? lines[0]! : `${issues.length} problems:\n  ${lines.join('\n  ')}`;
}

export function isWaveBenchError(error: unknown): error is WaveBenchError {
  return error instanceof WaveBenchError;
}
