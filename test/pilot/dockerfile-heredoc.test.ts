// Heredoc RUN instructions (as in SWE-bench Pro's instance Dockerfiles) translated for the legacy
// builder, and proven equivalent: the translated script, run by a real shell, does exactly what
// BuildKit's run of the original shell text does (`sh -c "<command + bodies + delimiters>"`).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DockerfileTranslationError,
  firstFrom,
  hasHeredoc,
  replaceFirstFrom,
  toClassicDockerfile,
} from '../../harness/sandboxes/docker/dockerfile.js';
import { buildSteps } from '../../harness/sandboxes/docker/task-image.js';
import { tempDir } from '../helpers/tmp.js';

// The structure of a real instance Dockerfile (FROM base_<repo>, ENV, quoted-delimiter heredocs that
// write /preprocess.sh and /build.sh, chmod, run), with our own content.
const INSTANCE = `FROM base_acme__widgets

# Write preprocess and build scripts
ENV WIDGET_MODE="strict --verbose"
ENV RETRIES=2

RUN cat <<'EOFPREP' > OUT/preprocess.sh
#!/bin/bash

cd /app

git reset --hard 0123456789abcdef0123456789abcdef01234567
git clean -fdx
echo "home is $HOME and \\$literal stays"

EOFPREP
RUN chmod +x OUT/preprocess.sh

RUN cat <<'EOFBUILD' > OUT/build.sh
#!/bin/sh
set -e
cd /app
node <<'EOF'
console.log("nested heredocs are body text")
EOF
  indented line with trailing backslash \\
EOFBUILD
RUN chmod +x OUT/build.sh`;

/** What BuildKit runs for a heredoc RUN: the instruction's shell text, through `sh -c`. */
function buildkitShellText(dockerfile: string, startMarker: string, endDelimiter: string): string {
  const lines = dockerfile.split('\n');
  const start = lines.findIndex((l) => l.includes(startMarker));
  const end = lines.findIndex((l, i) => i > start && l === endDelimiter);
  return lines
    .slice(start, end + 1)
    .join('\n')
    .replace(/^RUN\s+/, '');
}

describe('heredoc RUN → classic Dockerfile', () => {
  it('leaves no heredoc for the legacy builder, and COPYs then runs each script with the stage shell', () => {
    const { dockerfile, files } = toClassicDockerfile(INSTANCE);
    expect(dockerfile).not.toMatch(/<</);
    expect(files.map((f) => f.name)).toEqual(['.wave-bench-heredoc/1.sh', '.wave-bench-heredoc/2.sh']);
    expect(dockerfile).toContain(
      'COPY .wave-bench-heredoc/1.sh /.wave-bench-heredoc/1.sh\nRUN /bin/sh /.wave-bench-heredoc/1.sh; wb_status=$?; rm -f /.wave-bench-heredoc/1.sh 2>/dev/null; rmdir /.wave-bench-heredoc 2>/dev/null; exit $wb_status',
    );
    // Everything else is untouched, in order.
    expect(dockerfile.split('\n').filter((l) => /^(FROM|ENV|RUN chmod)/.test(l))).toEqual([
      'FROM base_acme__widgets',
      'ENV WIDGET_MODE="strict --verbose"',
      'ENV RETRIES=2',
      'RUN chmod +x OUT/preprocess.sh',
      'RUN chmod +x OUT/build.sh',
    ]);
    expect(hasHeredoc(INSTANCE)).toBe(true);
    expect(hasHeredoc('FROM x\nRUN echo "a << b" && cat <<< "here-string"\n')).toBe(false);
  });

  it("the translated scripts write byte-for-byte what BuildKit's shell run of the original writes", () => {
    const dir = tempDir();
    const text = INSTANCE.replaceAll('OUT', dir);
    const { files } = toClassicDockerfile(text);
    for (const [i, [marker, delimiter, target]] of (
      [
        ["<<'EOFPREP'", 'EOFPREP', 'preprocess.sh'],
        ["<<'EOFBUILD'", 'EOFBUILD', 'build.sh'],
      ] as const
    ).entries()) {
      execFileSync('sh', ['-c', buildkitShellText(text, marker, delimiter)], {
        cwd: dir,
        env: { HOME: '/home/x', PATH: process.env.PATH ?? '' },
      });
      const viaBuildkit = readFileSync(join(dir, target), 'utf8');
      writeFileSync(join(dir, target), '');
      writeFileSync(join(dir, 'script.sh'), files[i]!.data);
      execFileSync('sh', [join(dir, 'script.sh')], { cwd: dir, env: { HOME: '/home/x', PATH: process.env.PATH ?? '' } });
      expect(readFileSync(join(dir, target), 'utf8')).toBe(viaBuildkit);
    }
    expect(readFileSync(join(dir, 'build.sh'), 'utf8')).toContain(
      'node <<\'EOF\'\nconsole.log("nested heredocs are body text")\nEOF\n  indented line with trailing backslash \\\n',
    );
    expect(readFileSync(join(dir, 'preprocess.sh'), 'utf8')).toContain('echo "home is $HOME and \\$literal stays"');
  });

  it('an unquoted delimiter expands when run, as in the shell; `<<-` strips leading tabs', () => {
    const dir = tempDir();
    const text = `FROM x\nRUN cat <<EOF > ${dir}/a.txt\nhome=$HOME\nEOF\nRUN cat <<-END > ${dir}/b.txt\n\tindented\n\tEND\n`;
    const { files } = toClassicDockerfile(text);
    for (const f of files) {
      writeFileSync(join(dir, 's.sh'), f.data);
      execFileSync('sh', [join(dir, 's.sh')], { env: { HOME: '/home/y' } });
    }
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('home=/home/y\n');
    expect(readFileSync(join(dir, 'b.txt'), 'utf8')).toBe('indented\n');
  });

  it('`RUN <<EOF` is the script itself (run directly with a #! line); a SHELL instruction picks the interpreter', () => {
    const { dockerfile, files } = toClassicDockerfile(
      'FROM x\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN <<EOF\necho one | cat\nEOF\nRUN <<EOF\n#!/usr/bin/env python3\nprint(1)\nEOF\nFROM y\nRUN <<EOF\necho two\nEOF\n',
    );
    expect(files.map((f) => f.data)).toEqual(['echo one | cat\n', '#!/usr/bin/env python3\nprint(1)\n', 'echo two\n']);
    expect(dockerfile).toContain('RUN /bin/bash -o pipefail /.wave-bench-heredoc/1.sh;');
    expect(dockerfile).toContain('RUN /.wave-bench-heredoc/2.sh;');
    // A new stage starts with the default shell again.
    expect(dockerfile).toContain('RUN /bin/sh /.wave-bench-heredoc/3.sh;');
  });

  it('what cannot be translated exactly is refused with the line', () => {
    expect(() => toClassicDockerfile('FROM x\nCOPY <<EOF /etc/x\nhello\nEOF\n')).toThrow(DockerfileTranslationError);
    expect(() => toClassicDockerfile('FROM x\nCOPY <<EOF /etc/x\nhello\nEOF\n')).toThrow(/line 2: a heredoc in COPY/);
    expect(() => toClassicDockerfile("FROM x\nRUN cat <<'EOF' > /a\nnever closed\n")).toThrow(/heredoc EOF is never closed/);
  });

  it('a heredoc after continuation lines keeps them (comment lines dropped, as Docker does) and runs as one shell text', () => {
    const dir = tempDir();
    const { files } = toClassicDockerfile(
      `FROM x\nRUN echo first > ${dir}/log && \\\n# a comment the builder drops\n    cat <<'EOF' >> ${dir}/log\nsecond\nEOF\n`,
    );
    expect(files[0]!.data).not.toContain('a comment');
    writeFileSync(join(dir, 's.sh'), files[0]!.data);
    execFileSync('sh', [join(dir, 's.sh')]);
    expect(readFileSync(join(dir, 'log'), 'utf8')).toBe('first\nsecond\n');
  });

  it('a Dockerfile without heredocs comes back unchanged', () => {
    const plain = 'FROM wave-bench/fixture-base:latest\nCOPY repo /app\nRUN cd /app && \\\n  git init -q\nWORKDIR /app';
    expect(toClassicDockerfile(plain)).toEqual({ dockerfile: plain, files: [] });
  });
});

describe('base and instance images the SWE-bench Pro way', () => {
  it('an instance Dockerfile with its own FROM builds on a separately built base; one without continues the base', () => {
    expect(
      buildSteps({ instance_id: 'i', dockerhub_tag: '', base_dockerfile: 'FROM node:18\nRUN mkdir /app', instance_dockerfile: INSTANCE }),
    ).toMatchObject({ base: 'FROM node:18\nRUN mkdir /app', from: 'base_acme__widgets' });
    expect(
      buildSteps({
        instance_id: 'i',
        dockerhub_tag: '',
        base_dockerfile: 'FROM wave-bench/fixture-base:latest\n',
        instance_dockerfile: 'COPY repo /app\n',
      }),
    ).toEqual({ base: null, from: null, instance: 'FROM wave-bench/fixture-base:latest\nCOPY repo /app' });
    expect(firstFrom(INSTANCE)).toBe('base_acme__widgets');
    expect(firstFrom(replaceFirstFrom('FROM --platform=linux/amd64 base_X___2021-09-30.abc AS app\nFROM y', 'wave-bench/base:x-1'))).toBe(
      'wave-bench/base:x-1',
    );
    expect(replaceFirstFrom('FROM --platform=linux/amd64 base_X AS app\nFROM y', 'b:1')).toBe(
      'FROM --platform=linux/amd64 b:1 AS app\nFROM y',
    );
  });

  it("the real-shaped fixture task's Dockerfiles translate (its heredocs and FROM base_<repo>)", () => {
    const dir = join(import.meta.dirname, '..', 'fixtures', 'swe-bench-pro', 'real-shaped');
    const rows = readFileSync(join(dir, 'tasks.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, string>);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(firstFrom(row.instance_dockerfile!)).toMatch(/^base_/);
      expect(hasHeredoc(row.instance_dockerfile!)).toBe(true);
      expect(toClassicDockerfile(row.instance_dockerfile!).dockerfile).not.toMatch(/<</);
    }
    mkdirSync(tempDir(), { recursive: true });
    expect(readdirSync(join(dir, 'run_scripts')).sort()).toEqual(rows.map((r) => r.instance_id).sort());
  });
});
