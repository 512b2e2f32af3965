// Dockerfile text for engines without BuildKit. SWE-bench Pro's Dockerfiles use heredocs
// (`RUN cat <<'EOFBUILD' > /build.sh` … `EOFBUILD`), which the legacy builder rejects. BuildKit runs
// such a RUN as the shell text it is — the command line, every heredoc body and its delimiter — with
// the stage's SHELL (`/bin/sh -c` by default). The translation keeps exactly that text: it becomes a
// file in the build context, COPY'd in and run by the same shell, then removed. A RUN whose only
// content is one heredoc (`RUN <<EOF`) is the script itself, run directly when it has a `#!` line.
// Pure text in, text and context files out.

export interface HeredocFile {
  /** Path inside the build context (and, with a leading `/`, inside the image while it runs). */
  name: string;
  data: string;
  mode: number;
}

export interface ClassicDockerfile {
  dockerfile: string;
  files: HeredocFile[];
}

export class DockerfileTranslationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DockerfileTranslationError';
  }
}

// `<<EOF`, `<<-EOF`, `<<'EOF'`, `<< "EOF"` outside quotes; never `<<<` (a here-string).
const MARKER = /^<<(-?)\s*(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/;
const INSTRUCTION = /^\s*([A-Za-z]+)(\s|$)/;

interface Marker {
  strip: boolean;
  delimiter: string;
}

/** Heredoc markers of one line, in order; text inside quotes (`echo "a << b"`) is not a marker. */
function markersOf(line: string): Marker[] {
  const out: Marker[] = [];
  let quote: string | null = null;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i += 1;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '\\') {
      i += 1;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      continue;
    }
    if (c === '<' && line[i + 1] === '<' && line[i - 1] !== '<' && line[i + 2] !== '<') {
      const m = MARKER.exec(line.slice(i));
      if (m) {
        out.push({ strip: m[1] === '-', delimiter: m[3]! });
        i += m[0].length - 1;
      }
    }
  }
  return out;
}

/** Whether the Dockerfile has heredoc instructions (and so needs the translation on a legacy builder). */
export function hasHeredoc(text: string): boolean {
  return toClassicDockerfile(text).files.length > 0;
}

/** The stage's shell as an interpreter for a script file: `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` → `/bin/bash -o pipefail`. */
function interpreterOf(shellJson: string | undefined): string {
  if (!shellJson) return '/bin/sh';
  let argv: unknown;
  try {
    argv = JSON.parse(shellJson);
  } catch {
    throw new DockerfileTranslationError(`SHELL ${shellJson} is not a JSON array`);
  }
  if (!Array.isArray(argv) || !argv.length || !argv.every((a) => typeof a === 'string'))
    throw new DockerfileTranslationError(`SHELL ${shellJson} is not a JSON array of strings`);
  const args = argv[argv.length - 1] === '-c' ? argv.slice(0, -1) : argv;
  return (args as string[]).map((a) => (/^[\w./=:-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/**
 * The Dockerfile with every heredoc RUN replaced by `COPY <ctx file> /<ctx file>` and a RUN that
 * runs it with the stage's shell and removes it. `prefix` is the context folder for those files.
 * Throws DockerfileTranslationError for heredocs it cannot translate exactly (COPY/ADD heredocs, an
 * unterminated body).
 */
export function toClassicDockerfile(text: string, prefix = '.wave-bench-heredoc'): ClassicDockerfile {
  const lines = text.split('\n');
  const out: string[] = [];
  const files: HeredocFile[] = [];
  let shell: string | undefined;
  let continued: string[] | null = null; // physical lines of an instruction still being continued
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!;
    if (continued === null) {
      if (/^\s*#/.test(line) || !line.trim()) {
        out.push(line);
        continue;
      }
      continued = [];
    } else if (/^\s*#/.test(line) || !line.trim()) {
      continued.push(line); // a comment or empty line inside a continued instruction neither ends nor joins it
      continue;
    }
    continued.push(line);
    const instruction = INSTRUCTION.exec(continued[0]!)?.[1]?.toUpperCase() ?? '';
    const markers = markersOf(line);
    if (!markers.length) {
      if (/\\\s*$/.test(line)) continue; // the instruction goes on
      if (instruction === 'FROM') shell = undefined;
      if (instruction === 'SHELL')
        shell = continued
          .join('\n')
          .replace(/^\s*SHELL\s+/i, '')
          .replace(/\\\s*\n/g, ' ')
          .trim();
      out.push(...continued);
      continued = null;
      continue;
    }
    if (instruction !== 'RUN')
      throw new DockerfileTranslationError(
        `line ${i + 1}: a heredoc in ${instruction || 'a continuation'} cannot be translated for the legacy builder (only RUN heredocs can)`,
      );
    // The shell text BuildKit would run: the instruction's command, then each heredoc body and its
    // delimiter. Comment lines inside a continued instruction are not part of it (as in any Dockerfile).
    const head = continued
      .filter((l, k) => k === 0 || (!/^\s*#/.test(l) && l.trim() !== ''))
      .join('\n')
      .replace(/^\s*RUN\s+/i, '');
    const flags = /^((?:--\S+\s+)*)/.exec(head)![1]!;
    const command = head.slice(flags.length);
    const body: string[] = [];
    const bodies: string[][] = [];
    for (const marker of markers) {
      const mine: string[] = [];
      for (;;) {
        i += 1;
        // BuildKit refuses an unterminated heredoc too ("unterminated heredoc").
        if (i >= lines.length)
          throw new DockerfileTranslationError(
            `line ${i}: heredoc ${marker.delimiter} is never closed (no line "${marker.delimiter}"); BuildKit refuses it too`,
          );
        const l = lines[i]!;
        const bare = (marker.strip ? l.replace(/^\t+/, '') : l).replace(/\r$/, '');
        body.push(l);
        if (bare === marker.delimiter) break;
        mine.push(l);
      }
      bodies.push(mine);
    }
    const index = files.length + 1;
    const name = `${prefix}/${index}.sh`;
    const soleHeredoc = markers.length === 1 && /^<<-?\s*(["']?)[A-Za-z_][A-Za-z0-9_]*\1\s*$/.test(command.trim());
    let run: string;
    if (soleHeredoc) {
      // `RUN <<EOF`: the body is the script; with a `#!` line it runs itself.
      const script = bodies[0]!.map((l) => (markers[0]!.strip ? l.replace(/^\t+/, '') : l)).join('\n') + '\n';
      files.push({ name, data: script, mode: 0o755 });
      run = script.startsWith('#!') ? `/${name}` : `${interpreterOf(shell)} /${name}`;
    } else {
      files.push({ name, data: `${command}\n${body.join('\n')}\n`, mode: 0o755 });
      run = `${interpreterOf(shell)} /${name}`;
    }
    out.push(`COPY ${name} /${name}`);
    out.push(`RUN ${flags}${run}; wb_status=$?; rm -f /${name} 2>/dev/null; rmdir /${prefix} 2>/dev/null; exit $wb_status`);
    continued = null;
  }
  if (continued !== null) out.push(...continued);
  return { dockerfile: out.join('\n'), files };
}

/** The image the first FROM names (flags skipped), or undefined when there is no FROM. */
export function firstFrom(text: string): string | undefined {
  return /^\s*FROM\s+(?:--\S+\s+)*(\S+)/im.exec(text)?.[1];
}

/** The Dockerfile with its first FROM pointing at `image` (flags and `AS name` kept). */
export function replaceFirstFrom(text: string, image: string): string {
  return text.replace(/^(\s*FROM\s+(?:--\S+\s+)*)(\S+)/im, (_, head: string) => `${head}${image}`);
}
