// A bench suite: tinybench tasks plus whole-run figures, written together to one JSON file.
export interface BenchSuiteResult {
  tasks: Array<{ name: string; result: unknown }>;
  /** Whole-run timings and sizes measured outside tinybench (milliseconds, counts). */
  figures: Record<string, number | string>;
}

export interface BenchSuite {
  name: string;
  run(): Promise<BenchSuiteResult>;
}
