// `wave-bench control` for agents inside the task container. The launcher's state (the
// coordination log, its projections) stays in the host workspace, so inside the container a
// `wave-bench` command (a shell shim running a small client on the bound-in node) sends its
// arguments over a Unix socket bound in from the host, where this relay runs the real
// `wave-bench control` against that one workspace and sends back its output and exit code.
// The relay admits only `control task|feedback|status|rerun`; whatever `--workspace` the agent
// names, the host workspace is used (an agent reaches no other); arguments are size-bounded and
// each command is time-bounded. Proof bundles (`control proof register --file`) are not relayed:
// the file and the artifacts it names live in the container.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { execa } from 'execa';
import { repoRoot } from '../../version.js';

/** The subcommands an agent may run through the relay. */
const RELAYED = ['task', 'feedback', 'status', 'rerun'];
const MAX_REQUEST_BYTES = 256 * 1024;
const MAX_OUTPUT_BYTES = 1024 * 1024;
const COMMAND_TIMEOUT_MS = 120_000;

export interface RelayAnswer {
  code: number;
  stdout: string;
  stderr: string;
}

/** The argv the host runs for an agent's `wave-bench <args>`, or why it is refused. */
export function relayedArgv(args: unknown, workspace: string): { argv: string[] } | { refused: string } {
  if (!Array.isArray(args) || !args.every((a) => typeof a === 'string'))
    return { refused: 'wave-bench: the relay takes a list of arguments' };
  const [command, ...rest] = args as string[];
  // The subcommand: the first word after `control` that is neither an option nor the value of one
  // of control's own options that take one (--workspace, --lane, --wave).
  let sub: string | undefined;
  for (let i = 0; i < rest.length && sub === undefined; i += 1) {
    if (['--workspace', '--lane', '--wave'].includes(rest[i]!)) i += 1;
    else if (!rest[i]!.startsWith('-')) sub = rest[i];
  }
  if (command !== 'control' || !RELAYED.includes(sub ?? ''))
    return {
      refused: `wave-bench: inside the task container only \`wave-bench control ${RELAYED.join('|')} …\` runs (relayed to the launcher on the host); got \`${['wave-bench', command, command === 'control' ? sub : undefined].filter(Boolean).join(' ')}\``,
    };
  const argv: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const a = args[i] as string;
    if (a === '--workspace')
      i += 1; // replaced below: the agent's own workspace, whatever it named
    else if (!a.startsWith('--workspace=')) argv.push(a);
  }
  return { argv: [...argv, '--workspace', workspace] };
}

/** Serves the relay on `socket` for `workspace` (the host workspace the wave's state lives in). */
export function startControlRelay(socket: string, workspace: string): Promise<Server> {
  const bin = join(repoRoot(), 'bin', 'wave-bench.js');
  const server = createServer({ allowHalfOpen: true }, (conn) => {
    let request = '';
    let answered = false;
    const answer = (a: RelayAnswer) => {
      if (answered) return;
      answered = true;
      conn.end(JSON.stringify(a));
    };
    conn.setEncoding('utf8');
    conn.on('error', () => conn.destroy());
    conn.on('data', (d: string) => {
      request += d;
      if (request.length > MAX_REQUEST_BYTES) {
        answer({ code: 2, stdout: '', stderr: `wave-bench: arguments over ${MAX_REQUEST_BYTES} bytes\n` });
        conn.destroy();
      }
    });
    conn.on('end', () => {
      let args: unknown;
      try {
        args = (JSON.parse(request) as { argv?: unknown }).argv;
      } catch {
        return answer({ code: 2, stdout: '', stderr: 'wave-bench: the relay could not read the request\n' });
      }
      const planned = relayedArgv(args, workspace);
      if ('refused' in planned) return answer({ code: 2, stdout: '', stderr: `${planned.refused}\n` });
      void execa(process.execPath, [bin, ...planned.argv], {
        cwd: workspace,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', NO_COLOR: '1' },
        extendEnv: false,
        reject: false,
        timeout: COMMAND_TIMEOUT_MS,
        maxBuffer: MAX_OUTPUT_BYTES,
        stdin: 'ignore',
      }).then((r) =>
        answer({
          code: typeof r.exitCode === 'number' ? r.exitCode : 1,
          stdout: r.stdout,
          stderr: r.timedOut
            ? `${r.stderr}\nwave-bench: the relayed command ran over ${COMMAND_TIMEOUT_MS / 1000} s and was stopped\n`
            : r.stderr,
        }),
      );
    });
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(socket, () => {
      chmodSync(socket, 0o777); // the agent may run as any user of the image
      ok(server);
    });
  });
}

/**
 * Writes the in-container side into `dir` (bound in read-only at `inside`): `wave-bench`, a shell
 * shim that runs the client with the bound-in node (`node`: its argv prefix inside).
 */
export function writeControlClient(dir: string, inside: string, node: string[], socketInside: string): void {
  mkdirSync(dir, { recursive: true });
  const client = [
    "const net=require('net');",
    `const s=net.connect(${JSON.stringify(socketInside)});`,
    "let b='';s.setEncoding('utf8');",
    "s.on('connect',()=>s.end(JSON.stringify({argv:process.argv.slice(2)})));",
    "s.on('data',d=>{b+=d});",
    "s.on('end',()=>{try{const r=JSON.parse(b);process.stdout.write(r.stdout);process.stderr.write(r.stderr);process.exitCode=r.code}catch{process.stderr.write('wave-bench: no answer from the launcher\\n');process.exitCode=1}});",
    "s.on('error',e=>{process.stderr.write('wave-bench: the launcher cannot be reached ('+e.code+')\\n');process.exitCode=1});",
  ].join('\n');
  writeFileSync(join(dir, 'client.js'), `${client}\n`);
  const quote = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;
  writeFileSync(join(dir, 'wave-bench'), `#!/bin/sh\nexec ${[...node, `${inside}/client.js`].map(quote).join(' ')} "$@"\n`, {
    mode: 0o755,
  });
}
