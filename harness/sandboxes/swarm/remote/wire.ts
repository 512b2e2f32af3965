// The wire between the coordinator and an agent job (docs/cluster.md "Agents as swarm jobs"). Every
// connection a job opens starts with one JSON header line naming its box (a random token) and its
// kind; after it, a remote command's connection carries frames: a type byte, a 4-byte length and the
// bytes. This module uses node's own modules only: it is also copied into the agent image.
import type { Socket } from 'node:net';

/** What a connection from a job is for. */
export type ChannelKind = 'control' | 'exec' | 'model' | 'relay';

export interface ChannelHeader {
  token: string;
  kind: ChannelKind;
  /** The command's id (`exec` only). */
  id?: string;
}

/** A command to run in the job: argv, its whole environment, its folder. */
export interface ExecSpec {
  argv: string[];
  env: Record<string, string>;
  cwd: string;
}

export const FRAME = {
  stdin: 0x69,
  stdinEnd: 0x65,
  kill: 0x6b,
  stdout: 0x6f,
  stderr: 0x72,
  exit: 0x78,
} as const;

/** How a remote command ended: its code or signal, or why it never ran. */
export interface ExitFrame {
  code: number | null;
  signal?: string | null;
  error?: string;
  /** Size and sha256 of all the stdout the command sent (checked by the coordinator). */
  stdoutBytes?: number;
  stdoutSha256?: string;
}

const MAX_LINE = 1024 * 1024;
const MAX_FRAME = 64 * 1024 * 1024;

export function encodeFrame(type: number, payload: Buffer | string = Buffer.alloc(0)): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const head = Buffer.alloc(5);
  head[0] = type;
  head.writeUInt32BE(body.length, 1);
  return Buffer.concat([head, body]);
}

/** Splits a byte stream into frames; throws on a frame longer than any this wire sends. */
export class FrameReader {
  private buffered: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): { type: number; payload: Buffer }[] {
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
    const frames: { type: number; payload: Buffer }[] = [];
    while (this.buffered.length >= 5) {
      const length = this.buffered.readUInt32BE(1);
      if (length > MAX_FRAME) throw new Error(`a frame of ${length} bytes is over the wire's limit`);
      if (this.buffered.length < 5 + length) break;
      frames.push({ type: this.buffered[0]!, payload: this.buffered.subarray(5, 5 + length) });
      this.buffered = this.buffered.subarray(5 + length);
    }
    return frames;
  }
}

/**
 * Reads one line from the socket and gives back the bytes after it (not yet consumed by anyone).
 * The socket is paused afterwards; the caller resumes it (or pipes it).
 */
export function readLine(socket: Socket, timeoutMs = 30_000): Promise<{ line: string; rest: Buffer }> {
  return new Promise((resolve, reject) => {
    let got = Buffer.alloc(0);
    const timer = setTimeout(() => done(new Error('no header line in time')), timeoutMs);
    const onData = (chunk: Buffer) => {
      got = Buffer.concat([got, chunk]);
      const at = got.indexOf(0x0a);
      if (at >= 0) return done(undefined, { line: got.subarray(0, at).toString('utf8'), rest: got.subarray(at + 1) });
      if (got.length > MAX_LINE) done(new Error('header line too long'));
    };
    const onEnd = () => done(new Error('the connection closed before its header line'));
    const done = (error?: Error, value?: { line: string; rest: Buffer }) => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('error', onEnd);
      socket.pause();
      if (error) reject(error);
      else resolve(value!);
    };
    socket.on('data', onData);
    socket.on('end', onEnd);
    socket.on('error', onEnd);
  });
}

/**
 * Joins two sockets both ways (after any bytes already read from `a`); an error on either end ends
 * both. Made with `allowHalfOpen`, a side that finished writing can still read the answer (the relay's
 * client ends its request, then reads).
 */
export function join(a: Socket, b: Socket, rest: Buffer = Buffer.alloc(0)): void {
  if (rest.length) b.write(rest);
  a.pipe(b);
  b.pipe(a);
  a.on('error', () => b.destroy());
  b.on('error', () => a.destroy());
  a.resume();
}
