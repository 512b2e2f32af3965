// Building images with the engine's legacy builder; build errors arrive inside the progress stream.
import type Docker from 'dockerode';
import { WaveBenchError } from '../../../orchestrator/index.js';

/**
 * Builds `tag` from a tar build context; resolves the image id, rejects with the builder's message.
 * RUN steps have no network (`networkmode: none`) unless `network` is set: a Dockerfile from a
 * dataset row is untrusted code, and the host and everything it reaches are off limits to it.
 */
export async function buildImageFromContext(docker: Docker, context: NodeJS.ReadableStream, tag: string, o: { network?: boolean } = {}): Promise<string> {
  const stream = await docker.buildImage(context, { t: tag, rm: true, forcerm: true, networkmode: o.network ? 'default' : 'none' });
  const events = await new Promise<Record<string, unknown>[]>((resolve, reject) => {
    docker.modem.followProgress(stream, (error: Error | null, output: Record<string, unknown>[]) => (error ? reject(error) : resolve(output)));
  });
  const failure = events.find((e) => e.error || e.errorDetail);
  if (failure) throw new WaveBenchError('image-build-failed', `building ${tag} failed: ${String(failure.error ?? JSON.stringify(failure.errorDetail))}`, { fix: o.network ? 'check the Dockerfile and that its FROM image exists locally' : 'check the Dockerfile and that its FROM image exists locally; RUN steps have no network unless you pass --build-network' });
  return (await docker.getImage(tag).inspect()).Id;
}

/** Pulls `ref` from its registry; the image id, or why it could not be had (never throws). */
export async function pullImage(docker: Docker, ref: string, timeoutMs = 30 * 60_000): Promise<{ id: string } | { error: string }> {
  try {
    const stream = (await docker.pull(ref)) as NodeJS.ReadableStream;
    let timer: NodeJS.Timeout | undefined;
    const events = await Promise.race([
      new Promise<Record<string, unknown>[]>((resolve, reject) => {
        docker.modem.followProgress(stream, (error: Error | null, output: Record<string, unknown>[]) => (error ? reject(error) : resolve(output)));
      }),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs))),
    ]).finally(() => clearTimeout(timer));
    const failure = events.find((e) => e.error || e.errorDetail);
    if (failure) return { error: String(failure.error ?? JSON.stringify(failure.errorDetail)) };
    return { id: (await docker.getImage(ref).inspect()).Id };
  } catch (error) {
    return { error: (error as Error).message.replace(/\s+/g, ' ').trim() };
  }
}
