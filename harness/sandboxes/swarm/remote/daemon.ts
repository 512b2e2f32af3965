// Runs inside an agent job (docs/cluster.md "Agents as swarm jobs"), as the job's main process, on
// the node's copy of node bound into the agent image. It opens every connection itself: the job's
// only network is an internal overlay on which the one thing it reaches is the run's gateway, which
// hands each connection to the coordinator. A control connection stays open for the job's life;
// the coordinator asks on it for commands to run (each then gets a connection of its own, carrying
// its stdin, stdout, stderr and exit as frames), or for every process but this one to be ended.
// Two Unix sockets inside stand for the local backend's bound-in host sockets: the model route and
// the `wave-bench control` relay, each connection passed on to the gateway. When the control
// connection ends (the coordinator is done, or gone), every process is ended and the job exits.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { type ChannelHeader, type ExecSpec, encodeFrame, FRAME, FrameReader, join, readLine } from './wire.js';

/** Where the model route's and the relay's sockets are made (any user can write /tmp). */
const ROUTE = process.env.WB_ROUTE ?? '/tmp/wave-agent/route';
const CONNECT_TRIES = 120;
const [gatewayHost, gatewayPort] = (process.env.WB_GATEWAY ?? '').split(':');
const token = process.env.WB_TOKEN ?? '';
/** The image's own environment, which every command starts from (as `docker exec` does). */
const imageEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('WB_'))) as Record<string, string>;
const running = new Set<ChildProcess>();

function dial(header: ChannelHeader): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ port: Number(gatewayPort), host: gatewayHost, allowHalfOpen: true });
    s.once('connect', () => {
      s.off('error', reject);
      s.write(`${JSON.stringify(header)}\n`);
      resolve(s);
    });
    s.once('error', reject);
  });
}

/** The gateway may not answer yet (its name resolves once its task runs): try for a minute. */
async function dialControl(): Promise<Socket> {
  for (let i = 0; ; i += 1) {
    try {
      return await dial({ token, kind: 'control' });
    } catch (error) {
      if (i >= CONNECT_TRIES) throw error;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** A Unix socket inside whose connections go on to the gateway as `kind`. */
function routeSocket(path: string, kind: 'model' | 'relay'): Promise<void> {
  rmSync(path, { force: true });
  const server = createServer({ allowHalfOpen: true }, (inside) => {
    inside.pause();
    dial({ token, kind }).then(
      (out) => join(inside, out),
      () => inside.destroy(),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      chmodSync(path, 0o777); // the agent may run as any user of the image
      resolve();
    });
  });
}

/** Runs one command on its own connection: its spec first, then frames both ways. */
async function runCommand(id: string): Promise<void> {
  const conn = await dial({ token, kind: 'exec', id });
  const { line, rest } = await readLine(conn);
  const spec = JSON.parse(line) as ExecSpec;
  const send = (type: number, payload?: Buffer | string) => {
    if (!conn.destroyed) conn.write(encodeFrame(type, payload));
  };
  let child: ChildProcess;
  try {
    child = spawn(spec.argv[0]!, spec.argv.slice(1), {
      cwd: spec.cwd,
      env: { ...imageEnv, ...spec.env },
      detached: true, // its own process group: ended as a whole
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  } catch (error) {
    send(FRAME.exit, JSON.stringify({ code: 127, error: (error as Error).message }));
    conn.end();
    return;
  }
  running.add(child);
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {}
  };
  child.on('error', (error) => {
    running.delete(child);
    send(FRAME.exit, JSON.stringify({ code: 127, error: error.message }));
    conn.end();
  });
  // The exit frame carries the size and sha256 of everything sent as stdout (/app's archive among it).
  const stdoutHash = createHash('sha256');
  let stdoutBytes = 0;
  child.stdout!.on('data', (d: Buffer) => {
    stdoutHash.update(d);
    stdoutBytes += d.length;
    send(FRAME.stdout, d);
  });
  child.stderr!.on('data', (d: Buffer) => send(FRAME.stderr, d));
  child.stdin!.on('error', () => undefined);
  // Output a process left to its own children may never end: the exit is sent at most 2 s after it.
  let exited: { code: number | null; signal: string | null } | undefined;
  const finish = () => {
    if (!exited || conn.destroyed) return;
    running.delete(child);
    send(FRAME.exit, JSON.stringify({ ...exited, stdoutBytes, stdoutSha256: stdoutHash.digest('hex') }));
    conn.end();
  };
  child.on('exit', (code, signal) => {
    exited = { code, signal };
    setTimeout(finish, 2_000).unref();
  });
  child.on('close', () => finish());
  const reader = new FrameReader();
  const onFrames = (chunk: Buffer) => {
    for (const f of reader.push(chunk)) {
      if (f.type === FRAME.stdin) child.stdin!.write(f.payload);
      else if (f.type === FRAME.stdinEnd) child.stdin!.end();
      else if (f.type === FRAME.kill) killGroup((f.payload.toString() || 'SIGKILL') as NodeJS.Signals);
    }
  };
  if (rest.length) onFrames(rest);
  conn.on('data', onFrames);
  conn.resume();
  // The coordinator's end gone (the host-side client killed): the command goes too.
  conn.on('close', () => {
    if (!exited) killGroup('SIGKILL');
  });
  conn.on('error', () => conn.destroy());
  conn.on('end', () => conn.end());
}

/** Ends every process in the job but this one and its parent (the container's init). */
function killAll(): void {
  for (const child of running) child.stdin?.destroy();
  for (const p of readdirSync('/proc'))
    if (/^\d+$/.test(p) && +p > 1 && +p !== process.pid && +p !== process.ppid)
      try {
        process.kill(+p, 'SIGKILL');
      } catch {}
}

async function main(): Promise<void> {
  mkdirSync(ROUTE, { recursive: true });
  await routeSocket(`${ROUTE}/model.sock`, 'model');
  await routeSocket(`${ROUTE}/control.sock`, 'relay');
  const control = await dialControl();
  control.write(`${JSON.stringify({ ready: true })}\n`);
  let pending = '';
  control.setEncoding('utf8');
  control.on('data', (d: string) => {
    pending += d;
    for (let at = pending.indexOf('\n'); at >= 0; at = pending.indexOf('\n')) {
      const message = JSON.parse(pending.slice(0, at)) as { op: string; id?: string };
      pending = pending.slice(at + 1);
      if (message.op === 'exec') void runCommand(message.id!).catch(() => undefined);
      else if (message.op === 'killall') {
        killAll();
        control.write(`${JSON.stringify({ killed: message.id })}\n`);
      } else if (message.op === 'exit') control.end();
    }
  });
  const stop = (code: number) => {
    killAll();
    process.exit(code);
  };
  control.on('end', () => stop(0));
  control.on('error', () => stop(3));
}

main().catch((error: Error) => {
  process.stderr.write(`wave-bench agent daemon: ${error.message}\n`);
  process.exit(3);
});
