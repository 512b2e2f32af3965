// The wave's time budget (`waveTimeoutMinutes`, `--wave-timeout`), measured on this launch's wall
// clock. When it is spent, the signal aborts: every running agent's executor kills its process group,
// agents not yet started are not started, and the attempt stops at its next step with
// WaveBudgetSpent. The attempt stays open in the control log, so the next `launch` resumes it.

/** Thrown inside an attempt when the wave's time budget is spent; the attempt loop turns it into the outcome. */
export class WaveBudgetSpent extends Error {
  constructor(readonly minutes: number) {
    super(`the wave's time budget (${minutes} minute(s)) is spent`);
    this.name = 'WaveBudgetSpent';
  }
}

export interface WaveBudget {
  /** Aborted once the budget is spent (never, without a budget). */
  readonly signal: AbortSignal;
  readonly minutes?: number;
  /** Throws WaveBudgetSpent when the budget is spent. */
  throwIfSpent(): void;
  /** Stops the clock (the launch ended). */
  dispose(): void;
}

/** Starts the budget clock now; `onSpent` runs once, when it runs out. */
export function startWaveBudget(minutes: number | undefined, onSpent: () => void = () => undefined): WaveBudget {
  const controller = new AbortController();
  const timer =
    minutes === undefined
      ? undefined
      : setTimeout(() => {
          onSpent();
          controller.abort(new WaveBudgetSpent(minutes));
        }, minutes * 60_000);
  timer?.unref();
  return {
    signal: controller.signal,
    ...(minutes !== undefined ? { minutes } : {}),
    throwIfSpent() {
      if (controller.signal.aborted && minutes !== undefined) throw new WaveBudgetSpent(minutes);
    },
    dispose: () => clearTimeout(timer),
  };
}
