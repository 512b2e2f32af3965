// Splitting a wave file into its headed sections, keeping line numbers for messages.
export interface Line {
  /** 1-based line number in the file. */
  n: number;
  text: string;
}

export interface Section {
  heading: string;
  line: number;
  body: Line[];
}

/** Splits lines at headings of exactly `level` (e.g. `## `), outside fenced code blocks. */
export function splitSections(lines: Line[], level: number): { preamble: Line[]; sections: Section[] } {
  const marker = `${'#'.repeat(level)} `;
  const preamble: Line[] = [];
  const sections: Section[] = [];
  let fenced = false;
  for (const line of lines) {
    if (/^\s*```/.test(line.text)) fenced = !fenced;
    if (!fenced && line.text.startsWith(marker)) {
      sections.push({ heading: line.text.slice(marker.length).trim(), line: line.n, body: [] });
      continue;
    }
    (sections.at(-1)?.body ?? preamble).push(line);
  }
  return { preamble, sections };
}

/** `- item` bullets of a section body, with backticks around the item removed. */
export function bullets(body: Line[]): Line[] {
  return body
    .filter((l) => /^\s*[-*]\s+/.test(l.text))
    .map((l) => ({ n: l.n, text: stripTicks(l.text.replace(/^\s*[-*]\s+/, '').trim()) }));
}

export function stripTicks(text: string): string {
  const t = text.trim();
  return t.length >= 2 && t.startsWith('`') && t.endsWith('`') ? t.slice(1, -1).trim() : t;
}

/** `key: value` split at the first colon. */
export function keyValue(text: string): { key: string; value: string } | undefined {
  const at = text.indexOf(':');
  if (at <= 0) return undefined;
  return { key: text.slice(0, at).trim().toLowerCase(), value: stripTicks(text.slice(at + 1)) };
}

/** The first fenced block of a body, or undefined. */
export function fencedBlock(body: Line[]): { text: string; line: number } | undefined {
  const start = body.findIndex((l) => /^\s*```/.test(l.text));
  if (start === -1) return undefined;
  const fence = /^\s*(`{3,})/.exec(body[start]!.text)![1]!;
  const end = body.findIndex((l, i) => i > start && l.text.trim() === fence);
  if (end === -1) return undefined;
  return {
    text: body
      .slice(start + 1, end)
      .map((l) => l.text)
      .join('\n'),
    line: body[start]!.n,
  };
}
