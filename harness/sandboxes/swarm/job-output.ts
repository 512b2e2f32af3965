// A swarm job's output frame, read back from its container's log or the service's log.
import type Docker from 'dockerode';
import { demuxLog, readFrame } from './frame.js';

/** The first wait between reads of a log still missing its frame (doubling up to 1 s). */
const FIRST_WAIT_MS = 40;

/**
 * The job's output frame. When the task's container is on this engine its own log is read first
 * (the same bytes, without the manager's log broker in between); otherwise, and as the fallback,
 * the service's log. The manager gathers that log from its nodes asynchronously, so right after a
 * task completes (more often on a loaded machine) it can still lack the frame's end: read again,
 * up to `settleMs`, before the output counts as lost.
 */
export async function readJobOutput(
  docker: Docker,
  serviceId: string,
  nonce: string,
  containerId: string | undefined,
  settleMs: number,
): Promise<ReturnType<typeof readFrame>> {
  const started = performance.now();
  const text = (b: unknown) => demuxLog(b as Buffer);
  let frame: ReturnType<typeof readFrame> = { ok: false, reason: 'the job printed no output frame (killed, or its log was lost)' };
  for (let wait = FIRST_WAIT_MS; ; wait = Math.min(wait * 2, 1_000)) {
    if (containerId) {
      const own = await docker
        .getContainer(containerId)
        .logs({ stdout: true, stderr: true, follow: false })
        .then(text, () => undefined);
      const local = own === undefined ? undefined : readFrame(own, nonce);
      if (local?.ok) return local;
    }
    const service = await docker
      .getService(serviceId)
      .logs({ stdout: true, stderr: true, follow: false })
      .then(text, () => '');
    frame = readFrame(service, nonce);
    if (frame.ok) return frame;
    if (performance.now() - started >= settleMs) return frame;
    await new Promise((r) => setTimeout(r, wait));
  }
}
