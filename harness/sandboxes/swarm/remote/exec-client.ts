// The host side of one command in an agent job, as `docker exec -i` is for the local task
// container: the launcher starts it as the agent's process (usage: exec-client.js <hub socket>
// <box token> <folder> <NAME…> -- <argv…>); the named variables' values are taken from its own
// environment (never from argv). It passes its stdin on, writes the command's stdout and stderr,
// and exits with the command's code. Killed, its connection closes and the job ends the command.
import { connect } from 'node:net';
import { encodeFrame, type ExitFrame, FRAME, FrameReader } from './wire.js';

const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
const LOST = 125;

const [socket, token, cwd, ...rest] = process.argv.slice(2);
const split = rest.indexOf('--');
const names = rest.slice(0, split);
const argv = rest.slice(split + 1);
const env = Object.fromEntries(names.map((n) => [n, process.env[n] ?? '']));

const conn = connect(socket!);
let exit: ExitFrame | undefined;
conn.on('connect', () => {
  conn.write(`${JSON.stringify({ token, spec: { argv, env, cwd } })}\n`);
  process.stdin.on('data', (d: Buffer) => conn.write(encodeFrame(FRAME.stdin, d)));
  process.stdin.on('end', () => conn.write(encodeFrame(FRAME.stdinEnd)));
  process.stdin.on('error', () => undefined);
});
const reader = new FrameReader();
conn.on('data', (chunk: Buffer) => {
  for (const f of reader.push(chunk))
    if (f.type === FRAME.stdout) process.stdout.write(f.payload);
    else if (f.type === FRAME.stderr) process.stderr.write(f.payload);
    else if (f.type === FRAME.exit) exit = JSON.parse(f.payload.toString()) as ExitFrame;
});
conn.on('error', (e) => {
  process.stderr.write(`wave-bench: the agent job cannot be reached (${(e as NodeJS.ErrnoException).code ?? e.message})\n`);
});
conn.on('close', () => {
  if (exit?.error) process.stderr.write(`${exit.error}\n`);
  if (!exit) process.stderr.write('wave-bench: the connection to the agent job was lost\n');
  const code = typeof exit?.code === 'number' ? exit.code : exit?.signal ? 128 + (SIGNALS[exit.signal] ?? 9) : LOST;
  process.stdin.destroy();
  // (stdout may still be draining to a pipe)
  process.stdout.write('', () => process.exit(code));
});
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const)
  process.on(signal, () => {
    if (!conn.destroyed) conn.write(encodeFrame(FRAME.kill, 'SIGKILL'));
    conn.destroy();
  });
