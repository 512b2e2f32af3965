// Task images reach the cluster's nodes through a registry: tagged `<registry>/wave-bench/task:<image
// id>`, pushed once, and named by the digest the registry returned, so every node runs exactly the
// image the coordinator resolved (and, holding it, skips the pull).
import type Docker from 'dockerode';
import { WaveBenchError } from '../../../orchestrator/index.js';

/** Pushes a local image and returns `registry/wave-bench/task@sha256:…`. */
export async function pushTaskImage(docker: Docker, registry: string, image: string): Promise<string> {
  const id = ((await docker.getImage(image).inspect()) as { Id: string }).Id.replace(/^sha256:/, '');
  const repo = `${registry}/wave-bench/task`;
  await docker.getImage(image).tag({ repo, tag: id.slice(0, 40) });
  const failed = (why: string) =>
    new WaveBenchError('registry-push-failed', `could not push ${image} to ${registry}: ${why}`, { exitCode: 4 });
  // The engine wants an X-Registry-Auth header even for a registry without authentication.
  let stream: NodeJS.ReadableStream;
  try {
    stream = await docker
      .getImage(`${repo}:${id.slice(0, 40)}`)
      .push({ authconfig: { username: '', password: '', serveraddress: registry } });
  } catch (error) {
    throw failed((error as Error).message);
  }
  const events = await new Promise<{ error?: string; aux?: { Digest?: string } }[]>((resolve, reject) =>
    docker.modem.followProgress(stream, (err: Error | null, res: unknown[]) => (err ? reject(err) : resolve(res as never))),
  );
  const error = events.find((e) => e.error);
  if (error) throw failed(error.error!);
  const digest = events.find((e) => e.aux?.Digest)?.aux?.Digest;
  if (!digest)
    throw new WaveBenchError('registry-push-failed', `the registry at ${registry} returned no digest for ${image}`, { exitCode: 4 });
  return `${repo}@${digest}`;
}
