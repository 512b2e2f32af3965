// The per-node part of a `--backend swarm` progress line: jobs running on each node and jobs waiting
// for a node (the runner's view now), and items done per node (the node of each finished item).
import type { CompletionRunner } from '../sandboxes/runner.js';

export interface NodeProgress {
  /** Counts a finished item on the node of its last job (none: no job ran). */
  itemDone(node: string | undefined): void;
  /** `box1: 1 running, 3 done · box2: 0 running, 2 done · 1 queued`; empty without a cluster. */
  line(): string;
}

export function nodeProgress(runner: CompletionRunner | undefined): NodeProgress {
  const done = new Map<string, number>();
  return {
    itemDone(node) {
      if (node) done.set(node, (done.get(node) ?? 0) + 1);
    },
    line() {
      if (!runner?.jobCounts) return '';
      const { queued, running } = runner.jobCounts();
      const nodes = [...new Set([...Object.keys(running), ...done.keys()])].sort();
      return [...nodes.map((n) => `${n}: ${running[n] ?? 0} running, ${done.get(n) ?? 0} done`), `${queued} queued`].join(' · ');
    },
  };
}
