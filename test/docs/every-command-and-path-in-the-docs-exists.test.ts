// A newcomer follows README.md and docs/ literally, so every wave-bench command they show must parse
// with the real CLI (its command exists and every --flag is one the command accepts), the read-only
// ones must run, every `npm run` script must exist, every repository path and relative link must exist,
// and no doc may send the reader to a document that is not in the repository (the product SPEC).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, repo } from '../helpers/cli.js';
import { commandPaths } from '../helpers/help.js';
import { docFiles, parseDoc, repoPaths, waveBenchCommands, type DocRef } from './extract.js';

const docs = docFiles(repo).map((file) => parseDoc(repo, file));
const where = (r: DocRef) => `${r.file}:${r.line}`;
const topLevel = readdirSync(repo);

/** Read-only commands that need no engine and no placeholders: run for real when a doc shows them. */
const RUNNABLE = new Set(['list', 'show', 'pilot list', 'pilot show']);

/** `control task ack|resolve --id x` → the two commands `control task ack ...` and `control task resolve ...`. */
function expandAlternatives(words: string[]): string[][] {
  const at = words.findIndex((w) => !w.startsWith('-') && w.includes('|') && !/[<[]/.test(w));
  if (at < 0) return [words];
  return words[at]!.split('|').flatMap((alt) => expandAlternatives([...words.slice(0, at), alt, ...words.slice(at + 1)]));
}

describe('docs smoke test', () => {
  it('every wave-bench command in README.md and docs/ names a real command with real options', async () => {
    const known = new Map((await commandPaths()).map((p) => [p.join(' '), p]));
    const helpOf = new Map<string, string>();
    const problems: string[] = [];
    const refs = docs.flatMap((d) => [...d.shellLines, ...d.codeSpans]);
    let checked = 0;
    for (const ref of refs) {
      for (const shown of waveBenchCommands(ref.text).flatMap(expandAlternatives)) {
        let path: string[] = [];
        for (const word of shown) if (known.has([...path, word].join(' '))) path = [...path, word];
        // `node bin/wave-bench.js` alone or `wave-bench --help` name the binary, not a command.
        if (path.length === 0 && shown.length > 0 && shown[0] !== '--help') {
          problems.push(`${where(ref)}: \`wave-bench ${shown.join(' ')}\` names no command`);
          continue;
        }
        const key = path.join(' ');
        if (!helpOf.has(key)) {
          const help = await cli([...path, '--help']);
          if (help.exitCode !== 0) problems.push(`${where(ref)}: \`wave-bench ${key} --help\` exited ${help.exitCode}: ${help.stderr}`);
          helpOf.set(key, help.stdout);
        }
        const accepted = new Set([...helpOf.get(key)!.matchAll(/(?:^|\s)--([a-z][\w-]*)/g)].map((m) => m[1]!));
        for (const m of shown.join(' ').matchAll(/(?:^|[\s[|])--([a-z][\w-]*)/g)) {
          const flag = m[1]!;
          if (!accepted.has(flag) && !(flag.startsWith('no-') && accepted.has(flag.slice(3))))
            problems.push(`${where(ref)}: \`wave-bench ${key}\` has no option --${flag}`);
        }
        checked += 1;
        if (RUNNABLE.has(key) && !shown.some((w) => /[<[\]]/.test(w))) {
          const run = await cli(shown);
          if (run.exitCode !== 0)
            problems.push(`${where(ref)}: \`wave-bench ${shown.join(' ')}\` exited ${run.exitCode}: ${run.stderr.trim()}`);
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
    expect(problems).toEqual([]);
  }, 240_000);

  it('every `npm run` script the docs name exists in package.json', () => {
    const scripts = Object.keys(JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).scripts as Record<string, string>);
    const problems = docs
      .flatMap((d) => [...d.shellLines, ...d.codeSpans])
      .flatMap((ref) =>
        [...ref.text.matchAll(/npm run ([\w:-]+)/g)]
          .filter((m) => !scripts.includes(m[1]!))
          .map((m) => `${where(ref)}: npm run ${m[1]} is not a script`),
      );
    expect(problems).toEqual([]);
  });

  it('every repository path and relative link in the docs exists', () => {
    const problems: string[] = [];
    let checked = 0;
    for (const d of docs) {
      for (const ref of [...d.codeSpans, ...d.shellLines]) {
        for (const path of repoPaths(ref.text, topLevel)) {
          checked += 1;
          if (!existsSync(join(repo, path))) problems.push(`${where(ref)}: ${path} does not exist`);
        }
      }
      for (const link of d.links.filter((l) => !/^(https?:|mailto:|#)/.test(l.text))) {
        checked += 1;
        const target = join(repo, dirname(link.file), link.text.replace(/#.*$/, ''));
        if (!existsSync(target)) problems.push(`${where(link)}: link target ${link.text} does not exist`);
      }
    }
    expect(checked).toBeGreaterThan(40);
    expect(problems).toEqual([]);
  });

  it('no doc points at the product SPEC, which is not in the repository', () => {
    const problems = docs
      .flatMap((d) => [...d.prose, ...d.shellLines])
      .filter((r) => /\bSPEC\s*\d/.test(r.text))
      .map((r) => `${where(r)}: ${r.text.trim()}`);
    expect(problems).toEqual([]);
  });
});
