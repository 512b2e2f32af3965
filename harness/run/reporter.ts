// The observer interface of a run (STYLE 12): the suite calls it as items finish; harness/report/
// implements it (report/reporters.ts). Declared here so run/ never imports report/.
import type { NativeItemResult, NativeResults } from '../schema/native-results.js';

export interface Reporter {
  readonly id: string;
  /** The files this reporter owns in the output directory; it writes nothing else. */
  readonly files: readonly string[];
  onRunStart?(info: { outDir: string; total: number }): void | Promise<void>;
  onItemEnd?(item: NativeItemResult): void | Promise<void>;
  /** Writes the final report from the results alone (so `report render` can rebuild it). */
  onRunEnd(results: NativeResults, outDir: string): void | Promise<void>;
}
