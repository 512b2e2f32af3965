// The marker parser (SPEC 2.5): reads the tail of an agent's own log and turns its structured
// markers into an AgentSummary. Bad markers become `invalid` entries with a reason; nothing throws.
import { COMPLETION_LEVELS, COMPONENT_LEVELS, DOC_IMPACT_LEVELS, DURABILITY_LEVELS, PROOF_LEVELS } from '../wave/types.js';
import { GATE_DIMENSIONS, type AgentSummary, type GateDimension, type GateVerdict } from './types.js';

export const DEFAULT_TAIL_BYTES = 64 * 1024; // markers come at the end of a run; older output is noise

export const MARKER_NAMES = [
  'wave-proof',
  'wave-doc-delta',
  'wave-component',
  'wave-integration',
  'wave-doc-closure',
  'wave-eval',
  'wave-security',
  'wave-gate',
  'wave-gap',
  'wave-verdict',
] as const;
export type MarkerName = (typeof MARKER_NAMES)[number];

// A marker must start its line, optionally indented and optionally wrapped in backticks.
const MARKER_LINE = /^\s*`*\[(wave-[a-z-]+)\]\s*(.*?)`*\s*$/;

type Fields = Record<string, string>;

class MarkerError extends Error {}

/** Splits `k=v k2=v2 detail=free text` into fields; `detail` takes the rest of the line. */
export function parseMarkerFields(body: string): Fields {
  const fields: Fields = {};
  const detailAt = body.search(/(^|\s)detail=/);
  const head = detailAt === -1 ? body : body.slice(0, detailAt);
  if (detailAt !== -1) fields.detail = body.slice(body.indexOf('detail=', detailAt) + 'detail='.length).trim();
  for (const token of head.trim().split(/\s+/).filter(Boolean)) {
    const eq = token.indexOf('=');
    if (eq <= 0) throw new MarkerError(`expected key=value, found "${token}"`);
    fields[token.slice(0, eq)] = token.slice(eq + 1);
  }
  return fields;
}

function oneOf<T extends string>(fields: Fields, key: string, allowed: readonly T[]): T {
  const value = fields[key];
  if (value === undefined) throw new MarkerError(`missing ${key}= (expected one of ${allowed.join('|')})`);
  if (!(allowed as readonly string[]).includes(value)) throw new MarkerError(`${key}=${value} is not one of ${allowed.join('|')}`);
  return value as T;
}

function count(fields: Fields, key: string): number {
  const value = fields[key];
  if (value === undefined) return 0;
  if (!/^\d+$/.test(value)) throw new MarkerError(`${key}=${value} is not a non-negative integer`);
  return Number(value);
}

function list(fields: Fields, key: string): string[] {
  return (fields[key] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

const MET_GAP = ['met', 'gap'] as const;
const VERDICTS = ['pass', 'concerns', 'blocked'] as const;

/** Applies one marker to the summary; throws MarkerError when the marker is invalid. */
function applyMarker(summary: AgentSummary, name: MarkerName, body: string): void {
  const f = name === 'wave-verdict' ? {} : parseMarkerFields(body);
  const detail = f.detail ?? '';
  switch (name) {
    case 'wave-proof':
      summary.proof = {
        completion: oneOf(f, 'completion', COMPLETION_LEVELS),
        durability: oneOf(f, 'durability', DURABILITY_LEVELS),
        proof: oneOf(f, 'proof', PROOF_LEVELS),
        state: oneOf(f, 'state', MET_GAP),
        detail,
      };
      return;
    case 'wave-doc-delta':
      summary.docDelta = { state: oneOf(f, 'state', DOC_IMPACT_LEVELS), paths: list(f, 'paths'), detail };
      return;
    case 'wave-component': {
      if (!f.component) throw new MarkerError('missing component=<id>');
      summary.components[f.component] = {
        component: f.component,
        level: oneOf(f, 'level', COMPONENT_LEVELS),
        state: oneOf(f, 'state', MET_GAP),
        detail,
      };
      return;
    }
    case 'wave-integration':
      summary.integration = {
        state: oneOf(f, 'state', ['ready-for-doc-closure', 'needs-more-work'] as const),
        claims: count(f, 'claims'),
        conflicts: count(f, 'conflicts'),
        blockers: count(f, 'blockers'),
        detail,
      };
      return;
    case 'wave-doc-closure':
      summary.docClosure = { state: oneOf(f, 'state', ['closed', 'no-change', 'delta'] as const), paths: list(f, 'paths'), detail };
      return;
    case 'wave-eval':
      summary.eval = {
        state: oneOf(f, 'state', ['satisfied', 'needs-more-work', 'blocked'] as const),
        targets: count(f, 'targets'),
        benchmarks: count(f, 'benchmarks'),
        regressions: count(f, 'regressions'),
        targetIds: list(f, 'target_ids'),
        benchmarkIds: list(f, 'benchmark_ids'),
        detail,
      };
      return;
    case 'wave-security':
      summary.security = {
        state: oneOf(f, 'state', ['clear', 'concerns', 'blocked'] as const),
        findings: count(f, 'findings'),
        approvals: count(f, 'approvals'),
        detail,
      };
      return;
    case 'wave-gate': {
      const dimensions = {} as Record<GateDimension, GateVerdict>;
      for (const d of GATE_DIMENSIONS) dimensions[d] = oneOf(f, d, VERDICTS);
      summary.gate = { dimensions, detail };
      return;
    }
    case 'wave-gap':
      summary.gaps.push({ kind: oneOf(f, 'kind', ['architecture', 'integration', 'durability', 'ops', 'docs'] as const), detail });
      return;
    case 'wave-verdict': {
      const m = /^(\S+)\s*(?:detail=)?(.*)$/.exec(body.trim());
      const verdict = m?.[1] ?? '';
      if (!(VERDICTS as readonly string[]).includes(verdict))
        throw new MarkerError(`verdict "${verdict}" is not one of ${VERDICTS.join('|')}`);
      summary.verdict = { verdict: verdict as GateVerdict, detail: (m?.[2] ?? '').trim() };
      return;
    }
  }
}

export interface ParseOptions {
  /** Only this many bytes from the end of the log are read. */
  tailBytes?: number;
}

/** Builds an agent's summary from its own log text; last marker wins, every gap is kept. */
export function parseAgentLog(agentId: string, logText: string, options: ParseOptions = {}): AgentSummary {
  const summary: AgentSummary = { agentId, components: {}, gaps: [], invalid: [] };
  for (const line of tailLines(logText, options.tailBytes ?? DEFAULT_TAIL_BYTES)) {
    const m = MARKER_LINE.exec(line);
    if (!m) continue;
    const name = m[1]!;
    if (!(MARKER_NAMES as readonly string[]).includes(name)) {
      summary.invalid.push({ marker: name, line: line.trim(), reason: `unknown marker [${name}]` });
      continue;
    }
    try {
      applyMarker(summary, name as MarkerName, m[2]!);
    } catch (error) {
      if (!(error instanceof MarkerError)) throw error;
      summary.invalid.push({ marker: name, line: line.trim(), reason: error.message });
    }
  }
  return summary;
}

function tailLines(text: string, tailBytes: number): string[] {
  if (Buffer.byteLength(text) <= tailBytes) return text.split(/\r?\n/);
  const tail = Buffer.from(text).subarray(-tailBytes).toString('utf8');
  // The first line of a cut tail is partial; drop it rather than misread half a marker.
  return tail.split(/\r?\n/).slice(1);
}
