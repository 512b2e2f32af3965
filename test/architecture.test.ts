// The dependency direction of SPEC 1 and STYLE.md 2, checked by scanning imports.
// It fails when the orchestrator reaches into the harness, when the harness bypasses the
// orchestrator's public entry, when pure folders do I/O, or when zod/execa/dockerode leak
// out of the folders that own those boundaries.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..');

interface SourceImport {
  file: string;
  specifier: string;
  /** Repo-relative path for relative specifiers, else the bare specifier. */
  target: string;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (name.endsWith('.ts')) out.push(full);
  }
  return out;
}

function importsOf(file: string): SourceImport[] {
  const text = readFileSync(file, 'utf8');
  const found: SourceImport[] = [];
  const pattern = /(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const match of text.matchAll(pattern)) {
    const specifier = (match[1] ?? match[2])!;
    const target = specifier.startsWith('.')
      ? relative(root, resolve(dirname(file), specifier)).split(sep).join('/')
      : specifier;
    found.push({ file: relative(root, file).split(sep).join('/'), specifier, target });
  }
  return found;
}

const allImports = ['orchestrator', 'harness', 'bench']
  .flatMap((dir) => sourceFiles(join(root, dir)))
  .flatMap(importsOf);

function violations(predicate: (imp: SourceImport) => boolean): string[] {
  return allImports.filter(predicate).map((imp) => `${imp.file} imports ${imp.specifier}`);
}

const PURE_FOLDERS = ['harness/plan/', 'harness/score/', 'orchestrator/projections/', 'orchestrator/gates/', 'orchestrator/markers/'];
const IO_MODULES = /^(node:)?(fs|fs\/promises|child_process|net|http|https)$|^execa$|^dockerode$/;
const inZodFolder = (file: string) => /(^|\/)(schema|load)\//.test(file);
const inProcessFolder = (file: string) =>
  file.startsWith('orchestrator/executors/') || file.startsWith('orchestrator/process/') || file.startsWith('harness/sandboxes/');

describe('architecture', () => {
  it('found the sources it checks', () => {
    expect(allImports.length).toBeGreaterThan(5);
  });

  it('the orchestrator never imports the harness', () => {
    expect(violations((imp) => imp.file.startsWith('orchestrator/') && imp.target.startsWith('harness/'))).toEqual([]);
  });

  // Two public entries: index.ts (everything) and operator-entry.ts (the light subset the CLI's
  // start-up path and `wave-bench control` load, see docs/launcher.md "Start-up time").
  it('the harness reaches the orchestrator only through orchestrator/index.ts or orchestrator/operator-entry.ts', () => {
    expect(
      violations(
        (imp) =>
          !imp.file.startsWith('orchestrator/') &&
          imp.target.startsWith('orchestrator/') &&
          !/^orchestrator\/(index|operator-entry)(\.js|\.ts)?$/.test(imp.target),
      ),
    ).toEqual([]);
  });

  it('pure planning, scoring, projection, marker and gate code does no I/O', () => {
    expect(violations((imp) => PURE_FOLDERS.some((dir) => imp.file.startsWith(dir)) && IO_MODULES.test(imp.specifier))).toEqual([]);
  });

  it('zod appears only in schema/ and load/ folders', () => {
    expect(violations((imp) => imp.specifier === 'zod' && !inZodFolder(imp.file))).toEqual([]);
  });

  it('execa and dockerode appear only in executor, process and sandbox folders', () => {
    expect(violations((imp) => (imp.specifier === 'execa' || imp.specifier === 'dockerode') && !inProcessFolder(imp.file))).toEqual([]);
  });

  it('dockerode appears only in harness/sandboxes/', () => {
    expect(violations((imp) => imp.specifier === 'dockerode' && !imp.file.startsWith('harness/sandboxes/'))).toEqual([]);
  });
});
