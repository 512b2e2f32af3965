// The sandbox each hostile case runs in: <root>/ws (a workspace with a scripted wave), <root>/out,
// <root>/outside (stands in for the host: a secret file, never to be read into state or changed),
// plus a snapshot of every file under <root> to prove what a command changed.
import { createHash } from 'node:crypto';
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

export const SECRET = 'host-secret-7f3a';

/** A wave of two scripted agents: A1 writes its deliverable, A0 (cont-QA) passes the gate. */
export function writeScriptedWave(ws: string, options: { prompt?: string; a1Rules?: unknown[]; deliverable?: string } = {}): string {
  mkdirSync(join(ws, 'policies'), { recursive: true });
  mkdirSync(join(ws, 'waves'), { recursive: true });
  const deliverable = options.deliverable ?? 'src/a1/out.txt';
  const a1Rules = options.a1Rules ?? [
    {
      when: { start: true },
      do: [
        { writeFile: { path: deliverable, content: 'done\n' } },
        { marker: '[wave-proof] completion=contract durability=none proof=unit state=met' },
        { marker: '[wave-doc-delta] state=none' },
      ],
    },
  ];
  writeFileSync(join(ws, 'policies', 'A1.json'), JSON.stringify({ agentId: 'A1', rules: a1Rules }));
  writeFileSync(
    join(ws, 'policies', 'A0.json'),
    JSON.stringify({
      agentId: 'A0',
      rules: [
        {
          when: { start: true },
          do: [
            { marker: '[wave-gate] architecture=pass integration=pass durability=pass live=pass docs=pass' },
            { marker: '[wave-verdict] pass' },
          ],
        },
      ],
    }),
  );
  const prompt = options.prompt ?? 'Write the output file.';
  const wave = [
    '# Wave 1 - hostile fixture',
    '',
    '## Agent A1: Implementation',
    '',
    '### Executor',
    '',
    '- id: scripted',
    '- policy: policies/A1.json',
    '',
    '### Owned paths',
    '',
    '- src/a1',
    '',
    '### Deliverables',
    '',
    `- ${deliverable}`,
    '',
    '### Exit contract',
    '',
    '- completion: contract',
    '- durability: none',
    '- proof: unit',
    '- doc-impact: none',
    '',
    '### Prompt',
    '',
    '```',
    prompt,
    '```',
    '',
    '## Agent A0: Cont QA',
    '',
    '### Role',
    '',
    'cont-qa',
    '',
    '### Executor',
    '',
    '- id: scripted',
    '- policy: policies/A0.json',
    '',
    '### Prompt',
    '',
    '```',
    'Judge the wave.',
    '```',
    '',
  ].join('\n');
  const file = join(ws, 'waves', 'wave-1.md');
  writeFileSync(file, wave);
  return file;
}

export interface Sandbox {
  root: string;
  ws: string;
  out: string;
  outside: string;
}

export function makeSandbox(template?: string): Sandbox {
  const root = mkdtempSync(join(tmpdir(), 'wave-bench-hostile-'));
  const sb = { root, ws: join(root, 'ws'), out: join(root, 'out'), outside: join(root, 'outside') };
  if (template) cpSync(template, sb.ws, { recursive: true, verbatimSymlinks: true });
  else mkdirSync(sb.ws);
  mkdirSync(sb.outside);
  writeFileSync(join(sb.outside, 'secret.txt'), `${SECRET}\n`);
  return sb;
}

/** path → content hash (or symlink target, or "dir") of everything under `root`. */
export function snapshot(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const rel = relative(root, path);
      const stat = lstatSync(path);
      if (stat.isSymbolicLink()) out.set(rel, `-> ${readlinkSync(path)}`);
      else if (stat.isDirectory()) {
        out.set(rel, 'dir');
        walk(path);
      } else if (!stat.isFile())
        out.set(rel, 'special'); // a FIFO is never opened: that would block
      else out.set(rel, createHash('sha256').update(readFileSync(path)).digest('hex'));
    }
  };
  walk(root);
  return out;
}

/** Paths added, removed or changed between two snapshots. */
export function changes(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => before.get(k) !== after.get(k)).sort();
}
