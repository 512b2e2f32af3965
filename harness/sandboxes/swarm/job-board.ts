// Where a swarm run's unfinished jobs are (verification and workspace jobs, agent jobs): queued
// (no node yet) or running on a node; the progress line watches it (docs/cluster.md).
import type { JobCounts } from '../runner.js';

export class JobBoard {
  /** Unfinished jobs by service name: the node their task is on, or undefined while queued. */
  private readonly jobs = new Map<string, string | undefined>();
  private readonly watchers = new Set<() => void>();

  /** Records where a job is (undefined: no node yet) and tells the watchers when that changed. */
  mark(name: string, node: string | undefined): void {
    if (this.jobs.has(name) && this.jobs.get(name) === node) return;
    this.jobs.set(name, node);
    this.notify();
  }

  /** The job has ended. */
  drop(name: string): void {
    if (this.jobs.delete(name)) this.notify();
  }

  counts(): JobCounts {
    const counts: JobCounts = { queued: 0, running: {} };
    for (const node of this.jobs.values())
      if (node === undefined) counts.queued += 1;
      else counts.running[node] = (counts.running[node] ?? 0) + 1;
    return counts;
  }

  watch(listener: () => void): () => void {
    this.watchers.add(listener);
    return () => this.watchers.delete(listener);
  }

  private notify(): void {
    for (const w of this.watchers) w();
  }
}
