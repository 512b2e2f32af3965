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
      ? relative(root, resolve(dirname(file), specifier))
          .split(sep)
          .join('/')
      : specifier;
    found.push({ file: relative(root, file).split(sep).join('/'), specifier, target });
  }
  return found;
}

const allImports = ['orchestrator', 'harness', 'bench'].flatMap((dir) => sourceFiles(join(root, dir))).flatMap(importsOf);

function violations(predicate: (imp: SourceImport) => boolean): string[] {
  return allImports.filter(predicate).map((imp) => `${imp.file} imports ${imp.specifier}`);
}

// The harness pipeline, cli → load → plan → run → score → report (STYLE 1): each folder may import
// only the folders listed for it. schema/ is the data model every stage shares and imports no stage;
// sandboxes/ sits beside run/; run/ calls score/'s pure functions as items finish (score/ never calls
// back); cli/ composes everything and nothing imports it. The leaf modules harness/version.ts and
// harness/fs/ may be imported by any folder and import none.
const HARNESS_MAY_IMPORT: Record<string, readonly string[]> = {
  schema: [],
  load: ['schema'],
  plan: ['schema', 'load'],
  sandboxes: ['schema'],
  run: ['schema', 'load', 'plan', 'sandboxes', 'score'],
  score: ['schema', 'load', 'plan'],
  report: ['schema', 'load', 'plan', 'run', 'score'],
  cli: ['schema', 'load', 'plan', 'sandboxes', 'run', 'score', 'report'],
};
const HARNESS_LEAVES = /^harness\/(version(\.js|\.ts)?$|fs\/)/;

/** The harness folder (`load`, `run`, …) or leaf (`version.ts`, `fs`) a repo-relative path lies in, if any. */
const harnessPart = (path: string): string | undefined => (path.startsWith('harness/') ? path.split('/')[1] : undefined);

/** Imports inside harness/ that run against the pipeline (see HARNESS_MAY_IMPORT). */
function pipelineViolations(imports: readonly SourceImport[]): string[] {
  return imports
    .filter((imp) => {
      const from = harnessPart(imp.file);
      const to = harnessPart(imp.target);
      if (!from || !to || from === to) return false;
      if (HARNESS_LEAVES.test(imp.file)) return true; // a leaf imports no harness folder
      if (HARNESS_LEAVES.test(imp.target)) return false;
      const allowed = HARNESS_MAY_IMPORT[from];
      return !allowed?.includes(to);
    })
    .map((imp) => `${imp.file} imports ${imp.specifier}`);
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

  it('inside the harness, imports follow the pipeline cli → load → plan → run → score → report', () => {
    const folders = readdirSync(join(root, 'harness')).filter((name) => statSync(join(root, 'harness', name)).isDirectory());
    // Every harness folder has a rule, so a new folder cannot slip past this test.
    expect(folders.filter((name) => name !== 'fs' && !(name in HARNESS_MAY_IMPORT))).toEqual([]);
    expect(pipelineViolations(allImports)).toEqual([]);
  });

  it('the pipeline rule catches an import against the flow', () => {
    // Planted imports, checked by the same function as the real ones.
    const planted = (file: string, target: string): SourceImport => ({ file, specifier: target, target });
    expect(
      pipelineViolations([
        planted('harness/schema/case.ts', 'harness/score/stats.js'),
        planted('harness/load/results.ts', 'harness/report/pilot-view.js'),
        planted('harness/run/native-suite.ts', 'harness/report/reporters.js'),
        planted('harness/run/native-suite.ts', 'harness/cli/main.js'),
        planted('harness/score/diff.ts', 'harness/run/native-item.js'),
        planted('harness/fs/write-file.ts', 'harness/schema/native-results.js'),
        planted('harness/report/html.ts', 'harness/score/stats.js'),
        planted('harness/run/native-suite.ts', 'harness/version.js'),
      ]),
    ).toEqual([
      'harness/schema/case.ts imports harness/score/stats.js',
      'harness/load/results.ts imports harness/report/pilot-view.js',
      'harness/run/native-suite.ts imports harness/report/reporters.js',
      'harness/run/native-suite.ts imports harness/cli/main.js',
      'harness/score/diff.ts imports harness/run/native-item.js',
      'harness/fs/write-file.ts imports harness/schema/native-results.js',
    ]);
  });

  it('execa and dockerode appear only in executor, process and sandbox folders', () => {
    expect(violations((imp) => (imp.specifier === 'execa' || imp.specifier === 'dockerode') && !inProcessFolder(imp.file))).toEqual([]);
  });

  it('dockerode appears only in harness/sandboxes/', () => {
    expect(violations((imp) => imp.specifier === 'dockerode' && !imp.file.startsWith('harness/sandboxes/'))).toEqual([]);
  });
});
