// `replay <trace-dir>` (SPEC 2.8): recompute the gate snapshot and quality from the bundle alone
// and report every difference from what the launcher recorded. Reads nothing outside the bundle.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { materialize } from '../coordination/materialize.js';
import { parseRecord } from '../coordination/records.js';
import type { CoordinationRecord } from '../coordination/types.js';
import type { ProofBundle } from '../control/types.js';
import { WaveBenchError } from '../errors.js';
import { parseAgentLog } from '../markers/parse.js';
import { applyProofBundles } from '../proof/apply.js';
import { readJsonLines } from '../store/jsonl.js';
import { TRACE_MANIFEST, verifyTraceBundle, type TraceDifference } from '../trace/bundle.js';
import type { WaveDefinition } from '../wave/types.js';
import { computeOutcome, type AgentRunOutcome, type Outcome } from './outcome.js';
import { TRACE_FILES } from './trace.js';
import type { OrchestrationFeatures } from './types.js';

export interface ReplayReport {
  traceDir: string;
  manifestDifferences: TraceDifference[];
  recorded: Outcome;
  recomputed: Outcome;
  /** JSON paths where recorded and recomputed outcomes differ. */
  outcomeDifferences: { path: string; recorded: unknown; recomputed: unknown }[];
  ok: boolean;
}

function readJson<T>(dir: string, file: string): T {
  const path = join(dir, file);
  if (!existsSync(path))
    throw new WaveBenchError('trace-incomplete', `trace bundle ${dir} has no ${file}`, {
      fix: 'replay a complete attempt directory (one with manifest.json)',
    });
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (error) {
    throw new WaveBenchError(
      'trace-damaged',
      `${path}: not valid JSON (${(error as Error).message}); the bundle was changed after it was written`,
      { fix: 'replay an untouched trace bundle; its manifest.json lists the sha256 of every original file' },
    );
  }
}

function readManifestChecked(dir: string): ReturnType<typeof verifyTraceBundle> {
  try {
    return verifyTraceBundle(dir);
  } catch (error) {
    throw new WaveBenchError('trace-damaged', `${join(dir, TRACE_MANIFEST)}: unreadable manifest (${(error as Error).message})`, {
      fix: 'replay an untouched trace bundle',
    });
  }
}

export function replayTrace(dir: string): ReplayReport {
  if (!existsSync(join(dir, TRACE_MANIFEST)))
    throw new WaveBenchError('trace-incomplete', `${dir} is not a trace bundle (no ${TRACE_MANIFEST})`, {
      fix: 'pass .wave/<lane>/traces/wave-<n>/attempt-<k>',
    });
  const { differences } = readManifestChecked(dir);
  const meta = readJson<{
    wave: WaveDefinition;
    features: OrchestrationFeatures;
    runnable: string[];
    preferredAgents?: Record<string, string>;
  }>(dir, TRACE_FILES.wave);
  const records: CoordinationRecord[] = [];
  for (const { line, value } of readJsonLines(join(dir, TRACE_FILES.rawLog)).values) {
    const parsed = parseRecord(value, `${TRACE_FILES.rawLog}:${line}`);
    if (parsed.ok) records.push(parsed.record);
  }
  const runnable = meta.wave.agents.filter((a) => meta.runnable.includes(a.id));
  const summaries = Object.fromEntries(
    runnable
      .filter((a) => existsSync(join(dir, 'agents', a.id, 'log.txt')))
      .map((a) => [a.id, parseAgentLog(a.id, readFileSync(join(dir, 'agents', a.id, 'log.txt'), 'utf8'))]),
  );
  const registry = readJson<{ active: Record<string, ProofBundle> }>(dir, TRACE_FILES.proofRegistry);
  const files = readJson<Record<string, boolean>>(dir, TRACE_FILES.files);
  const runs = readJson<AgentRunOutcome[]>(dir, TRACE_FILES.runs);
  const recomputed = computeOutcome({
    wave: meta.wave,
    features: meta.features,
    runnable,
    summaries: applyProofBundles(summaries, registry.active),
    view: materialize(records),
    exists: (p) => files[p] === true,
    runs,
    preferredAgents: meta.preferredAgents ?? {},
  });
  const recorded = readJson<Outcome>(dir, TRACE_FILES.outcome);
  const outcomeDifferences = diffJson(recorded, recomputed);
  return {
    traceDir: dir,
    manifestDifferences: differences,
    recorded,
    recomputed,
    outcomeDifferences,
    ok: differences.length === 0 && outcomeDifferences.length === 0,
  };
}

/** Leaf-by-leaf differences between two JSON values. */
export function diffJson(a: unknown, b: unknown, path = '$'): { path: string; recorded: unknown; recomputed: unknown }[] {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null)
    return Object.is(a, b) ? [] : [{ path, recorded: a, recomputed: b }];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys]
    .sort()
    .flatMap((k) =>
      diffJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], Array.isArray(a) ? `${path}[${k}]` : `${path}.${k}`),
    );
}
