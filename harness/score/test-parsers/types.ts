// Test-output parsers (SPEC 3.5 step 5): one interface, one registry, one conformance suite.
// Each parser reads the runner's own structured report where the framework has one, so output a
// patch prints cannot forge a PASSED result.
export type TestStatus = 'PASSED' | 'FAILED' | 'SKIPPED' | 'ERROR';

export interface TestParser {
  readonly framework: string;
  /** Per-test status keyed by the dataset's test id format for this framework. */
  parse(report: string): Record<string, TestStatus>;
}
