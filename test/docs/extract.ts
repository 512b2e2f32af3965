// Pulls the commands and repository paths out of the Markdown docs, for the docs smoke test.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface DocRef {
  file: string; // repo-relative doc file
  line: number;
  text: string;
}

/** README.md and every docs/**\/*.md, repo-relative. */
export function docFiles(repo: string): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : name.endsWith('.md') ? [relative(repo, path)] : [];
    });
  return ['README.md', ...walk(join(repo, 'docs'))];
}

interface Parsed {
  /** Lines of ```sh / ```bash / ```console blocks, joined across trailing backslashes and continuation indents. */
  shellLines: DocRef[];
  /** `inline code` spans outside code blocks. */
  codeSpans: DocRef[];
  /** Targets of [text](target) links. */
  links: DocRef[];
  /** Every prose line (outside code blocks). */
  prose: DocRef[];
}

export function parseDoc(repo: string, file: string): Parsed {
  const lines = readFileSync(join(repo, file), 'utf8').split('\n');
  const out: Parsed = { shellLines: [], codeSpans: [], links: [], prose: [] };
  let fence: string | null = null;
  lines.forEach((raw, index) => {
    const line = index + 1;
    const fenceMatch = /^\s*```(\w*)/.exec(raw);
    if (fenceMatch) {
      fence = fence === null ? fenceMatch[1] || 'text' : null;
      return;
    }
    if (fence !== null) {
      if (['sh', 'bash', 'shell', 'console'].includes(fence)) {
        const last = out.shellLines.at(-1);
        // "wave-bench launch ... \n                  [--model M]" continues the command above it.
        if (last && last.line === line - 1 && (/\\$/.test(last.text) || /^\s{4,}\S/.test(raw))) {
          last.text = `${last.text.replace(/\\$/, '')} ${raw.trim()}`;
          last.line = line;
        } else out.shellLines.push({ file, line, text: raw.trim() });
      }
      return;
    }
    out.prose.push({ file, line, text: raw });
    for (const m of raw.matchAll(/`([^`]+)`/g)) out.codeSpans.push({ file, line, text: m[1]! });
    for (const m of raw.matchAll(/\]\(([^)\s]+)\)/g)) out.links.push({ file, line, text: m[1]! });
  });
  return out;
}

/** The wave-bench invocations in a shell line or code span: the words after `wave-bench`, up to a pipe, `;`, `&&` or `#`; quoted arguments become `<quoted>`. */
export function waveBenchCommands(text: string): string[][] {
  const commands: string[][] = [];
  // A quoted argument ("need schema", '--prompt {prompt_file}') is one opaque word: its dashes are no options.
  const opaque = text.replace(/"[^"]*"|'[^']*'/g, '<quoted>');
  for (const segment of opaque.split(/\s*(?:&&|\|\||;|\|)\s*/)) {
    const words = segment
      .replace(/\s#.*$/, '')
      .trim()
      .split(/\s+/);
    const at = words.findIndex((w) => w === 'wave-bench' || w.endsWith('bin/wave-bench.js'));
    if (at >= 0) commands.push(words.slice(at + 1));
  }
  return commands;
}

// Paths the docs mention that a run creates (or that live in the user's own workspace): not checked.
const GENERATED = [/^reports\/(runs|bench|nightly)/, /^\.wave\//, /^\.cache\//, /^dist\//, /^test-output\//, /^node_modules\//];

/**
 * Repository paths in a code span or shell line: relative, slash-separated, no placeholders, and either
 * under a top-level entry of the repository or naming a file by extension (so `provider/model` or
 * `TestName/sub` are prose, while `waves/wave-1.md` is a path that must exist).
 */
export function repoPaths(text: string, topLevel: readonly string[]): string[] {
  const unquoted = text.replace(/\s#\s.*$/, '').replace(/"[^"]*"|'[^']*'/g, ' ');
  return (
    unquoted
      .split(/[\s,;()=]+/)
      .map((w) => w.replace(/^[[]+|[\].:]+$/g, '').replace(/#.*$/, ''))
      // A bare extension (`.json`) names a kind of file, not a path.
      .filter((w) => /^\.?[\w-]+(\/[\w.-]+)*\/?$/.test(w) && (w.includes('/') || /^[\w-][\w.-]*\.(md|json|jsonl|ts|js|sh|yml)$/.test(w)))
      .filter((w) => topLevel.includes(w.split('/')[0]!) || /\.(md|json|jsonl|ts|js|sh|yml)$/.test(w))
      .filter((w) => !/^https?:/.test(w) && !GENERATED.some((g) => g.test(w)))
  );
}
