// How a swarm job's output files travel back to the coordinator without a shared file system:
// after the command ends, the job's root process prints the folder as one framed, base64 text block
// on its own stdout (the only writer of the container's log: the command's output goes elsewhere),
// every file with its size and sha256. The coordinator reads `docker service logs`, takes the last
// frame with the run's nonce, and keeps it only if every file's size and hash match.
import { createHash } from 'node:crypto';

const NAME = /^[A-Za-z0-9._-]{1,200}$/;

/** Python (python3 -I) emitter: argv nonce, folder; the exit code on stdin, once the command has ended. */
const PY = [
  'import sys,os,hashlib,base64',
  'n,d=sys.argv[1],sys.argv[2]',
  'c=sys.stdin.read().strip()',
  'w=sys.stdout.write',
  'w("WB-FRAME %s BEGIN %s\\n"%(n,c))',
  'names=sorted(os.listdir(d)) if os.path.isdir(d) and not os.path.islink(d) else []',
  'for f in names:',
  ' p=os.path.join(d,f)',
  ' if os.path.islink(p) or not os.path.isfile(p): continue',
  ' b=open(p,"rb").read()',
  ' w("WB-FILE %s %s %d %s\\n"%(n,f,len(b),hashlib.sha256(b).hexdigest()))',
  ' e=base64.b64encode(b).decode()',
  ' for i in range(0,len(e),76): w(e[i:i+76]+"\\n")',
  'w("WB-FRAME %s END\\n"%n)',
].join('\n');

/** Node emitter, same output. */
const JS = [
  'const fs=require("fs"),path=require("path"),crypto=require("crypto");',
  'const [n,d]=process.argv.slice(1);const c=fs.readFileSync(0,"utf8").trim();const out=[];out.push(`WB-FRAME ${n} BEGIN ${c}`);',
  'let names=[];try{if(!fs.lstatSync(d).isSymbolicLink())names=fs.readdirSync(d).sort();}catch{}',
  'for(const f of names){const p=path.join(d,f);const s=fs.lstatSync(p);if(!s.isFile())continue;const b=fs.readFileSync(p);',
  'out.push(`WB-FILE ${n} ${f} ${b.length} ${crypto.createHash("sha256").update(b).digest("hex")}`);const e=b.toString("base64");for(let i=0;i<e.length;i+=76)out.push(e.slice(i,i+76));}',
  'out.push(`WB-FRAME ${n} END`);fs.writeSync(1,out.join("\\n")+"\\n");',
].join('');

const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * The job's whole shell program: assemble the inputs (from Swarm configs mounted under /wb-in) into
 * /tmp, run the command with a deadline and its output discarded, then print the frame. The frame's
 * emitter starts together with the command and waits on a pipe for its exit code, so the emitter's
 * own start-up (node takes a few hundred ms on a busy machine) overlaps the command instead of
 * following it. Always exits 0 once the frame is printed (the command's exit code travels inside it).
 */
export function jobScript(o: {
  nonce: string;
  inputs: ({ target: string; parts: string[] } | { target: string; inline: string })[];
  cmd: string[];
  collect: string;
  deadlineSec: number;
}): string {
  // Small text inputs travel inside the script itself (printf '%s' writes the bytes as they are);
  // the rest are joined from their config parts.
  const source = (f: (typeof o.inputs)[number]) =>
    'inline' in f ? `printf '%s' ${shq(f.inline)}` : f.parts.length ? `cat ${f.parts.map(shq).join(' ')}` : ':';
  const assemble = o.inputs.map((f) => `${source(f)} > ${shq(f.target)} && chmod 644 ${shq(f.target)} || exit 97`);
  return [
    'umask 022',
    ...assemble,
    // The emitter is found on root's fixed PATH before the command runs: nothing the command could
    // plant (/app, /tmp) is ever run as root. Only the group's own printf writes into the pipe (the
    // command's output goes to /dev/null), and the emitter alone writes the container's stdout.
    'R=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    `if py=$(PATH=$R; command -v python3); then emit() { "$py" -I -c ${shq(PY)} ${o.nonce} ${shq(o.collect)}; }`,
    `elif js=$(PATH=$R; command -v node); then emit() { "$js" -e ${shq(JS)} ${o.nonce} ${shq(o.collect)}; }`,
    `else emit() { echo "WB-FRAME ${o.nonce} NOEMITTER"; }; fi`,
    `{ timeout -k 5 ${Math.max(1, Math.ceil(o.deadlineSec))} ${o.cmd.map(shq).join(' ')} </dev/null >/dev/null 2>&1; code=$?; [ $code = 124 ] && code=deadline; printf '%s' "$code"; } | emit`,
    'exit 0',
  ].join('\n');
}

export type Frame =
  | { ok: true; exitCode: number | null; files: Record<string, string>; raw: Record<string, Buffer> }
  | { ok: false; reason: string };

/** The last frame with `nonce` in `log`, checked file by file; anything short or altered is refused. */
export function readFrame(log: string, nonce: string): Frame {
  const lines = log.split('\n');
  if (lines.some((l) => l === `WB-FRAME ${nonce} NOEMITTER`))
    return { ok: false, reason: 'the image has neither python3 nor node to send the job output back' };
  let begin = -1;
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    if (lines[i]!.startsWith(`WB-FRAME ${nonce} BEGIN `)) {
      begin = i;
      break;
    }
  }
  if (begin < 0) return { ok: false, reason: 'the job printed no output frame (killed, or its log was lost)' };
  const codeText = lines[begin]!.slice(`WB-FRAME ${nonce} BEGIN `.length).trim();
  const exitCode = codeText === 'deadline' ? null : Number(codeText);
  if (exitCode !== null && !Number.isInteger(exitCode)) return { ok: false, reason: `bad exit code in frame: ${codeText.slice(0, 40)}` };
  const files: Record<string, string> = {};
  const raw: Record<string, Buffer> = {};
  let i = begin + 1;
  for (;;) {
    const line = lines[i];
    if (line === undefined) return { ok: false, reason: 'the output frame is cut short (no end marker)' };
    if (line === `WB-FRAME ${nonce} END`) break;
    const m = /^WB-FILE (\S+) (\S+) (\d+) ([0-9a-f]{64})$/.exec(line);
    if (!m || m[1] !== nonce || !NAME.test(m[2]!))
      return { ok: false, reason: `unexpected line in the output frame: ${JSON.stringify(line.slice(0, 80))}` };
    const [, , name, size, sha] = m;
    let b64 = '';
    for (i += 1; lines[i] !== undefined && !lines[i]!.startsWith('WB-FILE ') && !lines[i]!.startsWith('WB-FRAME '); i += 1) b64 += lines[i];
    const data = Buffer.from(b64, 'base64');
    if (data.length !== Number(size) || createHash('sha256').update(data).digest('hex') !== sha)
      return { ok: false, reason: `${name} arrived altered (size or sha256 differs from what the job sent)` };
    files[name!] = data.toString('utf8');
    raw[name!] = data;
  }
  return { ok: true, exitCode, files, raw };
}

/** Demultiplexes a Docker log stream (8-byte headers) into text; plain text passes through. */
export function demuxLog(buf: Buffer): string {
  const parts: Buffer[] = [];
  let at = 0;
  while (at + 8 <= buf.length && buf[at]! <= 2 && buf[at + 1] === 0 && buf[at + 2] === 0 && buf[at + 3] === 0) {
    const size = buf.readUInt32BE(at + 4);
    parts.push(buf.subarray(at + 8, at + 8 + size));
    at += 8 + size;
  }
  if (at === 0) return buf.toString('utf8');
  return Buffer.concat(parts).toString('utf8');
}
