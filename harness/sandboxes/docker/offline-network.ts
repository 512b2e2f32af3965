// Network namespaces for containers that must have no network. Creating a fresh namespace is about
// half the cost of starting a container on these machines (measured: 113 → 222 bare runs/min when
// containers join an existing one), so a run keeps a few idle "holder" containers with
// `NetworkMode: none` and each task container joins one: it sees only a loopback interface, exactly
// as with `none`. A holder is lent to one container at a time and only taken back after that
// container is removed (with its processes and sockets), so containers in flight never share one.
import type Docker from 'dockerode';
import { hostname } from 'node:os';
import { OWNER_HOST_LABEL, OWNER_PID_LABEL, WAVE_BENCH_LABEL } from './engine.js';

export class OfflineNetworkPool {
  private readonly idle: string[] = [];
  private readonly holders: string[] = [];
  private disposed = false;

  /**
   * `mode` is the holders' own network: `none` (loopback only, the default) or `bridge` (a pool of
   * namespaces on the engine's bridge, for containers that get the network: same reuse, same rule
   * of one container at a time).
   */
  constructor(
    private readonly docker: Docker,
    private readonly labels: Record<string, string> = {},
    private readonly mode: 'none' | 'bridge' = 'none',
  ) {}

  /** A holder's network mode (`container:<id>`) for one container; give it back with `release`. */
  async acquire(image: string): Promise<string> {
    const id = this.idle.pop() ?? (await this.createHolder(image));
    return `container:${id}`;
  }

  release(networkMode: string): void {
    const id = networkMode.replace(/^container:/, '');
    if (!this.disposed && this.holders.includes(id)) this.idle.push(id);
  }

  /** Removes every holder (the run is over). Orphans of a killed run are removed like any task container. */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.idle.length = 0;
    await Promise.all(
      this.holders.splice(0).map((id) =>
        this.docker
          .getContainer(id)
          .remove({ force: true })
          .catch(() => undefined),
      ),
    );
  }

  get size(): number {
    return this.holders.length;
  }

  private async createHolder(image: string): Promise<string> {
    // Any image with `sleep` will do; the task's own image is the one certain to be present.
    const container = await this.docker.createContainer({
      Image: image,
      Entrypoint: [''],
      Cmd: ['sleep', '86400'],
      Labels: {
        [WAVE_BENCH_LABEL]: 'task',
        'wave-bench.role': 'network-holder',
        [OWNER_PID_LABEL]: String(process.pid),
        [OWNER_HOST_LABEL]: hostname(),
        ...this.labels,
      },
      HostConfig: { NetworkMode: this.mode, Memory: 32 * 1024 ** 2, NanoCpus: 100_000_000, PidsLimit: 4 },
    });
    await container.start();
    this.holders.push(container.id);
    return container.id;
  }
}
