// The end of a job's task, as soon as this engine knows it: the engine's event stream, filtered on
// the runner's own job containers, reports each one's `die` (with its exit code) the moment its
// container stops, long before the task's state has travelled through the manager. Only containers
// on this node are seen; tasks on other nodes are still followed by polling their state.
import type Docker from 'dockerode';

export interface Died {
  containerId: string;
  exitCode: number | null;
}

export class LocalJobEvents {
  private readonly waiting = new Map<string, (d: Died) => void>();
  /** Deaths seen before anyone waited for them (a race the polling path would also catch). */
  private readonly early = new Map<string, Died>();
  private stream?: NodeJS.ReadableStream & { destroy?: () => void };

  /** Subscribed before it resolves (the engine flushes its headers at once); undefined if the engine refuses. */
  static async open(docker: Docker, labels: string[]): Promise<LocalJobEvents | undefined> {
    const events = new LocalJobEvents();
    try {
      const stream = (await docker.getEvents({ filters: { type: ['container'], event: ['die'], label: labels } })) as NodeJS.ReadableStream;
      events.stream = stream;
      let pending = '';
      stream.on('data', (chunk: Buffer) => {
        const lines = (pending + chunk.toString('utf8')).split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) if (line.trim()) events.onEvent(line);
      });
      // Without the stream the runner still polls every task; nothing waits on it forever.
      stream.on('error', () => undefined);
    } catch {
      return undefined;
    }
    return events;
  }

  private onEvent(line: string): void {
    let e: { Actor?: { ID?: string; Attributes?: Record<string, string> } };
    try {
      e = JSON.parse(line);
    } catch {
      return;
    }
    const service = e.Actor?.Attributes?.['com.docker.swarm.service.id'];
    if (!service || !e.Actor?.ID) return;
    const code = Number(e.Actor.Attributes?.exitCode);
    const died = { containerId: e.Actor.ID, exitCode: Number.isInteger(code) ? code : null };
    const resolve = this.waiting.get(service);
    if (resolve) resolve(died);
    else if (this.early.size < 10_000) this.early.set(service, died);
  }

  /** Resolves when the service's container on this node dies; `forget` when done with it. */
  died(serviceId: string): Promise<Died> {
    const seen = this.early.get(serviceId);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiting.set(serviceId, resolve));
  }

  forget(serviceId: string): void {
    this.waiting.delete(serviceId);
    this.early.delete(serviceId);
  }

  close(): void {
    this.stream?.destroy?.();
    this.waiting.clear();
    this.early.clear();
  }
}
