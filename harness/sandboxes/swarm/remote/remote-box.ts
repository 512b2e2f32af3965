// One agent job seen from the coordinator: its control connection, and commands run in it over
// connections of their own (wire.ts). Implements the same box the local backend's task container
// gives the agent (docker/agent-box.ts `AgentBox`): commands with a time limit, a long-lived helper,
// a host command line for the CLI itself, ending every process, and /app as a tar stream.
import { createHash, randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import { WaveBenchError } from '../../../../orchestrator/index.js';
import type { AgentBox, BoxExecResult } from '../../docker/agent-box.js';
import { type ExecSpec, type ExitFrame, encodeFrame, FRAME, FrameReader } from './wire.js';

const KILLED_EXIT = 137;
// /app as a tar on stdout, with tar or else python3 (.git is dropped on the coordinator's side).
const PACK_APP = [
  'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  'if command -v tar >/dev/null 2>&1; then exec tar -C / -cf - app',
  `elif command -v python3 >/dev/null 2>&1; then exec python3 -I -c 'import sys,tarfile;t=tarfile.open(fileobj=sys.stdout.buffer,mode="w|");t.add("/app",arcname="app");t.close()'`,
  "else echo 'the agent image has neither tar nor python3 to pack /app' >&2; exit 90; fi",
].join('\n');

/** Whether the bytes received are the bytes the daemon says it sent. */
export function outputIntact(stdout: Buffer, exit: ExitFrame): boolean {
  return stdout.length === exit.stdoutBytes && createHash('sha256').update(stdout).digest('hex') === exit.stdoutSha256;
}

export interface BoxLink {
  /** Asks the daemon (on the control connection) for a command connection and waits for it. */
  openCommand(box: RemoteBox, id: string): Promise<Socket>;
  /** The host command line that runs a command in this box (the exec client and its arguments). */
  clientArgv(box: RemoteBox, names: string[], cwd: string, argv: string[]): string[];
  /** Removes the job's service. */
  removeJob(box: RemoteBox): Promise<void>;
}

export class RemoteBox implements AgentBox {
  readonly token = randomBytes(16).toString('hex');
  private control?: Socket;
  private ready?: () => void;
  private lost?: string;
  private readonly killAcks = new Map<string, () => void>();
  private readonly helpers = new Set<Socket>();
  readonly whenReady: Promise<void>;

  /** The job's service, once created; the node its task was placed on, once placed. */
  serviceId = '';
  node?: string;

  constructor(
    readonly name: string,
    /** Host folder with the model route's and the relay's sockets. */
    readonly routeDir: string,
    private readonly link: BoxLink,
  ) {
    this.whenReady = new Promise((r) => {
      this.ready = r;
    });
  }

  /** The daemon's control connection arrived (its header already read). */
  attachControl(socket: Socket, rest: Buffer): void {
    if (this.control) return void socket.destroy();
    this.control = socket;
    let pending = rest.toString('utf8');
    const onLines = () => {
      for (let at = pending.indexOf('\n'); at >= 0; at = pending.indexOf('\n')) {
        const m = JSON.parse(pending.slice(0, at)) as { ready?: boolean; killed?: string };
        pending = pending.slice(at + 1);
        if (m.ready) this.ready?.();
        if (m.killed) this.killAcks.get(m.killed)?.();
      }
    };
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      pending += d;
      onLines();
    });
    socket.on('close', () => {
      this.lost ??= 'its control connection closed (the job ended, or its node or network was lost)';
      for (const ack of this.killAcks.values()) ack();
    });
    socket.on('error', () => socket.destroy());
    socket.on('end', () => socket.end());
    socket.resume();
    onLines();
  }

  /** Why the box can no longer run commands, if it cannot. */
  lostReason(): string | undefined {
    return this.control ? this.lost : 'its daemon never connected';
  }

  send(message: object): void {
    const why = this.lostReason();
    if (why) throw new WaveBenchError('agent-container-lost', `the agent job ${this.name} is gone: ${why}`);
    this.control!.write(`${JSON.stringify(message)}\n`);
  }

  /** A command's connection, its spec sent. */
  async open(spec: ExecSpec): Promise<Socket> {
    const id = randomBytes(8).toString('hex');
    const conn = await this.link.openCommand(this, id);
    conn.write(`${JSON.stringify(spec)}\n`);
    return conn;
  }

  async execBuffer(cmd: string[], o: { timeoutSec: number; cwd?: string }) {
    const started = performance.now();
    const conn = await this.open({ argv: cmd, env: {}, cwd: o.cwd ?? '/' });
    conn.write(encodeFrame(FRAME.stdinEnd));
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      conn.write(encodeFrame(FRAME.kill, 'SIGKILL'));
    }, o.timeoutSec * 1000);
    const exit = await new Promise<ExitFrame>((resolve) => {
      const reader = new FrameReader();
      let ended: ExitFrame | undefined;
      conn.on('data', (chunk: Buffer) => {
        for (const f of reader.push(chunk))
          if (f.type === FRAME.stdout) out.push(Buffer.from(f.payload));
          else if (f.type === FRAME.stderr) err.push(Buffer.from(f.payload));
          else if (f.type === FRAME.exit) ended = JSON.parse(f.payload.toString()) as ExitFrame;
      });
      conn.on('error', () => conn.destroy());
      // (connections through the gateway are half-open capable: its end is ours too)
      conn.on('end', () => conn.end());
      conn.on('close', () => resolve(ended ?? { code: null, error: `the connection to agent job ${this.name} was lost` }));
      conn.resume();
    });
    clearTimeout(timer);
    if (exit.error && exit.code === null) throw new WaveBenchError('agent-container-lost', exit.error);
    const stdout = Buffer.concat(out);
    if (exit.stdoutSha256 !== undefined && !outputIntact(stdout, exit))
      throw new WaveBenchError(
        'agent-container-lost',
        `the output of \`${cmd.join(' ').slice(0, 80)}\` from agent job ${this.name} arrived altered (${stdout.length} bytes, ${exit.stdoutBytes} sent)`,
      );
    const exitCode = timedOut || exit.signal === 'SIGKILL' ? KILLED_EXIT : (exit.code ?? 1);
    const stderr = Buffer.concat(err).toString('utf8') + (exit.error ? `\n${exit.error}\n` : '');
    return { exitCode, stdout, stderr, timedOut, durationMs: Math.round(performance.now() - started) };
  }

  async exec(cmd: string[], o: { timeoutSec: number }): Promise<BoxExecResult> {
    const r = await this.execBuffer(cmd, o);
    return { ...r, stdout: r.stdout.toString('utf8') };
  }

  /** A helper that runs until the box's processes are ended (its connection stays open). */
  async startDetached(cmd: string[]): Promise<void> {
    const conn = await this.open({ argv: cmd, env: {}, cwd: '/' });
    conn.on('error', () => conn.destroy());
    conn.on('end', () => conn.end());
    conn.resume();
    this.helpers.add(conn);
  }

  hostCommand(names: string[], cmd: string[]): string[] {
    return this.link.clientArgv(this, names, '/app', cmd);
  }

  /** Ends every process in the job but its daemon, and waits until the daemon says so. */
  async killAll(): Promise<void> {
    const id = randomBytes(8).toString('hex');
    const acked = new Promise<void>((r) => this.killAcks.set(id, r));
    this.send({ op: 'killall', id });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([acked, new Promise((r) => (timer = setTimeout(r, 30_000)))]);
    clearTimeout(timer);
    this.killAcks.delete(id);
  }

  async appArchive(): Promise<NodeJS.ReadableStream> {
    const r = await this.execBuffer(['sh', '-c', PACK_APP], { timeoutSec: 900 });
    if (r.exitCode !== 0)
      throw new WaveBenchError(
        'agent-container-archive',
        `could not pack /app in agent job ${this.name} (${r.exitCode}): ${r.stderr.slice(0, 300)}`,
      );
    return Readable.from([r.stdout]);
  }

  async remove(): Promise<void> {
    for (const h of this.helpers) h.destroy();
    if (this.control && !this.control.destroyed) this.control.end(`${JSON.stringify({ op: 'exit' })}\n`);
    await this.link.removeJob(this);
  }
}
