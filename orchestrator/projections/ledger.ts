// The ledger phase (SPEC 2.4): one word for where the wave stands, first matching condition wins.
export const LEDGER_PHASES = [
  'blocked',
  'clarifying',
  'running',
  'cont-eval',
  'security-review',
  'integrating',
  'docs-closure',
  'cont-qa-closure',
  'completed',
] as const;
export type LedgerPhase = (typeof LEDGER_PHASES)[number];

export type ClosureStage = 'cont-eval' | 'security' | 'integration' | 'documentation' | 'cont-qa';

export interface LedgerInput {
  openBlockers: number;
  openClarifications: number;
  /** Implementation agents running now, or still owing work in this attempt. */
  implementationActive: boolean;
  /** The closure stage currently running or last reached, when the sweep has started. */
  closureStage?: ClosureStage;
  snapshotPassed: boolean;
}

const STAGE_PHASE: Record<ClosureStage, LedgerPhase> = {
  'cont-eval': 'cont-eval',
  security: 'security-review',
  integration: 'integrating',
  documentation: 'docs-closure',
  'cont-qa': 'cont-qa-closure',
};

/** blocked → clarifying → running → the current closure stage → completed; `running` otherwise. */
export function deriveLedgerPhase(input: LedgerInput): LedgerPhase {
  if (input.openBlockers > 0) return 'blocked';
  if (input.openClarifications > 0) return 'clarifying';
  if (input.implementationActive) return 'running';
  if (input.snapshotPassed) return 'completed';
  if (input.closureStage) return STAGE_PHASE[input.closureStage];
  return 'running';
}
